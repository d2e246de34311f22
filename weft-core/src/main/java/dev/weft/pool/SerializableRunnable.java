package dev.weft.pool;

import java.io.Serializable;

/**
 * A {@link Runnable} that can travel to a worker process: a {@link ProcessPool}'s per-worker
 * initializer ({@link ProcessPool.Options#initializer}).
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {
}
