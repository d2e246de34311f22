package dev.weft.net;

import dev.weft.EventLoop;
import dev.weft.Promise;
import dev.weft.Weft;
import dev.weft.sync.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several event loops, one per platform thread, so that I/O-bound work uses every core: a
 * {@link TcpServer} given a group accepts on one loop and hands each connection to the next
 * loop in turn. Each loop is {@link Weft#run} on its own thread with a root task that waits
 * until the group closes.
 *
 * <pre>{@code
 * try (LoopGroup loops = LoopGroup.open(Runtime.getRuntime().availableProcessors());
 *      TcpServer server = TcpServer.start(new InetSocketAddress("127.0.0.1", 8080), handler,
 *              TcpServer.Options.defaults().withLoops(loops))) {
 *     server.join();
 * }
 * }</pre>
 *
 * <p>Tasks of different loops run in parallel: state shared between them needs the usual Java
 * care (a {@code dev.weft.sync} lock, atomics), unlike the tasks of one loop.
 *
 * <p>Implementation notes: {@code loops} is filled before {@link #open} returns and never
 * changes; {@code next} is the round-robin cursor, shared by every thread that picks a loop.
 * States: open → closing (stop set; each root returns, {@code Weft.run} cancels the tasks left)
 * → closed (every thread has ended).
 */
public final class LoopGroup implements AutoCloseable {
    private final List<EventLoop> loops;
    private final List<Thread> threads;
    private final Event stop = new Event("LoopGroup stop");
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    private LoopGroup(int n, EventLoop.Options options, String name) {
        EventLoop[] started = new EventLoop[n];
        List<Thread> ts = new ArrayList<>(n);
        CountDownLatch ready = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = Thread.ofPlatform().daemon().name(name + "-" + i).unstarted(() -> Weft.run(options, () -> {
                started[index] = Weft.loop();
                ready.countDown();
                try {
                    stop.await();
                } catch (CancellationException e) {
                    // the thread was interrupted: the group is going away
                }
                return null;
            }));
            ts.add(t);
            t.start();
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            stop.set();
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while starting a LoopGroup");
        }
        this.loops = List.of(started);
        this.threads = List.copyOf(ts);
    }

    /** Starts {@code n} loops with default options, each on its own platform thread. */
    public static LoopGroup open(int n) {
        return open(n, EventLoop.Options.defaults());
    }

    /** Starts {@code n} loops with {@code options}, each on its own platform thread. */
    public static LoopGroup open(int n, EventLoop.Options options) {
        if (n < 1) {
            throw new IllegalArgumentException("a LoopGroup needs at least one loop, got " + n);
        }
        return new LoopGroup(n, Objects.requireNonNull(options, "options"), "weft-loop");
    }

    /** The loops, in a fixed order. */
    public List<EventLoop> loops() {
        return loops;
    }

    public int size() {
        return loops.size();
    }

    /** The next loop in round-robin order; callable from any thread. */
    public EventLoop next() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /**
     * Runs {@code body} as a task on the next loop; the promise settles with its outcome.
     *
     * @throws ClosedResourceException if the group has closed
     */
    public <T> Promise<T> submit(Callable<T> body) {
        return submit(next(), body);
    }

    /** Runs {@code body} as a task on {@code loop} (one of this group's); see {@link #submit(Callable)}. */
    public <T> Promise<T> submit(EventLoop loop, Callable<T> body) {
        Objects.requireNonNull(body, "body");
        Promise<T> result = new Promise<>("LoopGroup task");
        try {
            loop.callSoonThreadsafe(() -> Weft.spawn(() -> {
                try {
                    T value = body.call();
                    result.complete(value);
                    return value;
                } catch (CancellationException e) {
                    result.cancel();
                    throw e;
                } catch (Throwable e) {
                    result.fail(e);
                    return null;
                }
            }));
        } catch (IllegalStateException e) {
            throw new ClosedResourceException("cannot submit to " + this + ": its loops have closed", e);
        }
        return result;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops every loop: each root task returns, and {@code Weft.run} cancels the tasks still
     * running and waits for them; then waits for the threads to end.
     *
     * <p><b>Cancellation.</b> A waiting point only for a plain thread (which waits for the
     * loops' threads); from a task of one of the group's own loops it does not wait for that
     * loop, which ends once the calling task returns.
     */
    @Override
    public void close() {
        closed = true;
        stop.set();
        Thread me = Thread.currentThread();
        for (Thread t : threads) {
            if (t == me || me.isVirtual()) {
                continue;
            }
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while closing " + this);
            }
        }
    }

    @Override
    public String toString() {
        return "LoopGroup[" + loops.size() + " loops" + (closed ? ", closed" : "") + "]";
    }
}
