package dev.weft.pool;

import java.util.List;

/**
 * What is known about a worker process that died while it ran a job: the job and its input,
 * how the process ended, whether that looks like running out of memory, and what it last wrote
 * to stderr. {@link #toText()} is the report a person reads; {@link #summary()} is its first line.
 *
 * @param job         the job's name ({@code process-pool-1 job 7}, or the name given to submit)
 * @param input       what the job was run on: a map chunk's items, a lambda's captured values
 * @param pid         the worker's process id
 * @param exitStatus  the status {@link Process#exitValue()} gave; 128 + N when killed by signal N
 * @param signal      the signal that killed it (read from a status above 128, as a shell does),
 *                    or 0 if it exited by itself
 * @param outOfMemory true if the evidence points at an out-of-memory death
 * @param evidence    why it looks, or does not look, like an out-of-memory death
 * @param stderrTail  the worker's last lines of stderr, oldest first
 * @param attempt     which run of the job this was: 1 for the first, 2 for the first retry…
 * @param quarantined true if this input has crashed workers often enough to be refused from now on
 */
public record CrashReport(String job, String input, long pid, int exitStatus, int signal, boolean outOfMemory,
                          String evidence, List<String> stderrTail, int attempt, boolean quarantined) {

    public CrashReport {
        stderrTail = List.copyOf(stderrTail);
    }

    /** How the process ended: {@code exit status 3} or {@code killed by signal 9 (SIGKILL), exit status 137}. */
    public String howItEnded() {
        return signal > 0 ? "killed by signal " + signal + " (" + signalName(signal) + "), exit status " + exitStatus
                : "exit status " + exitStatus;
    }

    /** One line: job, worker, how it ended. */
    public String summary() {
        return "worker " + pid + " running " + job + " crashed: " + howItEnded()
                + (outOfMemory ? ", probably out of memory" : "")
                + (quarantined ? "; its input is quarantined" : "")
                + (attempt > 1 ? " (attempt " + attempt + ")" : "");
    }

    /** The whole report, for a person. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("Worker crash\n");
        b.append("  job:         ").append(job).append('\n');
        b.append("  input:       ").append(input).append('\n');
        b.append("  worker pid:  ").append(pid).append('\n');
        b.append("  ended:       ").append(howItEnded()).append('\n');
        b.append("  memory:      ").append(evidence).append('\n');
        b.append("  attempt:     ").append(attempt).append(quarantined ? " (input quarantined)" : "").append('\n');
        b.append("  stderr tail:").append(stderrTail.isEmpty() ? " (empty)" : "").append('\n');
        for (String line : stderrTail) {
            b.append("    | ").append(line).append('\n');
        }
        return b.toString();
    }

    static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }

    @Override
    public String toString() {
        return summary();
    }
}
