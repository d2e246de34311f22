package dev.weft.profile.bench;

/**
 * Runs the jobs on a process pool of {@code parallelism} worker JVMs. Needs
 * {@code dev.weft.pool.ProcessPool}, which this build of weft-core does not have yet.
 */
final class ProcessPoolRunner {
    private ProcessPoolRunner() {
    }

    static Runner open(int parallelism) {
        throw new UnsupportedOperationException("process pools are not in this build of weft-core"
                + " (dev.weft.pool.ProcessPool is still to come)");
    }
}
