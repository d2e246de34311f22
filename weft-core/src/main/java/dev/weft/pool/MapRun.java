package dev.weft.pool;

import dev.weft.sync.Queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * One {@code map}, {@code imap} or {@code mapUnordered}: reads the input lazily into chunks,
 * keeps at most {@code maxInFlight} of them submitted and not yet taken, and hands out their
 * results in input order or as they finish.
 *
 * <p>Implementation notes: everything but {@code finished} belongs to the one consumer (a task
 * or a thread) that iterates. In unordered mode each chunk's task puts itself in
 * {@code finished} when it settles, on whichever thread settles it; the queue's capacity is the
 * in-flight bound, so that offer never fails. A failure — of a chunk, of the input's iterator —
 * or a cancellation of the consumer cancels every chunk in flight before it is thrown.
 */
final class MapRun<A, R> implements MapResults<R>, Iterator<R> {
    private final AbstractPool pool;
    private final SerializableFunction<? super A, ? extends R> fn;
    private final Iterator<? extends A> input;
    private final int chunkSize;
    private final int maxInFlight;
    private final boolean ordered;
    private final String name;
    private final long mapId;
    private final ArrayDeque<PoolTask<List<R>>> inFlight = new ArrayDeque<>();
    private final Queue<PoolTask<List<R>>> finished;
    private Iterator<R> current = Collections.emptyIterator();
    private boolean iterated;
    private boolean closed;
    private int chunks;

    MapRun(AbstractPool pool, SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> input,
           int chunkSize, int maxInFlight, boolean ordered) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, not " + chunkSize);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxChunksInFlight must be at least 1, not " + maxInFlight);
        }
        this.pool = pool;
        this.fn = Objects.requireNonNull(fn, "fn");
        this.input = Objects.requireNonNull(input, "input").iterator();
        this.chunkSize = chunkSize;
        this.maxInFlight = maxInFlight;
        this.ordered = ordered;
        this.mapId = pool.nextMapId();
        this.name = pool.name + " map " + mapId;
        this.finished = ordered ? null : new Queue<>(name + " finished chunks", maxInFlight);
    }

    /** Every result, in order, as a list; closes the run. */
    List<R> toList() {
        List<R> all = new ArrayList<>();
        try (this) {
            while (hasNext()) {
                all.add(next());
            }
        }
        return all;
    }

    @Override
    public Iterator<R> iterator() {
        if (iterated) {
            throw new IllegalStateException("the results of " + name + " can be iterated once");
        }
        iterated = true;
        return this;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (closed) {
                return false;
            }
            try {
                fill();
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
            if (inFlight.isEmpty()) {
                return false;
            }
            current = takeChunk().iterator();
        }
        return true;
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException(name + " has no more results");
        }
        return current.next();
    }

    /** Submits chunks until the bound is reached or the input ends. */
    private void fill() {
        while (inFlight.size() < maxInFlight && input.hasNext()) {
            ArrayList<A> items = new ArrayList<>(chunkSize);
            while (items.size() < chunkSize && input.hasNext()) {
                items.add(input.next());
            }
            chunks++;
            inFlight.add(pool.submitChunk(name + " chunk " + chunks, new Chunk<>(mapId, fn, items),
                    ordered ? null : finished::offer));
        }
    }

    private List<R> takeChunk() {
        try {
            PoolTask<List<R>> t;
            if (ordered) {
                t = inFlight.peek();
            } else {
                t = Waits.outside(finished::take);
            }
            // Other chunks are in flight: a thread that parks at once leaves the cores to them.
            List<R> results = t.joinParked();
            inFlight.remove(t);
            return results;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PoolTask<List<R>> t : inFlight) {
            t.cancel();
        }
        inFlight.clear();
    }

    @Override
    public String toString() {
        return "MapRun[" + name + ", " + chunks + " chunks, " + inFlight.size() + " in flight"
                + (closed ? ", closed" : "") + "]";
    }
}
