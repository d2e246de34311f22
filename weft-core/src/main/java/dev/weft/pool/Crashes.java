package dev.weft.pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a process pool makes of a worker that died while it ran a job: the crash report (how it
 * ended, whether it looks like running out of memory), whether the job runs again, and the
 * quarantine of inputs that crash workers again and again.
 *
 * <p>Out-of-memory evidence, strongest first: the worker's stderr names an
 * {@code OutOfMemoryError} (workers run with {@code -XX:+ExitOnOutOfMemoryError}, so the JVM
 * says so and exits); or a SIGKILL the pool did not send arrived while the kernel's count of
 * out-of-memory kills in this cgroup rose. A SIGKILL without that is reported as what it may be:
 * someone's {@code kill -9}, or the kernel's killer where its count cannot be read.
 *
 * <p>Implementation notes: not thread-safe; the dispatcher calls it under its lock. Crash
 * counts are kept per input digest for at most {@value #REMEMBERED} inputs, oldest forgotten first.
 */
final class Crashes {
    static final int REMEMBERED = 10_000;
    private static final System.Logger LOG = System.getLogger("dev.weft.pool");

    private final int retries;
    private final int quarantineAfter;
    private final long oomKillsAtOpen = oomKills();
    private final Map<String, Integer> byInput = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Map<String, CrashReport> quarantine = new LinkedHashMap<>();

    Crashes(int retries, int quarantineAfter) {
        this.retries = retries;
        this.quarantineAfter = quarantineAfter;
    }

    /**
     * The verdict on {@code job}, whose worker died: null if it is to run again on another
     * worker, else the exception to fail it with.
     */
    WorkerCrashedException triage(Worker w, ProcessJob job, int status, List<String> tail) {
        int signal = status > 128 && status <= 128 + 64 ? status - 128 : 0;
        Path errorFile = WorkerCommand.errorFile(w.pid);
        if (Files.exists(errorFile)) {
            tail = new ArrayList<>(tail);
            tail.add("(weft: the JVM itself crashed; its fatal-error log is " + errorFile + ")");
        }
        String oomLine = tail.stream().filter(l -> l.contains("OutOfMemoryError")).findFirst().orElse(null);
        boolean oom = oomLine != null;
        String evidence;
        if (oom) {
            evidence = "the worker reported " + oomLine.strip() + (oomLine.contains("Java heap space")
                    ? " (raise its heap with ProcessPool.Options.maxHeap)" : "");
        } else if (signal == 9) {
            long now = oomKills();
            oom = oomKillsAtOpen >= 0 && now > oomKillsAtOpen;
            evidence = oom ? "a SIGKILL the pool did not send, while the cgroup's oom_kill count rose from "
                    + oomKillsAtOpen + " to " + now + ": the kernel's out-of-memory killer"
                    : "a SIGKILL the pool did not send: someone's kill -9"
                    + (oomKillsAtOpen >= 0 ? " (the cgroup's oom_kill count did not rise)"
                    : ", or the kernel's out-of-memory killer (see dmesg)");
        } else {
            evidence = "no sign of running out of memory";
        }
        String digest = job.digest();
        int crashes = byInput.merge(digest, 1, Integer::sum);
        boolean quarantined = quarantineAfter > 0 && crashes >= quarantineAfter;
        CrashReport report = new CrashReport(job.task.name(), Inputs.describeJob(job.body), w.pid, status, signal, oom,
                evidence, tail, job.attempts, quarantined);
        if (quarantined) {
            quarantine.put(digest, report);
            LOG.log(System.Logger.Level.WARNING, "quarantined an input that crashed " + crashes + " workers; jobs with"
                    + " the same input now fail at once:\n" + report.toText());
            return new WorkerCrashedException(report);
        }
        if (job.attempts <= retries) {
            LOG.log(System.Logger.Level.INFO, "a worker crashed; running the job again on another worker:\n"
                    + report.toText());
            return null;
        }
        return new WorkerCrashedException(report);
    }

    /** The failure for a job whose input is quarantined, or null if it may run. */
    WorkerCrashedException refusal(ProcessJob job) {
        if (quarantine.isEmpty()) {
            return null;
        }
        CrashReport q = quarantine.get(job.digest());
        return q == null ? null : new WorkerCrashedException(q);
    }

    /** The report of each quarantined input, oldest first. */
    List<CrashReport> quarantined() {
        return List.copyOf(quarantine.values());
    }

    /** The kernel's count of out-of-memory kills in this cgroup, or -1 if it cannot be read. */
    static long oomKills() {
        for (String f : List.of("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control")) {
            try {
                for (String line : Files.readAllLines(Path.of(f))) {
                    if (line.startsWith("oom_kill ")) {
                        return Long.parseLong(line.substring(9).strip());
                    }
                }
            } catch (Exception e) {
                // not this cgroup layout
            }
        }
        return -1;
    }
}
