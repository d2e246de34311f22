package dev.weft.diag;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * What the JVM knows of its own locks (monitors and {@code java.util.concurrent} locks), through
 * {@link ThreadMXBean}: whom a blocked platform thread waits for, so that the wait-for graph can
 * follow a cycle through JDK locks and Weft waits alike, and which threads the JVM itself finds
 * deadlocked, so that every report shows them. The JVM does not report on virtual threads.
 *
 * <p>Implementation notes: each call asks the JVM afresh (tens of microseconds); the graph asks
 * only when a search reaches a platform thread that is blocked outside Weft. Any failure of the
 * management API (it may be absent from a trimmed runtime) reads as "nothing known".
 */
final class JvmLocks {
    private static final int FRAMES = 32;

    /** A platform thread blocked on a JVM lock that another thread owns. */
    record Blocked(long threadId, String threadName, String lock, long ownerId, String ownerName,
                   StackTraceElement[] stack) {
    }

    private JvmLocks() {
    }

    /** What the thread {@code threadId} is blocked on, or null if it is not blocked on an owned lock. */
    static Blocked blockedOn(long threadId) {
        try {
            ThreadInfo info = mx().getThreadInfo(threadId, FRAMES);
            if (info == null || info.getLockOwnerId() < 0) {
                return null;
            }
            return new Blocked(threadId, info.getThreadName(), info.getLockName(), info.getLockOwnerId(),
                    info.getLockOwnerName(), info.getStackTrace());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** One line per thread the JVM finds deadlocked in its own locks; empty if none. */
    static List<String> deadlocked() {
        try {
            ThreadMXBean mx = mx();
            long[] ids = mx.findDeadlockedThreads();
            if (ids == null) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            for (ThreadInfo info : mx.getThreadInfo(ids, 1)) {
                if (info != null) {
                    StackTraceElement[] s = info.getStackTrace();
                    lines.add("thread '" + info.getThreadName() + "' waits for " + info.getLockName()
                            + " held by thread '" + info.getLockOwnerName() + "'"
                            + (s.length > 0 ? ", at " + s[0] : ""));
                }
            }
            return lines;
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    private static ThreadMXBean mx() {
        return ManagementFactory.getThreadMXBean();
    }
}
