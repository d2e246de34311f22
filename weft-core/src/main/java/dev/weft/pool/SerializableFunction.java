package dev.weft.pool;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can travel to a worker process, for {@link Pool#map} and friends; see
 * {@link SerializableCallable} for what a lambda may capture.
 */
@FunctionalInterface
public interface SerializableFunction<A, R> extends Function<A, R>, Serializable {
}
