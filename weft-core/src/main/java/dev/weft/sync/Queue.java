package dev.weft.sync;

import dev.weft.WaitQueue;
import dev.weft.Wakers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A bounded queue between tasks and threads, like {@code asyncio.Queue}: {@link #put} waits
 * while it is full, {@link #take} while it is empty. FIFO by default; {@link #lifo} and
 * {@link #priority} order items otherwise. Producers and consumers are each served first come,
 * first served.
 *
 * <p>{@link #close()} ends the stream: {@code put} then throws {@link QueueClosedException},
 * while items already queued can still be taken; once they are gone {@code take} throws too and
 * iteration ends. {@link #taskDone()} and {@link #join()} track work as asyncio's do: every
 * put item counts as unfinished until a consumer marks it done.
 *
 * <pre>{@code
 * Queue<String> urls = new Queue<>("urls", 100);
 * Weft.spawn(() -> { for (String u : seeds) urls.put(u); urls.close(); return null; });
 * for (String u : urls) fetch(u);
 * }</pre>
 *
 * <p>Producers may hold the queue open, as Trio's send channels do: each task or thread that
 * will put calls {@link #producer()} and closes its handle when done; the last to close it
 * closes the queue, so consumers end without anyone counting. While a queue has producers, the
 * wait-for graph takes them to be the ones who put into it: a taker waits for the tasks or
 * threads that put through the handles, and a producer that waits (directly or not) for the
 * taker is found deadlocked. A handle counts for whoever last put through it, so it may be made
 * in one task and handed to another; until it is first used, and for a queue without producers,
 * anyone might put, and takers wait for anyone.
 *
 * <pre>{@code
 * Queue.Producer<String> out = results.producer();
 * Weft.spawn(() -> { try (out) { for (String r : work()) out.put(r); } return null; });
 * for (String r : results) print(r);      // ends when the producer closes
 * }</pre>
 *
 * <p>Implementation notes: everything is guarded by this object's monitor. An item goes
 * straight to a waiting taker when there is one (the buffer is then empty); a taker that frees
 * a slot moves the oldest waiting putter's item into the buffer. Either way, whoever was woken
 * already has what it waited for, so a cancellation that arrives at the same moment can never
 * lose an item.
 */
public final class Queue<T> implements Iterable<T> {
    private static final Object CLOSED = new Object();

    private final String name;
    private final int capacity;
    private final Buffer<T> buffer;
    private final WaitQueue takers = new WaitQueue(this, this, this::producersNow);
    private final List<Producer<T>> producers = new ArrayList<>();
    private final WaitQueue putters = new WaitQueue(this, this);
    private final WaitQueue joiners = new WaitQueue(this, this);
    private boolean closed;
    private long unfinished;
    private long puts;

    /** A FIFO queue holding at most {@code capacity} items. */
    public Queue(int capacity) {
        this(null, capacity);
    }

    /** A FIFO queue named {@code name} holding at most {@code capacity} items. */
    public Queue(String name, int capacity) {
        this(name, capacity, new Fifo<>());
    }

    private Queue(String name, int capacity, Buffer<T> buffer) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
        }
        this.name = Names.orDefault(name, "Queue");
        this.capacity = capacity;
        this.buffer = buffer;
    }

    /** A last-in first-out queue (a stack) holding at most {@code capacity} items. */
    public static <T> Queue<T> lifo(int capacity) {
        return lifo(null, capacity);
    }

    /** A named last-in first-out queue holding at most {@code capacity} items. */
    public static <T> Queue<T> lifo(String name, int capacity) {
        return new Queue<>(name, capacity, new Lifo<>());
    }

    /** A queue that hands out the smallest item by {@code order} first; ties leave in arrival order. */
    public static <T> Queue<T> priority(int capacity, Comparator<? super T> order) {
        return priority(null, capacity, order);
    }

    /** A named priority queue; see {@link #priority(int, Comparator)}. */
    public static <T> Queue<T> priority(String name, int capacity, Comparator<? super T> order) {
        return new Queue<>(name, capacity, new Priority<>(order));
    }

    /**
     * Adds {@code item}, waiting while the queue is full.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled putter's item is not added. If it was
     * accepted at the same moment, it stays accepted and the cancellation surfaces at the next
     * waiting point.
     *
     * @throws QueueClosedException if the queue is closed, or closes while this waits
     */
    public void put(T item) {
        offer(item, -1, true);
    }

    /** Adds {@code item} if there is room right now; never waits. @throws QueueClosedException if closed */
    public boolean offer(T item) {
        WaitQueue.switchPoint(this);
        return offer(item, 0, false);
    }

    /** Adds {@code item}, waiting at most {@code timeout} for room; false if the time ran out. */
    public boolean offer(T item, Duration timeout) {
        return offer(item, Names.nanos(timeout), true);
    }

    /**
     * Removes and returns the next item, waiting while the queue is empty.
     *
     * <p><b>Cancellation.</b> A waiting point: a cancelled taker takes nothing. If an item was
     * handed to it at the same moment, it returns that item and the cancellation surfaces at the
     * next waiting point, so no item is lost.
     *
     * @throws QueueClosedException if the queue is closed and empty
     */
    public T take() {
        T item = poll(-1, true);
        if (item == null) {
            throw new QueueClosedException(name + " is closed and empty");
        }
        return item;
    }

    /** The next item if there is one right now, else null; never waits. */
    public T poll() {
        WaitQueue.switchPoint(this);
        return poll(0, false);
    }

    /** The next item, waiting at most {@code timeout}; null if the time ran out or the queue is closed and empty. */
    public T poll(Duration timeout) {
        return poll(Names.nanos(timeout), true);
    }

    /** Marks one taken item as processed. @throws IllegalStateException if called more often than items were put */
    public void taskDone() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone called more times than items were put in " + name);
            }
            if (--unfinished == 0) {
                joiners.wakeAll(null);
            }
        }
    }

    /**
     * Waits until every item put has been marked done with {@link #taskDone()}.
     *
     * <p><b>Cancellation.</b> A waiting point; the queue is not affected.
     */
    public void join() {
        WaitQueue.checkCancelled(this);
        WaitQueue.Waiter w;
        synchronized (this) {
            if (unfinished == 0) {
                return;
            }
            w = joiners.enqueue(null);
        }
        joiners.await(w, -1, true);
    }

    /**
     * Closes the queue: no more puts; waiting putters fail with {@link QueueClosedException};
     * waiting takers (the queue is then empty) do too. Items already queued remain takeable.
     */
    public void close() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            closed = true;
            putters.wakeAll(CLOSED);
            takers.wakeAll(CLOSED);
        }
    }

    /**
     * A new producer of this queue: the queue stays open at least until the returned handle is
     * closed, and closes when the last producer's handle closes. The handle may be passed to the
     * task or thread that will put through it. Never waits.
     *
     * @throws QueueClosedException if the queue is already closed
     */
    public synchronized Producer<T> producer() {
        if (closed) {
            throw new QueueClosedException("producer of closed " + name);
        }
        Producer<T> p = new Producer<>(this);
        producers.add(p);
        return p;
    }

    /** Who put through the producers, for the wait-for graph: whom a taker waits for. */
    private synchronized Thread[] producersNow() {
        Thread[] users = new Thread[producers.size()];
        for (int i = 0; i < users.length; i++) {
            users[i] = producers.get(i).user;
            if (users[i] == null) {
                return Wakers.ANYONE;
            }
        }
        return users;
    }

    /** A producer lets go: the last one closes the queue; else takers now wait on fewer. */
    private void producerClosed(Producer<T> producer) {
        WaitQueue.Waiter taker;
        synchronized (this) {
            if (!producers.remove(producer)) {
                return;
            }
            if (producers.isEmpty()) {
                close();
                return;
            }
            taker = takers.first();
        }
        WaitQueue.wakersChanged(taker);
    }

    /**
     * A producer's hold on a queue ({@link #producer()}): put through it, and close it when done;
     * the last producer to close closes the queue.
     */
    public static final class Producer<T> implements AutoCloseable {
        private final Queue<T> queue;
        /** Who last put through this handle; null until then. Read by the graph under the queue's monitor. */
        private volatile Thread user;
        private boolean closed;

        private Producer(Queue<T> queue) {
            this.queue = queue;
        }

        /**
         * {@link Queue#put}, as this producer: waits while the queue is full.
         *
         * <p><b>Cancellation.</b> As for {@link Queue#put}: a cancelled putter's item is not added,
         * unless it was accepted at the same moment.
         */
        public void put(T item) {
            user = Thread.currentThread();
            queue.put(item);
        }

        /** {@link Queue#offer(Object)}, as this producer. */
        public boolean offer(T item) {
            user = Thread.currentThread();
            return queue.offer(item);
        }

        /** The queue this producer feeds. */
        public Queue<T> queue() {
            return queue;
        }

        /** Lets go of the queue, once; the last producer to let go closes it. Never waits. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                queue.producerClosed(this);
            }
        }
    }

    public boolean isClosed() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            return closed;
        }
    }

    /** Items queued right now. */
    public int size() {
        WaitQueue.switchPoint(this);
        synchronized (this) {
            return buffer.size();
        }
    }

    public int capacity() {
        return capacity;
    }

    public String name() {
        return name;
    }

    /** A snapshot of sizes and counters. */
    public synchronized Statistics statistics() {
        return new Statistics(buffer.size(), capacity, closed, puts, unfinished, takers.statistics(),
                putters.statistics());
    }

    /** A queue's sizes and counters. */
    public record Statistics(int size, int capacity, boolean closed, long puts, long unfinished,
                             WaitQueue.Statistics takers, WaitQueue.Statistics putters) {
    }

    /**
     * Takes items until the queue is closed and drained. Each {@code hasNext()} may wait, and is
     * a cancellation point.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = poll(-1, true);
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException(name + " is closed and empty");
                }
                T item = next;
                next = null;
                return item;
            }
        };
    }

    /** {@code waits}: a waiting method (a cancellation point even with a zero timeout). */
    private boolean offer(T item, long timeoutNanos, boolean waits) {
        if (item == null) {
            throw new NullPointerException("a queue holds no nulls");
        }
        if (waits) {
            WaitQueue.checkCancelled(this);
        }
        WaitQueue.Waiter w;
        synchronized (this) {
            if (closed) {
                throw new QueueClosedException("put on closed " + name);
            }
            if (buffer.size() < capacity) {
                accept(item);
                return true;
            }
            if (timeoutNanos == 0) {
                return false;
            }
            w = putters.enqueue(item);
        }
        Object outcome = putters.await(w, timeoutNanos, true);
        if (outcome == CLOSED) {
            throw new QueueClosedException(name + " closed while a put waited");
        }
        return outcome != WaitQueue.TIMED_OUT;
    }

    /** Counts the item in and hands it to a waiting taker or buffers it. Monitor held. */
    private void accept(T item) {
        puts++;
        unfinished++;
        WaitQueue.Waiter taker = takers.first();
        if (taker != null) {
            takers.wake(taker, item);
        } else {
            buffer.add(item);
        }
    }

    @SuppressWarnings("unchecked")
    private T poll(long timeoutNanos, boolean waits) {
        if (waits) {
            WaitQueue.checkCancelled(this);
        }
        WaitQueue.Waiter w;
        synchronized (this) {
            if (buffer.size() > 0) {
                T item = buffer.remove();
                WaitQueue.Waiter putter = putters.first();
                if (putter != null) {
                    accept((T) putter.payload());
                    putters.wake(putter, null);
                }
                return item;
            }
            if (closed || timeoutNanos == 0) {
                return null;
            }
            w = takers.enqueue(null);
        }
        Object outcome = takers.await(w, timeoutNanos, true);
        return outcome == CLOSED || outcome == WaitQueue.TIMED_OUT ? null : (T) outcome;
    }

    @Override
    public String toString() {
        return name;
    }

    /** The order items leave in. */
    private interface Buffer<T> {
        void add(T item);

        T remove();

        int size();
    }

    private static final class Fifo<T> implements Buffer<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();

        public void add(T item) {
            items.addLast(item);
        }

        public T remove() {
            return items.removeFirst();
        }

        public int size() {
            return items.size();
        }
    }

    private static final class Lifo<T> implements Buffer<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();

        public void add(T item) {
            items.addFirst(item);
        }

        public T remove() {
            return items.removeFirst();
        }

        public int size() {
            return items.size();
        }
    }

    /** Smallest first; a sequence number keeps equal items in arrival order. */
    private static final class Priority<T> implements Buffer<T> {
        private record Entry<T>(T item, long seq) {
        }

        private final PriorityQueue<Entry<T>> items;
        private long seq;

        Priority(Comparator<? super T> order) {
            Comparator<Entry<T>> byItem = (a, b) -> order.compare(a.item(), b.item());
            this.items = new PriorityQueue<>(byItem.thenComparingLong(Entry::seq));
        }

        public void add(T item) {
            items.add(new Entry<>(item, seq++));
        }

        public T remove() {
            return items.remove().item();
        }

        public int size() {
            return items.size();
        }
    }
}
