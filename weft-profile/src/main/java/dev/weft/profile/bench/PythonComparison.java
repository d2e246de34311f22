package dev.weft.profile.bench;

import dev.weft.profile.Bound;
import dev.weft.profile.bench.BenchResults.PythonResults;
import dev.weft.profile.bench.BenchResults.PythonRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the same four classes of work in CPython ({@code compare.py}, shipped in this package)
 * with {@code threading}, {@code multiprocessing} and {@code asyncio}, so that the report puts
 * the GIL's effect beside Weft's figures. Needs {@code python3} on the PATH; without it the
 * results are returned as they were, and the progress says why.
 */
public final class PythonComparison {
    private static final long TIMEOUT_SECONDS = 600;

    private PythonComparison() {
    }

    /** {@code results} with the CPython rows added, at the plan's levels, jobs and target. */
    public static BenchResults addTo(BenchResults results, BenchPlan plan, Progress progress) throws IOException {
        progress.doing("CPython: threading, multiprocessing, asyncio");
        Optional<PythonResults> python = run(plan);
        if (python.isEmpty()) {
            progress.note("--compare-python: python3 is not on the PATH, so CPython was not run");
        }
        progress.step("CPython", python.map(p -> p.rows().size() + " cells").orElse("not run"));
        progress.finish();
        return new BenchResults(results.plan(), results.started(), results.seconds(), results.machine(), results.cores(),
                results.java(), results.workloads(), results.skipped(), python);
    }

    /**
     * Runs compare.py; empty when python3 cannot be started.
     *
     * <p><b>Cancellation.</b> Waits for the script (at most 10 minutes); an interrupt throws
     * {@link java.util.concurrent.CancellationException} and the script is killed.
     *
     * @throws IOException if the script fails or prints what it should not (its output is in the message)
     */
    public static Optional<PythonResults> run(BenchPlan plan) throws IOException {
        Path script = Files.createTempFile("weft-compare", ".py");
        Process p = null;
        try (InputStream in = PythonComparison.class.getResourceAsStream("compare.py")) {
            if (in == null) {
                throw new IOException("compare.py is missing from weft-profile's resources");
            }
            Files.write(script, in.readAllBytes());
            String levels = plan.parallelism().stream().map(String::valueOf).collect(Collectors.joining(","));
            try {
                p = new ProcessBuilder("python3", script.toString(), "--levels", levels, "--jobs",
                        Integer.toString(plan.jobs()), "--target",
                        String.format(Locale.ROOT, "%.3f", plan.sequentialTarget().toNanos() / 1e9))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("compare.py did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("compare.py failed (exit " + p.exitValue() + "); it printed:\n" + out);
            }
            return Optional.of(parse(out));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while running compare.py");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** compare.py's lines: VERSION v, then ROW class mode parallelism seconds; speedups over its sequential row. */
    static PythonResults parse(String out) throws IOException {
        String version = "unknown";
        List<String[]> raw = new ArrayList<>();
        Map<String, Double> sequential = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\t");
            if (f[0].equals("VERSION") && f.length == 2) {
                version = f[1];
            } else if (f[0].equals("ROW") && f.length == 5) {
                raw.add(f);
                if (f[2].equals("sequential")) {
                    sequential.put(f[1], Double.parseDouble(f[4]));
                }
            } else if (!line.isBlank()) {
                throw new IOException("compare.py printed a line it should not have: " + line);
            }
        }
        List<PythonRow> rows = new ArrayList<>();
        for (String[] f : raw) {
            double seconds = Double.parseDouble(f[4]);
            Double base = sequential.get(f[1]);
            if (base == null) {
                throw new IOException("compare.py gave no sequential time for " + f[1]);
            }
            rows.add(new PythonRow(Bound.valueOf(f[1]), f[2], Integer.parseInt(f[3]), seconds, base / seconds));
        }
        return new PythonResults(version, rows);
    }
}
