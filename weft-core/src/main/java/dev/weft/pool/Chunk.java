package dev.weft.pool;

import java.util.ArrayList;
import java.util.List;

/**
 * One map chunk as a job: a function and the items it is applied to, in order.
 *
 * <p>Implementation notes: a record of serializable parts, so it travels to worker processes;
 * the items are in an {@link ArrayList} so that the list itself is a JDK value type.
 */
record Chunk<A, R>(SerializableFunction<? super A, ? extends R> fn, ArrayList<A> items)
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
