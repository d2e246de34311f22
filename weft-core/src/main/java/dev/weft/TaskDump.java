package dev.weft;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link Weft#dumpTasks()}: every task of every running loop with its state, what it waits on
 * and for how long, who could end that wait, and its stack; then the plain threads waiting in
 * Weft, and the threads the JVM itself finds deadlocked in monitors and
 * {@code java.util.concurrent} locks.
 *
 * <p>Implementation notes: a loop's task list belongs to its carrier thread, so the list (and
 * each task's state) is taken on that thread: directly when the caller runs there, otherwise
 * through {@link EventLoop#callSoonThreadsafe} with a short wait. A loop that does not answer in
 * time — a task holds it, the very case a dump is for — is read without its help: such a
 * snapshot may miss a task that starts or ends meanwhile, and says so. Stacks are taken on the
 * calling thread. Output is bounded: at most {@value #MAX_TASKS} tasks with stacks of at most
 * {@value #MAX_FRAMES} frames.
 */
final class TaskDump {
    static final int MAX_TASKS = 5_000;
    static final int MAX_FRAMES = 24;
    private static final long ANSWER_MILLIS = 200;

    private final StringBuilder out = new StringBuilder();
    private int tasksShown;

    private TaskDump() {
    }

    /** The whole dump as text. */
    static String everything() {
        TaskDump d = new TaskDump();
        List<EventLoop> loops = EventLoop.running();
        d.out.append("Weft task dump: ").append(loops.size()).append(loops.size() == 1 ? " loop\n" : " loops\n");
        for (EventLoop loop : loops) {
            d.loop(loop);
        }
        d.threads();
        d.jvmDeadlocks();
        return d.out.toString();
    }

    /** One task's state as its loop sees it, taken on the loop's thread. */
    record Row(TaskImpl<?> task, String state) {
    }

    private void loop(EventLoop loop) {
        List<Row> rows;
        boolean racy = false;
        if (loop.inLoopThread()) {
            rows = loop.snapshot();
        } else {
            rows = askLoop(loop);
            if (rows == null) {
                racy = true;
                rows = loop.snapshot();
            }
        }
        out.append("\nLoop on thread '").append(loop.carrier().getName()).append("' (")
                .append(loop.options().virtualTime() ? "virtual time " + Duration.ofNanos(loop.nanoTime()) : "real time")
                .append(", ").append(loop.options().policy()).append("): ").append(rows.size())
                .append(rows.size() == 1 ? " task" : " tasks");
        if (racy) {
            EventLoop.Activity a = loop.activity();
            out.append(" — the loop did not answer within ").append(ANSWER_MILLIS).append(" ms")
                    .append(a.busy() ? ", a step holds it" : "").append("; read without its help");
        }
        out.append('\n');
        for (Row row : rows) {
            if (tasksShown++ == MAX_TASKS) {
                out.append("  … the dump stops at ").append(MAX_TASKS).append(" tasks\n");
                return;
            }
            task(row);
        }
    }

    private static List<Row> askLoop(EventLoop loop) {
        CompletableFuture<List<Row>> answer = new CompletableFuture<>();
        try {
            loop.callSoonThreadsafe(() -> answer.complete(loop.snapshot()));
            return answer.get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IllegalStateException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void task(Row row) {
        TaskImpl<?> t = row.task();
        out.append("  ").append(t.describe()).append(" #").append(t.id).append(": ").append(row.state());
        WaitQueue.Waiter w = t.currentWait;
        if (w != null && row.state().startsWith("waiting")) {
            waitOf(w);
        }
        if (t.cancelPending()) {
            out.append(" (cancelled)");
        }
        out.append('\n');
        stack(t.thread.getStackTrace());
    }

    private void waitOf(WaitQueue.Waiter w) {
        out.append(' ').append(seconds(System.nanoTime() - w.since())).append(" on ").append(w.resource());
        if (w.isTimed()) {
            out.append(" (timed)");
        }
        Thread[] wakers;
        try {
            wakers = w.wakers();
        } catch (RuntimeException e) {
            wakers = Wakers.ANYONE;
        }
        if (wakers.length > 0) {
            out.append(", which ");
            for (int i = 0; i < wakers.length && i < 8; i++) {
                out.append(i == 0 ? "" : ", ").append(WaitQueue.describe(wakers[i]));
            }
            out.append(wakers.length > 8 ? " and " + (wakers.length - 8) + " more" : "").append(" could end");
        }
    }

    private void threads() {
        List<WaitQueue.Waiter> waits = WaitQueue.threadWaits();
        if (waits.isEmpty()) {
            return;
        }
        out.append("\nPlain threads waiting in Weft: ").append(waits.size()).append('\n');
        for (WaitQueue.Waiter w : waits) {
            out.append("  ").append(WaitQueue.describe(w.thread())).append(": waiting");
            waitOf(w);
            out.append('\n');
            stack(w.thread().getStackTrace());
        }
    }

    private void jvmDeadlocks() {
        try {
            var mx = ManagementFactory.getThreadMXBean();
            long[] ids = mx.findDeadlockedThreads();
            if (ids == null) {
                return;
            }
            out.append("\nThreads the JVM finds deadlocked in monitors or java.util.concurrent locks:\n");
            for (ThreadInfo info : mx.getThreadInfo(ids, MAX_FRAMES)) {
                if (info != null) {
                    out.append("  thread '").append(info.getThreadName()).append("' waits for ")
                            .append(info.getLockName()).append(" held by thread '").append(info.getLockOwnerName())
                            .append("'\n");
                    stack(info.getStackTrace());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            out.append("\n(the JVM's own deadlock detection is not available: ").append(e).append(")\n");
        }
    }

    /** A stack without the frames of the park itself, at most {@link #MAX_FRAMES} frames. */
    private void stack(StackTraceElement[] frames) {
        int from = 0;
        while (from < frames.length - 1 && isParkFrame(frames[from])) {
            from++;
        }
        int shown = 0;
        for (int i = from; i < frames.length; i++) {
            if (shown++ == MAX_FRAMES) {
                out.append("      … ").append(frames.length - i).append(" more\n");
                break;
            }
            out.append("      at ").append(frames[i]).append('\n');
        }
    }

    /** The frames of parking, and of the dump itself when a task dumps itself. */
    private static boolean isParkFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.equals(WaitQueue.class.getName())
                || c.equals(TaskDump.class.getName()) || (c.equals(Weft.class.getName()) && f.getMethodName().equals("dumpTasks"));
    }

    static String seconds(long nanos) {
        return String.format("%.3f s", nanos / 1e9);
    }

    /** For {@link EventLoop#snapshot()}: a task's state as the loop sees it. */
    static Row row(TaskImpl<?> t, TaskImpl<?> running) {
        String state;
        if (t == running) {
            state = "running";
        } else if (t.queued) {
            state = "ready";
        } else if (t.currentWait != null) {
            state = "waiting";
        } else if (t.blockedOutside) {
            state = "blocked in a JDK call";
        } else {
            state = "starting";
        }
        return new Row(t, state);
    }

    /** Builds the rows of a loop's live tasks, oldest first; on the loop's thread, or racily. */
    static List<Row> rows(TaskImpl<?> head, TaskImpl<?> running) {
        List<Row> rows = new ArrayList<>();
        try {
            for (TaskImpl<?> t = head; t != null && rows.size() <= MAX_TASKS; t = t.nextLive) {
                rows.add(row(t, running));
            }
        } catch (RuntimeException e) {
            // A racy read met a task as it ended: keep what was read.
        }
        return rows.reversed();
    }
}
