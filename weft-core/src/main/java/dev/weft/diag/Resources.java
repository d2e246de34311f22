package dev.weft.diag;

import dev.weft.Promise;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.WaitQueue;
import dev.weft.diag.DeadlockReport.Resource;
import dev.weft.spi.UserFrames;

/**
 * How reports name what parties wait for, and where they began to wait. The kernel's types are
 * known by class; the primitives of {@code dev.weft.sync} (which this package must not depend
 * on) by their simple class names.
 */
final class Resources {
    private Resources() {
    }

    /** A resource's name in reports: {@code task 'b'}, {@code fork-1}, {@code the task group of task 'a'}. */
    static String name(Object resource) {
        if (resource instanceof Task<?> t) {
            return "task '" + t.name() + "'";
        }
        if (resource instanceof TaskGroup g) {
            return "the task group of task '" + g.owner().name() + "'";
        }
        if (resource instanceof Promise<?> p) {
            return p.name();
        }
        return String.valueOf(resource);
    }

    /** What kind of resource it is; {@code known} tells whether the wait names who could end it. */
    static Resource kind(Object resource, boolean known) {
        if (resource instanceof Task<?>) {
            return Resource.TASK;
        }
        if (resource instanceof TaskGroup) {
            return Resource.GROUP;
        }
        if (resource instanceof Promise<?>) {
            return known ? Resource.RESULT : Resource.SIGNAL;
        }
        return switch (resource == null ? "" : resource.getClass().getSimpleName()) {
            case "Lock" -> Resource.LOCK;
            case "Semaphore" -> known ? Resource.SEMAPHORE : Resource.SIGNAL;
            case "Queue" -> known ? Resource.QUEUE : Resource.SIGNAL;
            case "Event", "Condition", "Barrier" -> Resource.SIGNAL;
            default -> known ? Resource.OTHER : Resource.SIGNAL;
        };
    }

    /** The waiter's party: {@code task 'a'} or {@code thread 'b'}. */
    static String party(WaitQueue.Waiter w) {
        return WaitQueue.describe(w.thread());
    }

    /** The user frame where {@code thread} waits now (its first frame outside Weft and the JDK). */
    static String where(Thread thread) {
        StackTraceElement[] stack = thread == Thread.currentThread()
                ? new Throwable().getStackTrace() : thread.getStackTrace();
        return where(stack);
    }

    static String where(StackTraceElement[] stack) {
        StackTraceElement f = UserFrames.first(stack);
        return f == null ? null : f.toString();
    }
}
