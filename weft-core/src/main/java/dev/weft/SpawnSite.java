package dev.weft;

/**
 * Evidence, never thrown: where a task was spawned (recorded when
 * {@link EventLoop.Options#withSpawnStacks} is on), or where an orphan was when its loop closed.
 * Reports hand it to the diagnostics handler alone for an orphan, or to the failure handler as a
 * suppressed exception of the failure nobody joined.
 */
final class SpawnSite extends RuntimeException {
    SpawnSite(String message) {
        super(message);
    }
}
