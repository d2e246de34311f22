package dev.weft.pool;

/**
 * Thrown when the worker process running a job died before it answered: it exited, was killed
 * by a signal the pool did not send, or ran out of memory. {@link #report()} says how, with the
 * job, its input and the worker's last lines of stderr. Only that job fails: the pool starts a
 * replacement worker and every other job goes on. Also thrown, without running, for a job whose
 * input is quarantined because it crashed workers again and again.
 */
public class WorkerCrashedException extends RuntimeException {
    private final CrashReport report;

    public WorkerCrashedException(CrashReport report) {
        super(report.summary());
        this.report = report;
    }

    /** The forensics: job, input, exit status or signal, out-of-memory guess, stderr tail. */
    public CrashReport report() {
        return report;
    }
}
