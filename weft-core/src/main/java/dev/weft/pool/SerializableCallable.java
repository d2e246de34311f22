package dev.weft.pool;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can travel to a worker process: a lambda written where one of these is
 * expected is compiled as a serializable lambda, and so is everything it captures as long as that
 * is {@link Serializable} too. A {@link ThreadPool} never serializes it, so there any capture is fine.
 *
 * <pre>{@code
 * int n = 40;
 * Task<Long> t = pool.submit(() -> fib(n));   // captures n, an Integer: serializable
 * }</pre>
 */
@FunctionalInterface
public interface SerializableCallable<T> extends Callable<T>, Serializable {
}
