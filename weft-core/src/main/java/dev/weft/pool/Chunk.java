package dev.weft.pool;

import java.util.ArrayList;
import java.util.List;

/**
 * One map chunk as a job: a function and the items it is applied to, in order.
 *
 * <p>Implementation notes: {@code mapId} names the map the chunk belongs to, so that a process
 * pool serializes the function once per map and sends it once per worker
 * ({@link ProcessPool}, {@link Frames#runChunk}); a thread pool just calls it. The items are in
 * an {@link ArrayList}, so that they travel {@link Values}-encoded when they can.
 */
record Chunk<A, R>(long mapId, SerializableFunction<? super A, ? extends R> fn, ArrayList<A> items)
        implements SerializableCallable<List<R>> {

    @Override
    public List<R> call() {
        ArrayList<R> out = new ArrayList<>(items.size());
        for (A item : items) {
            out.add(fn.apply(item));
        }
        return out;
    }

    @Override
    public String toString() {
        return Inputs.describe(items);
    }
}
