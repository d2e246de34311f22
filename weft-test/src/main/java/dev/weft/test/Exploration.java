package dev.weft.test;

/**
 * What an {@link Explorer} found: nothing in {@link #schedulesRun()} schedules, or the first
 * schedule that failed, with its seed, its failure and a readable trace.
 *
 * <p>{@link #failingSeed()} alone replays the failure ({@link Explorer#replay}), whatever
 * strategy found it: the seed carries the strategy, PCT's depth and its step bound.
 * {@link #toString()} is the whole report — seed, failure, trace and a one-line command that
 * replays it.
 */
public final class Exploration {
    private final boolean failed;
    private final long failingSeed;
    private final Throwable failure;
    private final String trace;
    private final int schedulesRun;
    private final String header;
    private final String replayCommand;

    Exploration(boolean failed, long failingSeed, Throwable failure, String trace, int schedulesRun,
                String header, String replayCommand) {
        this.failed = failed;
        this.failingSeed = failingSeed;
        this.failure = failure;
        this.trace = trace;
        this.schedulesRun = schedulesRun;
        this.header = header;
        this.replayCommand = replayCommand;
    }

    /** True if some schedule broke the scenario: an assertion, a deadlock, an unhandled failure, a time-out, a leak. */
    public boolean failed() {
        return failed;
    }

    /** The seed of the failing schedule. @throws IllegalStateException if nothing failed */
    public long failingSeed() {
        requireFailed("failingSeed");
        return failingSeed;
    }

    /** The failure the failing schedule ended with, or null if nothing failed. */
    public Throwable failure() {
        return failure;
    }

    /**
     * The interleaving that fails, step by step: which task or thread ran, whom it preempted,
     * the switch points it reached and what it waited on. Shrunk, where that was possible,
     * to a run with fewer switches that fails the same way; empty if nothing failed.
     */
    public String trace() {
        return trace;
    }

    /** How many schedules ran, the failing one included. */
    public int schedulesRun() {
        return schedulesRun;
    }

    /** The command line that replays the failure, or null if nothing failed. */
    public String replayCommand() {
        return failed ? replayCommand.replace("{seed}", Long.toString(failingSeed)) : null;
    }

    private void requireFailed(String what) {
        if (!failed) {
            throw new IllegalStateException(what + ": no schedule failed in " + schedulesRun + " schedules");
        }
    }

    /** The report: the seed, the failure, the trace and the replay command. */
    @Override
    public String toString() {
        if (!failed) {
            return header;
        }
        return header + "\ntrace:\n" + trace + "replay: " + replayCommand() + "\n";
    }
}
