package dev.weft;

import dev.weft.spi.Instrument;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/**
 * The one fair wait queue under every Weft primitive — locks, semaphores, events, conditions,
 * barriers, queues, task joins and promises — for tasks and plain threads alike.
 *
 * <p>A primitive guards its own state and this queue with one monitor, the {@code lock} given
 * at construction. Under that monitor it checks its state and, if it must wait,
 * {@link #enqueue enqueues} a {@link Waiter}; it then leaves the monitor and calls
 * {@link #await}. Whoever changes the state later {@link #wake wakes} waiters, again under the
 * monitor, handing each a value (a lock's ownership, a queue's item). Handing over directly,
 * instead of letting woken waiters race for the state, is what makes every primitive
 * first-come first-served.
 *
 * <p>A task that waits suspends, and its loop runs other tasks; a plain thread blocks. A wait
 * is a cancellation point for both: a task's cancellation, or a thread's interrupt, removes
 * the waiter from the queue and throws {@link CancellationException}. If the waiter was
 * granted its value before it noticed the cancellation, the grant wins and the cancellation is
 * seen at the next waiting point, so nothing handed over is ever lost.
 *
 * <p>Every wait without a time limit is shown to the {@link WaitObserver} (the wait-for graph of
 * {@code dev.weft.diag}) just before the waiter parks, with the {@link Wakers} the queue was
 * built with: who could end it. A wait with a limit — its own timeout, or a
 * {@link Weft#withTimeout} around it — always ends, so it is never part of a deadlock.
 *
 * <p>Implementation notes: the list and every waiter's {@code status} change only under
 * {@code lock}; {@code status} is volatile so the waiting thread can read it without the
 * monitor. Timed waits of tasks use their loop's clock (virtual time works), of threads the
 * system clock. What a task waits on is published in {@code TaskImpl.currentWait}, what a plain
 * thread waits on in {@link WaitRegistry}, both before the observer is called, so that of two
 * parties closing a cycle at the same moment at least one sees the other's wait.
 */
public final class WaitQueue {
    /** What {@link #await} returns when the time ran out. */
    public static final Object TIMED_OUT = new Object() {
        @Override
        public String toString() {
            return "TIMED_OUT";
        }
    };

    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int EXPIRED = 2;
    private static final int ABANDONED = 3;
    private static final int REFUSED = 4;

    private final Object lock;
    private final Object resource;
    private final Wakers wakers;
    private Waiter head;
    private Waiter tail;
    private int size;
    private long waits;
    private long timeouts;
    private long cancellations;

    /**
     * @param lock the monitor that guards this queue and the primitive's state; null for this queue
     * @param resource what waiters wait on, for diagnostics (usually the primitive)
     */
    public WaitQueue(Object lock, Object resource) {
        this(lock, resource, null);
    }

    /**
     * A queue whose waiters only {@code wakers} can wake, as far as diagnostics know: the
     * wait-for graph follows them to find deadlocks.
     *
     * @param wakers who could end a wait on this queue; null for anyone
     */
    public WaitQueue(Object lock, Object resource, Wakers wakers) {
        this.lock = lock == null ? this : lock;
        this.resource = resource;
        this.wakers = wakers;
    }

    /** What {@code thread} (a task's virtual thread, or a plain thread) waits on in Weft now, or null. */
    public static Waiter currentWait(Thread thread) {
        if (thread.isVirtual() && VirtualThreads.schedulerOf(thread) instanceof TaskImpl<?> task) {
            return task.currentWait;
        }
        return WaitRegistry.ofThread(thread.threadId());
    }

    /** What the plain thread with id {@code threadId} waits on in Weft now, or null. */
    public static Waiter currentWait(long threadId) {
        return WaitRegistry.ofThread(threadId);
    }

    /** Every plain thread's Weft wait right now (tasks' waits are found through their loops). */
    public static List<Waiter> threadWaits() {
        return WaitRegistry.threadWaits();
    }

    /**
     * The time, on {@link System#nanoTime()}, as a diagnostics thread that wakes every few
     * milliseconds anyway last saw it ({@link #tick}); 0 while none runs. A task's wait reads its
     * start from here: one field read instead of a clock read on every wait of the hot path.
     */
    private static volatile long coarseNanos;

    /**
     * For a diagnostics thread that wakes at least every quarter second (a watchdog): publishes
     * {@code nanoTime}, so that the starts of tasks' waits are known to within its period.
     */
    public static void tick(long nanoTime) {
        coarseNanos = nanoTime;
    }

    private static long taskWaitStart() {
        long coarse = coarseNanos;
        return coarse != 0 ? coarse : System.nanoTime();
    }

    /** One waiting task or thread, with what it brought ({@code payload}) and what it is handed. */
    public static final class Waiter {
        final WaitQueue queue;
        final Thread thread;
        final TaskImpl<?> task;
        final Object payload;
        final long since;
        volatile int status;
        boolean timed;
        boolean cancellable;
        Object value;
        Waiter prev;
        Waiter next;

        Waiter(WaitQueue queue, Thread thread, TaskImpl<?> task, Object payload) {
            this.queue = queue;
            this.thread = thread;
            this.task = task;
            this.payload = payload;
            this.since = task != null ? taskWaitStart() : System.nanoTime();
        }

        /** What it waits on: the primitive, task or promise the queue was built for. */
        public Object resource() {
            return queue.resource;
        }

        /** Who could end this wait now; {@link Wakers#ANYONE} when anyone could. See {@link Wakers}. */
        public Thread[] wakers() {
            Wakers w = queue.wakers;
            if (w == null) {
                return Wakers.ANYONE;
            }
            Thread[] parties = w.parties();
            return parties == null ? Wakers.ANYONE : parties;
        }

        /** True while it still waits: not yet woken, timed out, cancelled or refused. */
        public boolean isWaiting() {
            return status == WAITING;
        }

        /**
         * True if the wait has a time limit, its own or a timeout scope's around it: it will end,
         * so it never makes a deadlock.
         */
        public boolean isTimed() {
            return timed;
        }

        /** True if a cancellation (or a refusal) may end this wait; false for structured waits. */
        public boolean isCancellable() {
            return cancellable;
        }

        /**
         * Ends this wait by throwing {@code failure} in the waiter (its stack trace refilled there),
         * as a cancellation would end it, unless it was woken first. For diagnostics that find a
         * wait can never end.
         *
         * @return true if the waiter will throw {@code failure}
         * @throws IllegalStateException if the wait is not cancellable
         */
        public boolean refuse(RuntimeException failure) {
            if (!cancellable) {
                throw new IllegalStateException("a structured wait cannot be refused: " + this);
            }
            return queue.leave(this, REFUSED, java.util.Objects.requireNonNull(failure, "failure"));
        }

        /**
         * When the wait began, on {@link System#nanoTime()}: exact for a plain thread, to within
         * a watchdog tick for a task (see {@link #tick}).
         */
        public long since() {
            return since;
        }

        /** The waiting task's loop, or null for a plain thread. */
        public EventLoop loop() {
            return task == null ? null : task.loop;
        }

        /** What the waiter brought: an item to put, a count of permits, or null. */
        public Object payload() {
            return payload;
        }

        /** The waiting thread (a task's virtual thread for a task). */
        public Thread thread() {
            return thread;
        }

        /** The waiting task, or null for a plain thread. */
        public Task<?> task() {
            return task;
        }

        @Override
        public String toString() {
            return describe(thread) + " waiting on " + queue.resource;
        }
    }

    /** Counters for reports: waiting now, waits ever begun, how many timed out or were cancelled. */
    public record Statistics(int waiting, long waits, long timeouts, long cancellations) {
    }

    /**
     * Puts the calling task or thread at the back of the queue. Caller holds {@code lock}.
     *
     * @throws IllegalStateException on a loop's own thread outside any task, where waiting
     *         would stall every task of that loop
     */
    public Waiter enqueue(Object payload) {
        Thread me = Thread.currentThread();
        TaskImpl<?> task = TaskImpl.current();
        if (task == null && EventLoop.carrierLoop() != null) {
            throw new IllegalStateException("cannot wait on " + resource
                    + " in a loop callback: it would stall the loop; spawn a task to wait");
        }
        Waiter w = new Waiter(this, me, task, payload);
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
            w.prev = tail;
        }
        tail = w;
        size++;
        waits++;
        return w;
    }

    /**
     * A waiting point's entry check, for primitives that may not need to wait at all: throws
     * {@link CancellationException} if the calling task has a cancellation pending or the
     * calling thread is interrupted (its flag stays set).
     */
    public static void checkCancelled(Object resource) {
        TaskImpl<?> task = TaskImpl.current();
        if (task != null) {
            switchPoint(task, resource);
            task.checkCancelled(resource);
        } else if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException(Thread.currentThread().getName() + " interrupted before waiting on " + resource);
        }
    }

    /**
     * A sync operation that never waits ({@code release}, {@code offer}, {@code set},
     * {@code signal}, a state read…) is about to touch {@code resource}: if the calling task's
     * loop has an {@link Instrument}, its {@link Instrument#switchPoint} hook may give the loop
     * back first, as at the start of a waiting operation. Not a cancellation point. Call it
     * before taking the primitive's monitor.
     */
    public static void switchPoint(Object resource) {
        TaskImpl<?> task = TaskImpl.current();
        if (task != null) {
            switchPoint(task, resource);
        }
    }

    /**
     * Every waiting operation starts here, through {@link #checkCancelled}, whether or not it
     * will wait; every other sync operation through {@link #switchPoint(Object)}. Tells the
     * loop's {@link Instrument#switchPoint} hook, which may give the loop back (a simulation
     * does, to explore interleavings). No monitor is held here.
     */
    private static void switchPoint(TaskImpl<?> task, Object resource) {
        Instrument instrument = task.loop.options().instrument;
        if (instrument != null) {
            try {
                instrument.switchPoint(task, resource);
            } catch (RuntimeException | Error e) {
                task.loop.unhandled("instrument hook switchPoint for " + task.describe() + " failed", e);
            }
        }
    }

    /** The thread that runs {@code task} (its virtual thread), for stacks in reports and simulations. */
    public static Thread threadOf(Task<?> task) {
        return ((TaskImpl<?>) task).thread;
    }

    /** Names a task or thread for reports: {@code task 'name'} or {@code thread 'name'}. */
    public static String describe(Thread thread) {
        if (thread.isVirtual() && VirtualThreads.schedulerOf(thread) instanceof TaskImpl<?> task) {
            return task.describe();
        }
        return "thread '" + thread.getName() + "'";
    }

    /** The oldest waiter, or null. Caller holds {@code lock}. */
    public Waiter first() {
        return head;
    }

    public boolean isEmpty() {
        return head == null;
    }

    public int size() {
        return size;
    }

    /** Removes {@code w} and hands it {@code value}, waking it. Caller holds {@code lock}. */
    public void wake(Waiter w, Object value) {
        unlink(w);
        w.value = value;
        w.status = GRANTED;
        LockSupport.unpark(w.thread);
    }

    /** Wakes the oldest waiter with {@code value}; returns it, or null if none. Caller holds {@code lock}. */
    public Waiter wakeFirst(Object value) {
        Waiter w = head;
        if (w != null) {
            wake(w, value);
        }
        return w;
    }

    /** Wakes every waiter with {@code value}, oldest first; returns how many. Caller holds {@code lock}. */
    public int wakeAll(Object value) {
        int n = 0;
        while (head != null) {
            wake(head, value);
            n++;
        }
        return n;
    }

    /**
     * Waits until {@code w} is woken and returns what it was handed, or {@link #TIMED_OUT}.
     * Call without holding {@code lock}.
     *
     * <p><b>Cancellation.</b> If {@code cancellable}, a pending cancellation of the calling task
     * (or an interrupt of the calling thread) removes {@code w} and throws
     * {@link CancellationException}; the thread's interrupt flag stays set. If not, the wait
     * ignores both until woken, and the interrupt flag is restored when it returns. A cancellable
     * wait that the wait-for graph finds can never end may be {@link Waiter#refuse refused}: it
     * then leaves the queue as a cancelled one would and throws what it was refused with (a
     * {@code dev.weft.diag.DeadlockException}).
     *
     * @param timeoutNanos how long to wait at most; negative for no limit
     */
    public Object await(Waiter w, long timeoutNanos, boolean cancellable) {
        TaskImpl<?> task = w.task;
        w.cancellable = cancellable;
        if (task == null) {
            return awaitAsThread(w, timeoutNanos, cancellable);
        }
        // The task path stays in this one frame: a parked task's stack is part of its memory.
        EventLoop loop = task.loop;
        // A wait inside a timeout scope ends by the scope's deadline if not before.
        w.timed = timeoutNanos >= 0 || (cancellable && task.scope != null && task.scope.chainHasDeadline());
        task.currentWait = w;
        Handle timer = timeoutNanos >= 0 ? loop.callLaterNanos(timeoutNanos, () -> leave(w, EXPIRED)) : null;
        boolean interrupted = false;
        loop.waitStarted(task, resource);
        try {
            if (!w.timed) {
                WaitRegistry.observe(w);
            }
            while (w.status == WAITING) {
                if (cancellable) {
                    if ((task.thread.isInterrupted() || task.cancelPending()) && leave(w, ABANDONED)) {
                        task.checkCancelled(resource);
                    }
                } else if (Thread.interrupted()) {
                    interrupted = true;
                }
                if (w.status == WAITING) {
                    task.weftWaits++;
                    LockSupport.park(this);
                    task.weftWaits--;
                }
            }
        } finally {
            task.currentWait = null;
            if (timer != null) {
                timer.cancel();
            }
            if (interrupted) {
                task.thread.interrupt();
            }
            loop.waitEnded(task, resource);
        }
        return outcome(w);
    }

    /**
     * Tells the wait observer that the parties who could wake {@code w} changed (a child of the
     * group it waits for ended, a producer let go), so a deadlock that this closed is found.
     * Call without holding {@code lock}.
     */
    public static void wakersChanged(Waiter w) {
        if (w != null && w.status == WAITING && !w.timed) {
            WaitRegistry.wakersChanged(w);
        }
    }

    private Object awaitAsThread(Waiter w, long timeoutNanos, boolean cancellable) {
        long deadline = timeoutNanos >= 0 ? System.nanoTime() + timeoutNanos : 0;
        boolean interrupted = false;
        w.timed = timeoutNanos >= 0;
        WaitRegistry.threadWaits(w);
        try {
            if (!w.timed) {
                WaitRegistry.observe(w);
            }
            while (w.status == WAITING) {
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (cancellable && leave(w, ABANDONED)) {
                        throw new CancellationException(
                                Thread.currentThread().getName() + " interrupted while waiting on " + resource);
                    }
                }
                if (w.status != WAITING) {
                    break;
                }
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        leave(w, EXPIRED);
                    } else {
                        LockSupport.parkNanos(this, left);
                    }
                }
            }
        } finally {
            WaitRegistry.threadWaited(w);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return outcome(w);
    }

    private Object outcome(Waiter w) {
        int status = w.status;
        if (status == REFUSED) {
            RuntimeException e = (RuntimeException) w.value;
            e.fillInStackTrace();
            throw e;
        }
        return status == GRANTED ? w.value : TIMED_OUT;
    }

    /** Takes {@code w} out of the queue unless it was granted first; true if it left. */
    private boolean leave(Waiter w, int why) {
        return leave(w, why, null);
    }

    private boolean leave(Waiter w, int why, Object value) {
        synchronized (lock) {
            if (w.status != WAITING) {
                return false;
            }
            unlink(w);
            w.value = value;
            w.status = why;
            if (why == EXPIRED) {
                timeouts++;
            } else {
                cancellations++;
            }
        }
        if (why != ABANDONED) {
            LockSupport.unpark(w.thread);
        }
        return true;
    }

    private void unlink(Waiter w) {
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        size--;
    }

    /** A snapshot of the counters. Caller holds {@code lock}. */
    public Statistics statistics() {
        return new Statistics(size, waits, timeouts, cancellations);
    }

    @Override
    public String toString() {
        return "WaitQueue[" + resource + ", " + size + " waiting]";
    }
}
