package dev.weft.pool;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * How a process pool starts a worker: the command line ({@link WorkerCommand}), the start-up
 * cache's flags as they stand at that moment ({@link StartupCache}), the initializer frame that
 * goes first, and where the worker's stderr is copied.
 *
 * <p>Implementation notes: immutable but for the cache, which may appear while the pool runs
 * (its trainer ends): each start asks for the flags anew, so replacements start faster than the
 * first workers did. Thread-safe; starting takes milliseconds (fork and exec), so callers do it
 * outside their locks.
 */
final class Launcher {
    private final String poolName;
    private final WorkerCommand command;
    private final StartupCache cache;
    private final byte[] initializer;
    private final PrintStream forward;
    private final int maxFrameBytes;

    Launcher(String poolName, ProcessPool.Options options, AllowList allow, byte[] initializer) {
        this.poolName = poolName;
        this.command = WorkerCommand.build(options, allow);
        this.cache = StartupCache.of(options.startupCache, options.startupCacheDir, command);
        this.initializer = initializer;
        this.forward = options.forwardStderr ? System.err : null;
        this.maxFrameBytes = options.maxFrameBytes;
    }

    /** Starts worker number {@code index}, its reader threads, and sends it the initializer. */
    Worker start(int index, Worker.Listener listener) throws IOException {
        ProcessBuilder pb = initializer != null ? command.builder(cache.flags(), "--init") : command.builder(cache.flags());
        Worker w = Worker.launch(pb, index, forward, poolName, maxFrameBytes, listener);
        if (initializer != null) {
            w.enqueue(Frames.INIT, 0, initializer);
            w.flush();
        }
        return w;
    }

    /** Starts the start-up cache's trainer if there is no cache yet. */
    void trainCache() {
        cache.trainIfMissing(command);
    }

    StartupCache cache() {
        return cache;
    }

    /** The command the next worker starts with. */
    List<String> commandLine() {
        return command.line(cache.flags());
    }
}
