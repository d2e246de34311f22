/**
 * The kernel: event loops, tasks, cancellation and timeouts, structured concurrency.
 *
 * <p>Start with {@link dev.weft.Weft}: {@code Weft.run(main)} runs a loop on the calling
 * thread with {@code main} as its first task; inside, {@code Weft.spawn} starts more tasks,
 * {@link dev.weft.Task#join()} waits for one, {@link dev.weft.TaskGroup} keeps a set of them
 * together, {@code Weft.withTimeout} bounds a block of code, {@link dev.weft.Promise} is a
 * value someone provides later.
 *
 * <p>A task is a virtual thread mounted only on its loop's carrier thread: it runs until it
 * waits, and code reads top to bottom. JDK blocking calls park just that task.
 * {@link dev.weft.WaitQueue} is the one fair queue every waiting operation is built on;
 * {@code dev.weft.sync} builds locks, semaphores, events, conditions, barriers and queues on it.
 *
 * <p>This package depends only on the JDK and {@code dev.weft.spi}.
 */
package dev.weft;
