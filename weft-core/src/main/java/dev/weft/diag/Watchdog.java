package dev.weft.diag;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.WaitQueue;
import dev.weft.spi.LoopObserver;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread, {@code weft-watchdog}, that samples every running loop, like asyncio's
 * debug mode but always on:
 * <ul>
 * <li><b>Stalls.</b> A task step or callback that holds its loop longer than the loop's stall
 *     threshold (100 ms by default) is reported once, when it ends, with the stack it had while
 *     it held the loop and for how long it did; one still holding the loop after ten thresholds
 *     (at least a second) is reported then.
 * <li><b>Swallowed cancellations.</b> A cancelled task that parked in a JDK call instead of
 *     unwinding, and still waits there a threshold later, is reported once with its stack.
 * <li><b>Mixed cycles.</b> Every second, the untimed Weft waits of plain threads older than a
 *     second are checked again, for cycles that a JVM lock closed after the Weft wait began
 *     (the JVM tells no one when a thread blocks on a monitor).
 * </ul>
 * It also registers {@link WeftMXBean} so that {@code weft dump PID} can print a running
 * program's tasks, once a loop has run for a second (short runs, tests among them, never pay
 * for starting the platform MBean server).
 *
 * <p>Implementation notes: the thread starts with the first loop (or the first plain thread to
 * wait in Weft without a time limit); while no loop runs it wakes once a second. It samples every quarter of the smallest threshold (between 2 ms and 250 ms), so a stall is
 * caught once it has lasted a threshold and a quarter, and its length is known to within a
 * quarter threshold. A step is one value of {@link EventLoop.Activity#steps()} seen busy on
 * consecutive samples; reading it costs the loop nothing. All state here belongs to the
 * watchdog thread, except the queues that loops add to.
 */
public final class Watchdog implements LoopObserver {
    private static final Map<EventLoop, Sampler> LOOPS = new ConcurrentHashMap<>();
    private static final Map<Task<?>, Cancelled> CANCELLED = new ConcurrentHashMap<>();
    private static final Set<Task<?>> REPORTED = Collections.newSetFromMap(new WeakHashMap<>());
    private static final int MAX_CANCELLED = 10_000;
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static volatile Thread thread;

    /** For {@link java.util.ServiceLoader}. */
    public Watchdog() {
    }

    @Override
    public void loopStarted(EventLoop loop) {
        if (!Tracked.ENABLED) {
            return;
        }
        LOOPS.put(loop, new Sampler(loop));
        WaitQueue.tick(System.nanoTime()); // the clock may have stood still while no loop ran
        Thread t = thread;
        if (t == null) {
            start();
        } else {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void loopClosed(EventLoop loop) {
        LOOPS.remove(loop);
    }

    @Override
    public void cancelledTaskBlocked(EventLoop loop, Task<?> task, Thread taskThread) {
        if (Tracked.ENABLED && !loop.options().stallThreshold().isZero() && CANCELLED.size() < MAX_CANCELLED) {
            CANCELLED.putIfAbsent(task, new Cancelled(loop, task, taskThread, System.nanoTime()));
        }
    }

    /** Starts the watchdog if it is not running yet: plain threads' waits need its rechecks too. */
    static void ensureRunning() {
        if (thread == null && Tracked.ENABLED) {
            start();
        }
    }

    private static synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("weft-watchdog").start(Watchdog::watch);
        }
    }

    private static void watch() {
        boolean registered = false;
        long lastRecheck = System.nanoTime();
        while (true) {
            long tick = tick();
            LockSupport.parkNanos(tick);
            long now = System.nanoTime();
            WaitQueue.tick(now);
            for (Sampler s : LOOPS.values()) {
                s.sample(now, tick);
            }
            cancellations(now);
            if (now - lastRecheck >= RECHECK_NANOS) {
                lastRecheck = now;
                recheckThreads(now);
                if (!registered && LOOPS.values().stream().anyMatch(s -> now - s.started >= RECHECK_NANOS)) {
                    registered = true;
                    WeftMXBean.register();
                }
            }
        }
    }

    /** A quarter of the smallest stall threshold; a second when no loop wants watching. */
    private static long tick() {
        long min = Long.MAX_VALUE;
        for (Sampler s : LOOPS.values()) {
            long t = s.loop.options().stallThreshold().toNanos();
            if (t > 0) {
                min = Math.min(min, t);
            }
        }
        if (min == Long.MAX_VALUE) {
            // No loop watches for stalls; a quarter second still keeps the wait-start clock close.
            return LOOPS.isEmpty() ? RECHECK_NANOS : TimeUnit.MILLISECONDS.toNanos(250);
        }
        return Math.clamp(min / 4, TimeUnit.MILLISECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(250));
    }

    /**
     * A cancelled task first seen parked in a JDK call a threshold ago, and parked there now, has
     * swallowed its cancellation; one that ended meanwhile is forgotten.
     */
    private static void cancellations(long now) {
        for (Iterator<Cancelled> it = CANCELLED.values().iterator(); it.hasNext(); ) {
            Cancelled c = it.next();
            if (c.task.isDone()) {
                it.remove();
                continue;
            }
            Thread.State state = c.thread.getState();
            boolean waits = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.BLOCKED;
            if (now - c.since < c.loop.options().stallThreshold().toNanos() || !waits) {
                continue;
            }
            it.remove();
            synchronized (REPORTED) {
                if (!REPORTED.add(c.task)) {
                    continue;
                }
            }
            String what = WaitQueue.describe(c.thread) + " was cancelled " + millis(now - c.since)
                    + " ago but keeps waiting in a JDK call instead of unwinding: something caught the"
                    + " InterruptedException (or cleared the interrupt) and carried on";
            c.loop.report(what, new Diagnosis(Diagnosis.Kind.SWALLOWED_CANCELLATION, what, c.thread.getStackTrace()));
        }
    }

    private static void recheckThreads(long now) {
        for (WaitQueue.Waiter w : WaitQueue.threadWaits()) {
            if (w.isWaiting() && !w.isTimed() && now - w.since() >= RECHECK_NANOS) {
                WaitForGraph.check(w, null);
            }
        }
    }

    static String millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
    }

    /** A task that parked in a JDK call with a cancellation pending, and when that was first seen. */
    private record Cancelled(EventLoop loop, Task<?> task, Thread thread, long since) {
    }

    /** One loop's samples: the step seen busy, since when, and whether it is a stall yet. */
    private static final class Sampler {
        final EventLoop loop;
        final long started = System.nanoTime();
        long step = -1;
        long firstSeen;
        long lastSeen;
        StackTraceElement[] stack;
        String culprit;
        boolean reported;

        Sampler(EventLoop loop) {
            this.loop = loop;
        }

        void sample(long now, long tick) {
            long threshold = loop.options().stallThreshold().toNanos();
            EventLoop.Activity a = loop.activity();
            if (threshold > 0 && a.busy() && a.steps() == step) {
                lastSeen = now;
                if (stack == null && now - firstSeen >= threshold) {
                    stack = a.thread().getStackTrace();
                    culprit = a.task() != null ? WaitQueue.describe(a.thread()) : "a callback";
                }
                long giveUp = Math.max(10 * threshold, TimeUnit.SECONDS.toNanos(1));
                if (stack != null && !reported && now - firstSeen >= giveUp) {
                    report(" and still holds it");
                }
                return;
            }
            if (stack != null && !reported) {
                report("");
            }
            step = a.busy() ? a.steps() : -1;
            firstSeen = now;
            lastSeen = now;
            stack = null;
            reported = false;
        }

        private void report(String still) {
            reported = true;
            long held = lastSeen - firstSeen;
            String what = culprit + " held its loop for at least " + millis(held) + still
                    + " (stall threshold " + millis(loop.options().stallThreshold().toNanos())
                    + "): no other task of the loop ran meanwhile. Move CPU-bound work to Weft.toThread or a"
                    + " pool, or yield (Weft.yieldNow) now and then";
            loop.report(what, new Diagnosis(Diagnosis.Kind.STALL, what, stack));
        }
    }
}
