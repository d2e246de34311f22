package dev.weft.profile;

import dev.weft.profile.Figure.Unit;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hardware counters through Linux {@code perf stat} (Debian package {@code linux-perf}): on
 * this process for a window ({@link #attach}), or around an external command ({@link #wrap}).
 * Whether the machine allows it is found once, by {@code perf stat -e instructions true}.
 *
 * <p>Implementation notes: an attached session starts {@code perf stat -p PID -D -1} (events
 * disabled) with a control FIFO pair, and turns counting on and off by writing {@code enable} /
 * {@code disable} and reading {@code ack}, so that the counts cover exactly the window; it then
 * interrupts perf, which writes its counts (CSV, {@code -x,}) to a file.
 */
final class PerfStat {
    private static volatile String unavailable;
    private static volatile boolean probed;

    private PerfStat() {
    }

    /** Null when counters can be read here, else why not (one sentence). Probes once. */
    static String whyUnavailable() {
        if (!probed) {
            synchronized (PerfStat.class) {
                if (!probed) {
                    unavailable = probe();
                    probed = true;
                }
            }
        }
        return unavailable;
    }

    private static String probe() {
        try {
            Process p = new ProcessBuilder("perf", "stat", "-x,", "-e", "instructions", "true")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "perf stat did not finish within 10 s";
            }
            return diagnose(out, p.exitValue());
        } catch (IOException e) {
            return "perf is not installed (Debian package linux-perf)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing perf";
        }
    }

    /** Why {@code perf stat -e instructions true} printed {@code out} without a count, or null if it counted. */
    static String diagnose(String out, int exit) {
        Map<String, Figure> counts = parse(out);
        Figure instructions = counts.get("instructions");
        if (instructions != null && instructions.isAvailable()) {
            return null;
        }
        if (out.contains("<not supported>")) {
            return "perf stat reports the hardware events as <not supported>: this machine exposes no PMU"
                    + " (a VM without a virtual PMU)";
        }
        if (out.contains("perf_event_paranoid") || out.contains("Permission") || out.contains("Access to performance")) {
            return "perf may not read counters: raise permission (kernel.perf_event_paranoid <= 2, or CAP_PERFMON)";
        }
        if (out.contains("not found") || exit == 127) {
            return "perf is not installed for this kernel (Debian package linux-perf)";
        }
        return "perf stat counted no instructions (exit " + exit + "): " + out.strip().lines().findFirst().orElse("");
    }

    /** perf's CSV output ({@code -x,}): value,unit,event,… per line; {@code <not counted>} etc. become unavailable. */
    static Map<String, Figure> parse(String csv) {
        Map<String, Figure> counts = new HashMap<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",", -1);
            if (line.startsWith("#") || f.length < 3 || f[2].isBlank()) {
                continue;
            }
            String event = f[2].trim().replaceAll(":u$", "");
            String v = f[0].trim();
            if (v.startsWith("<")) {
                counts.put(event, Figure.unavailable(Unit.COUNT, "perf stat reports " + event + " as " + v));
            } else {
                try {
                    counts.put(event, Figure.of(Double.parseDouble(v), Unit.COUNT));
                } catch (NumberFormatException e) {
                    // a line perf prints that is not a count
                }
            }
        }
        return counts;
    }

    /** {@code command} run under perf stat, writing its counts to {@code out}. */
    static List<String> wrap(List<String> command, Path out) {
        List<String> wrapped = new ArrayList<>(List.of("perf", "stat", "-x,", "-o", out.toString(), "-e",
                HardwareCounters.EVENTS, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The counters perf wrote to {@code out} for a wrapped command. */
    static HardwareCounters read(Path out) {
        try {
            return HardwareCounters.of(parse(Files.readString(out)), "perf stat wrote no count for it");
        } catch (IOException e) {
            return HardwareCounters.unavailable("perf stat wrote no output: " + e.getMessage());
        }
    }

    /** Starts counting this process, disabled; call {@link Session#enable} to open the window. */
    static Session attach() throws IOException {
        return new Session(HardwareCounters.EVENTS);
    }

    /** Starts counting {@code events} (perf's names, comma-separated) on this process, disabled. */
    static Session attach(String events) throws IOException {
        return new Session(events);
    }

    /** perf stat attached to this process; one window. */
    static final class Session implements AutoCloseable {
        private final Path dir = Files.createTempDirectory("weft-perf");
        private final Path out = dir.resolve("counts.csv");
        private final Process perf;
        private final RandomAccessFile control;
        private final RandomAccessFile ack;

        Session(String events) throws IOException {
            Path ctl = dir.resolve("ctl");
            Path ackPath = dir.resolve("ack");
            mkfifo(ctl);
            mkfifo(ackPath);
            perf = new ProcessBuilder("perf", "stat", "-x,", "-o", out.toString(), "-e", events,
                    "-p", Long.toString(ProcessHandle.current().pid()), "-D", "-1",
                    "--control", "fifo:" + ctl + "," + ackPath)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("perf.log").toFile()).start();
            // Opened read-write, a FIFO does not wait for the other end: a perf that failed cannot hang us here.
            control = new RandomAccessFile(ctl.toFile(), "rw");
            ack = new RandomAccessFile(ackPath.toFile(), "rw");
        }

        void enable() throws IOException {
            command("enable");
        }

        void disable() throws IOException {
            command("disable");
        }

        private void command(String c) throws IOException {
            control.write((c + "\n").getBytes(StandardCharsets.US_ASCII));
            FutureTask<String> reply = new FutureTask<>(ack::readLine);
            Thread reader = Thread.ofVirtual().name("perf-ack").start(reply);
            try {
                String r = reply.get(5, TimeUnit.SECONDS);
                if (r == null || !r.replace("\0", "").strip().startsWith("ack")) {   // perf sends "ack\n" with its NUL
                    throw new IOException("perf stat answered '" + r + "' to '" + c + "'");
                }
            } catch (TimeoutException e) {
                reader.interrupt();
                throw new IOException("perf stat did not acknowledge '" + c + "' within 5 s (see its log in " + dir + ")");
            } catch (ExecutionException e) {
                throw new IOException("reading perf stat's acknowledgement failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for perf stat", e);
            }
        }

        /** Stops perf and reads its counts. */
        HardwareCounters finish() {
            Map<String, Figure> counts = stop();
            return counts == null ? HardwareCounters.unavailable(whyStopped)
                    : HardwareCounters.of(counts, "perf stat wrote no count for it");
        }

        private String whyStopped;

        /** Stops perf; its counts by event, or null (with {@code whyStopped} set). */
        Map<String, Figure> stop() {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
                if (!perf.waitFor(5, TimeUnit.SECONDS)) {
                    whyStopped = "perf stat did not stop within 5 s";
                    return null;
                }
                return parse(Files.readString(out));
            } catch (IOException e) {
                whyStopped = "could not stop perf stat or read its counts: " + e.getMessage();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                whyStopped = "interrupted while stopping perf stat";
                return null;
            }
        }

        @Override
        public void close() {
            perf.destroyForcibly();
            try {
                control.close();
                ack.close();
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }

        private static void mkfifo(Path p) throws IOException {
            try {
                int rc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor();
                if (rc != 0) {
                    throw new IOException("mkfifo " + p + " failed (exit " + rc + ")");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making a FIFO for perf", e);
            }
        }
    }
}
