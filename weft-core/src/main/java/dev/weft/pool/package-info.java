/**
 * Thread and process pools: preemptive multitasking for the work tasks should not do — CPU-bound
 * work on every core, and work that must run in a process of its own.
 *
 * <p>Reach for {@link dev.weft.pool.ThreadPool} for CPU-bound Java and blocking libraries (Java
 * has no GIL: threads use every core, and share memory); for {@link dev.weft.pool.ProcessPool}
 * when the work must be isolated — it may crash, leak, run native code, or need a memory limit
 * of its own. Both are a {@link dev.weft.pool.Pool}: {@code submit} returns a {@link dev.weft.Task}
 * (joining it from a task suspends only that task), {@code map}, {@code imap} and
 * {@code mapUnordered} spread an input over the workers in chunks read lazily, {@code close}
 * waits and {@code shutdownNow} drops what has not started.
 *
 * <pre>{@code
 * try (ProcessPool pool = ProcessPool.open(4)) {
 *     List<Long> counts = pool.map(Primes::countIn, ranges, 1);
 * }
 * }</pre>
 *
 * <p>Jobs for a process pool are {@link dev.weft.pool.SerializableCallable}s and
 * {@link dev.weft.pool.SerializableFunction}s (a lambda written where one is expected is
 * serializable); they travel to child JVMs over pipes, and both ends deserialize only what an
 * allow-list admits. {@link dev.weft.pool.SharedMemory} shares big arrays between processes
 * without copying. Errors: {@link dev.weft.pool.WorkerCrashedException} (with its
 * {@link dev.weft.pool.CrashReport}), {@link dev.weft.pool.ClassNotAllowedException},
 * {@link dev.weft.pool.PoolClosedException}, {@link dev.weft.pool.PoolBrokenException}, and the
 * kernel's {@link dev.weft.TimedOutException} and {@link java.util.concurrent.CancellationException}.
 *
 * <p>Inside: {@code ProcessPool} checks and serializes what is submitted; {@code Dispatcher} runs
 * the queue and the workers; {@code Worker} and {@code WorkerMain} are the two ends of a pipe,
 * speaking {@code Frames} of {@code Codec}- and {@code Values}-encoded payloads (a lambda in
 * {@code LambdaCodec}'s form, a record as its components in {@code RecordShape}'s);
 * {@code Launcher}, {@code WorkerCommand} and {@code StartupCache} start workers;
 * {@code Crashes} judges what a dead worker means. Built on the kernel's public API alone:
 * {@link dev.weft.Promise} for each job, {@link dev.weft.EventLoop#beginExternalWork()} so that a
 * virtual clock holds still while a job runs, and {@link dev.weft.sync.Queue}.
 */
package dev.weft.pool;
