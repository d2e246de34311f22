package dev.weft.profile.bench;

import dev.weft.profile.Classifier;
import dev.weft.profile.Execution;
import dev.weft.profile.Machine;
import dev.weft.profile.Profile;
import dev.weft.profile.Profiler;
import dev.weft.profile.Verdict;
import dev.weft.profile.suite.Suite;
import dev.weft.profile.suite.Workload;
import dev.weft.profile.bench.BenchResults.Cell;
import dev.weft.profile.bench.BenchResults.Classified;
import dev.weft.profile.bench.BenchResults.Skipped;
import dev.weft.profile.bench.BenchResults.WorkloadResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@link BenchPlan}: each workload sequentially first (the baseline), then under every
 * other mode at every parallelism level, timing whole batches of jobs; the result says how long
 * each took and its speedup over the baseline.
 *
 * <pre>{@code
 * BenchResults r = new Bench(BenchPlan.quick(), progress).run();
 * System.out.print(BenchTable.render(r));
 * }</pre>
 *
 * <p>Implementation notes: before any timing, each workload is prepared, warmed up and timed
 * unit by unit, which sets how many units a job gets (the batch should take the plan's
 * sequential target); then, optionally, classified. A runner is opened once per mode and level
 * and runs every workload's batches, after one untimed warm-up batch (for a process pool, it is
 * where each worker prepares its data and compiles). A mode this build cannot run is skipped
 * with why.
 */
public final class Bench {
    /** How long a workload runs before anything of it is timed, in this JVM or a worker's. */
    static final Duration WARM_UP = Duration.ofMillis(100);
    private final BenchPlan plan;
    private final Progress progress;

    public Bench(BenchPlan plan, Progress progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /**
     * Runs the plan. The workloads' data is freed at the end, whatever happens.
     *
     * <p><b>Cancellation.</b> Waits on each batch ({@link Runner#runAll}); an interrupt ends the run
     * with the runner closed and the data freed, and nothing is reported.
     */
    public BenchResults run() throws Exception {
        long start = System.nanoTime();
        String started = Instant.now().toString();
        Machine machine = Machine.current();
        try {
            Map<String, Calibrated> calibrated = new LinkedHashMap<>();
            for (String name : plan.workloads()) {
                calibrated.put(name, calibrate(name));
            }
            Map<String, List<Cell>> cells = new LinkedHashMap<>();
            for (Calibrated c : calibrated.values()) {
                cells.put(c.workload.name(), new ArrayList<>(List.of(baseline(c))));
            }
            List<Skipped> skipped = new ArrayList<>();
            for (Execution e : plan.executions().subList(1, plan.executions().size())) {
                for (int p : plan.parallelism()) {
                    if (!runLevel(e, p, machine.cores(), calibrated, cells, skipped)) {
                        break;
                    }
                }
            }
            List<WorkloadResult> results = new ArrayList<>();
            for (Calibrated c : calibrated.values()) {
                results.add(new WorkloadResult(c.workload.name(), c.workload.label(), c.workload.shape(), plan.jobs(),
                        c.unitsPerJob, c.unitSeconds, c.verdict, cells.get(c.workload.name())));
            }
            progress.finish();
            return new BenchResults(plan.name(), started, (System.nanoTime() - start) / 1e9, machine.describe(),
                    machine.cores(), Runtime.version().toString(), results, skipped, Optional.empty());
        } finally {
            PreparedWorkloads.closeAll();
        }
    }

    /** A workload ready to time: its unit's cost, its job size, and what the classifier said. */
    private record Calibrated(Workload workload, double unitSeconds, int unitsPerJob, Classified verdict) {
        List<Job> batch(int jobs) {
            return Collections.nCopies(jobs, new Job(workload.name(), unitsPerJob));
        }
    }

    private Calibrated calibrate(String name) throws Exception {
        Workload w = Suite.find(name).orElseThrow(() -> new IllegalArgumentException(
                "no suite workload named '" + name + "'; the suite has: " + Suite.names()));
        progress.doing("preparing " + name);
        Workload.Prepared p = PreparedWorkloads.warm(name, WARM_UP);
        long begin = System.nanoTime();
        int units = p.runFor(Duration.ofMillis(100));
        double unitSeconds = (System.nanoTime() - begin) / 1e9 / units;
        int perJob = (int) Math.max(1, Math.round(plan.sequentialTarget().toNanos() / 1e9 / plan.jobs() / unitSeconds));
        Classified verdict = null;
        if (plan.classify()) {
            progress.doing("classifying " + name);
            Profile profile = Profiler.measure(() -> p.runFor(Duration.ofMillis(250)));
            Verdict v = Classifier.classify(profile);
            verdict = new Classified(v.bound(), v.headline(), v.recommendation().describe());
        }
        return new Calibrated(w, unitSeconds, perJob, verdict);
    }

    private Cell baseline(Calibrated c) throws Exception {
        try (Runner r = Runner.open(Execution.SEQUENTIAL, 1, 1)) {
            Cell cell = time(r, c, 0);
            progress.step(c.workload.name() + " sequential", seconds(cell.seconds()));
            return new Cell(cell.execution(), 1, cell.samples(), cell.seconds(), 1.0);
        }
    }

    /** Times every workload under one mode and level; false (with the mode skipped) when it cannot run here. */
    private boolean runLevel(Execution e, int p, int cores, Map<String, Calibrated> calibrated,
                             Map<String, List<Cell>> cells, List<Skipped> skipped) throws Exception {
        Runner runner;
        try {
            runner = Runner.open(e, p, cores, List.copyOf(calibrated.keySet()));
        } catch (UnsupportedOperationException unsupported) {
            skipped.add(new Skipped(e, unsupported.getMessage()));
            progress.note("skipping " + e.label() + ": " + unsupported.getMessage());
            for (int i = 0; i < plan.parallelism().size() * calibrated.size(); i++) {
                progress.step(e.label(), "skipped");
            }
            return false;
        }
        try (runner) {
            for (Calibrated c : calibrated.values()) {
                progress.doing(c.workload.name() + " " + runner.describe() + " (warm-up)");
                runner.runAll(Collections.nCopies(Math.max(p, 2), new Job(c.workload.name(), 1)));
                List<Cell> list = cells.get(c.workload.name());
                Cell cell = time(runner, c, list.getFirst().seconds());
                list.add(cell);
                progress.step(c.workload.name() + " " + runner.describe(), seconds(cell.seconds())
                        + String.format(Locale.ROOT, " (%.2fx)", cell.speedup()));
            }
        }
        return true;
    }

    private Cell time(Runner runner, Calibrated c, double baseline) throws Exception {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < plan.repetitions(); i++) {
            progress.doing(c.workload.name() + " " + runner.describe() + " (run " + (i + 1) + ")");
            List<Job> batch = c.batch(plan.jobs());
            long t0 = System.nanoTime();
            runner.runAll(batch);
            samples.add((System.nanoTime() - t0) / 1e9);
        }
        List<Double> sorted = samples.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        return new Cell(runner.execution(), runner.parallelism(), samples, median, baseline > 0 ? baseline / median : 1.0);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }
}
