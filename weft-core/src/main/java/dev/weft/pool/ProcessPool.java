package dev.weft.pool;

import dev.weft.Task;

import java.io.NotSerializableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker processes — child JVMs — that run jobs preemptively, each in its own address space: for
 * isolation, crash containment, native code and memory limits. Python's
 * {@code ProcessPoolExecutor} and {@code multiprocessing.Pool}, without {@code BrokenProcessPool}.
 *
 * <pre>{@code
 * try (ProcessPool pool = ProcessPool.open(ProcessPool.Options.workers(4).retries(1))) {
 *     Task<Long> t = pool.submit(() -> riskyNativeCall(42));
 *     long n = t.join();
 * }
 * }</pre>
 *
 * <p><b>Workers.</b> Started from this JVM's own {@code java}, class path and JVM options (see
 * {@link Options#jvmArgs}), with {@code --add-opens java.base/java.lang=ALL-UNNAMED}, talking over
 * their stdin and stdout in length-prefixed frames, never a port. Jobs are serialized
 * ({@link SerializableCallable}); both ends deserialize only what the allow-list admits (the
 * application's classes, the JDK's value types, Weft's own: {@link Options#allow} widens it). A
 * worker runs one job at a time, with the next one already at hand ({@link Options#prefetch}).
 * One spare worker is started beyond the pool's size, so that a
 * replacement is ready the moment a worker dies; and workers start from a start-up cache (the
 * JDK's ahead-of-time class cache) made by the first pool on the machine, when the class path is
 * made of jar files.
 *
 * <p><b>Crashes.</b> A worker that exits, is killed ({@code kill -9}) or runs out of memory
 * (workers run with {@code -XX:+ExitOnOutOfMemoryError}) fails only the job it was running, with
 * {@link WorkerCrashedException} and its {@link CrashReport}; a replacement starts, and every
 * other job completes. No job is lost, and none runs twice unless {@link Options#retries(int)}
 * asks for it. An input that crashed workers {@link Options#quarantineAfter(int)} times is
 * quarantined: it fails, and so do identical jobs from then on, at once ({@link #quarantined()}).
 *
 * <p><b>Cancellation and timeouts.</b> Cancelling a running job, or its timeout passing, kills
 * only its worker, and a replacement starts; a queued job is just dropped. See {@link Pool} for
 * how a cancelled owner takes its jobs with it.
 *
 * <p><b>Closing.</b> {@link #close()} waits for every job, then ends the workers' stdin and waits
 * for each process to exit: no worker outlives it. A shutdown hook kills the workers left when
 * the JVM exits, and a worker whose parent dies halts.
 *
 * <p>Implementation notes: this class checks and serializes what is submitted; the
 * {@link Dispatcher} runs the queue and the workers, {@link Crashes} judges crashes,
 * {@link Launcher}, {@link WorkerCommand} and {@link StartupCache} start workers, and
 * {@link Worker} and {@link WorkerMain} are the two ends of each pipe.
 */
public final class ProcessPool extends AbstractPool {
    private final Options options;
    private final Dispatcher dispatcher;
    private final MapFunctions functions = new MapFunctions();
    private final AtomicLong jobIds = new AtomicLong();

    private ProcessPool(Options options) {
        super("process-pool", options.name);
        this.options = options;
        byte[] init = null;
        if (options.initializer != null) {
            try {
                init = Codec.serialize(options.initializer);
            } catch (NotSerializableException e) {
                throw new IllegalArgumentException("the worker initializer cannot travel to a worker process: "
                        + e.getMessage() + " is not serializable", e);
            }
        }
        this.dispatcher = new Dispatcher(name, options, AllowList.of(options.allow), init);
        dispatcher.open();
    }

    /** A pool of {@code workers} worker processes with the default options; they start at once. */
    public static ProcessPool open(int workers) {
        return open(Options.workers(workers));
    }

    /** A pool with these options; its workers start at once. */
    public static ProcessPool open(Options options) {
        return new ProcessPool(Objects.requireNonNull(options, "options"));
    }

    @Override
    @SuppressWarnings("unchecked")
    <T> void start(PoolTask<T> task, SerializableCallable<T> body, long timeoutNanos) {
        PoolTask<Object> t = (PoolTask<Object>) task;
        long id = jobIds.incrementAndGet();
        ProcessJob job;
        if (body instanceof Chunk<?, ?> chunk) {
            byte[] fn = functions.bytes(chunk);
            byte[] items = travels(() -> Values.encode(chunk.items()), "a map chunk's items");
            job = ProcessJob.chunk(id, t, chunk, chunk.mapId(), fn, items);
        } else {
            job = ProcessJob.callable(id, t, body, timeoutNanos, travels(() -> Codec.serialize(body), "the job"));
        }
        if (job.size() > options.maxFrameBytes) {
            throw new IllegalArgumentException("the job serializes to " + job.size() + " bytes, more than the "
                    + options.maxFrameBytes + " of ProcessPool.Options.maxFrameBytes; pass big arrays through SharedMemory");
        }
        task.canceller(() -> dispatcher.cancelled(job));
        dispatcher.submit(job);
    }

    /** Serializes what must travel, with a clear error if it cannot. */
    static byte[] travels(Waits.Wait<byte[], NotSerializableException> serialize, String what) {
        try {
            return serialize.get();
        } catch (NotSerializableException e) {
            String hint = String.valueOf(e.getMessage()).contains(SharedMemory.class.getName())
                    ? " (capture a SharedMemory by its name() and open it in the job)" : "";
            throw new IllegalArgumentException(what + " cannot travel to a worker process: " + e.getMessage()
                    + " is not serializable; a job and everything it captures must be" + hint, e);
        }
    }

    @Override
    public int size() {
        return options.workers;
    }

    @Override
    public void close() {
        dispatcher.close();
        reportUnobserved();
    }

    @Override
    public boolean close(Duration timeout) {
        boolean inTime = dispatcher.close(Objects.requireNonNull(timeout, "timeout"));
        reportUnobserved();
        return inTime;
    }

    @Override
    public List<Task<?>> shutdownNow() {
        return new ArrayList<>(dispatcher.shutdownNow());
    }

    @Override
    public boolean isClosed() {
        return dispatcher.isClosed();
    }

    /**
     * Waits until the pool's workers have started (their JVMs up, the initializer run), so that
     * the jobs submitted next start without waiting for one: for a service that should answer its
     * first request as fast as its hundredth, or a benchmark. Jobs may be submitted meanwhile.
     * Counts the first time the pool had its full size ready; replacements do not wait for it.
     *
     * <p><b>Cancellation.</b> A waiting point; a task's virtual clock holds still meanwhile.
     *
     * @return false if {@code timeout} passed first
     * @throws PoolBrokenException if the workers cannot start (the failure says why)
     * @throws PoolClosedException if the pool closed first
     */
    public boolean awaitReady(Duration timeout) {
        return dispatcher.awaitReady(Objects.requireNonNull(timeout, "timeout"));
    }

    // ------------------------------------------------------------------ introspection

    /**
     * Counters since the pool opened.
     *
     * @param liveWorkers       worker processes alive now, spares included
     * @param readyWorkers      of those, the ones that have started and are running a job or ready for one
     * @param crashes           workers that died unasked: while running a job, idle, or before they were ready
     * @param kills             workers the pool killed: for a cancelled or timed-out job, or when closing in a hurry
     * @param retired           workers replaced after {@link Options#maxTasksPerWorker} jobs
     * @param recalled          jobs taken back from a worker before they started there: cancelled, or
     *                          moved to a worker that went idle
     * @param lastWorkerStartup from launch to ready, for the last worker that got ready; null before the first
     * @param startupCache      the start-up cache: {@code in use: FILE}, {@code training: FILE},
     *                          {@code missing: FILE}, or {@code off…} and why
     */
    public record Statistics(int size, int liveWorkers, int readyWorkers, long workersStarted, long crashes, long kills, long retired,
                             long completed, long failed, long cancelled, long recalled, int quarantined,
                             Duration lastWorkerStartup,
                             String startupCache) {
    }

    /** A snapshot of the pool's counters. */
    public Statistics statistics() {
        return dispatcher.statistics();
    }

    /** The process ids of the worker processes alive now: spares, and a start-up cache trainer, included. */
    public List<Long> workerPids() {
        return dispatcher.workerPids();
    }

    /** The reports of every quarantined input, oldest first. */
    public List<CrashReport> quarantined() {
        return dispatcher.quarantined();
    }

    /** The command the next worker will be started with. */
    public List<String> workerCommand() {
        return dispatcher.workerCommand();
    }

    /** The options this pool was opened with. */
    public Options options() {
        return options;
    }

    // ------------------------------------------------------------------ options

    /**
     * How a process pool runs: how many workers, retries and quarantine, worker recycling, an
     * initializer, JVM flags and heap, what the allow-list admits, the start-up cache.
     * Immutable; every setter returns a changed copy.
     *
     * <pre>{@code
     * ProcessPool.open(ProcessPool.Options.workers(4).retries(1).maxHeap("256m").allow("com.example.model.**"))
     * }</pre>
     */
    public static final class Options implements Cloneable {
        String name;
        int workers;
        int spares = 1;
        int retries;
        int quarantineAfter = 3;
        int maxTasksPerWorker;
        int prefetch = 1;
        SerializableRunnable initializer;
        List<String> jvmArgs = List.of();
        String maxHeap;
        List<String> allow = List.of();
        boolean forwardStderr = true;
        boolean startupCache = true;
        Path startupCacheDir = Path.of(System.getProperty("java.io.tmpdir"), "weft-pool-cache");
        int maxFrameBytes = 256 << 20;
        Duration startTimeout = Duration.ofSeconds(60);

        private Options() {
        }

        /** Defaults for a pool of {@code n} workers. */
        public static Options workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("a process pool needs at least 1 worker, not " + n);
            }
            Options o = new Options();
            o.workers = n;
            return o;
        }

        private Options copy() {
            try {
                return (Options) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        /** The pool's name, in job names, thread names and reports. */
        public Options name(String name) {
            Options o = copy();
            o.name = name;
            return o;
        }

        /** Workers started beyond the pool's size, idle and ready to replace one that dies (default 1). */
        public Options spares(int n) {
            Options o = copy();
            o.spares = nonNegative(n, "spares");
            return o;
        }

        /** How many times a job whose worker crashed runs again, on another worker (default 0: never). */
        public Options retries(int n) {
            Options o = copy();
            o.retries = nonNegative(n, "retries");
            return o;
        }

        /**
         * After how many worker crashes an input (a job's serialized bytes) is quarantined: it fails,
         * and identical jobs fail at once, without running, from then on (default 3; 0: never).
         */
        public Options quarantineAfter(int crashes) {
            Options o = copy();
            o.quarantineAfter = nonNegative(crashes, "quarantineAfter");
            return o;
        }

        /** A worker that has run this many jobs is replaced by a fresh one (default 0: never). */
        public Options maxTasksPerWorker(int n) {
            Options o = copy();
            o.maxTasksPerWorker = nonNegative(n, "maxTasksPerWorker");
            return o;
        }

        /**
         * How many jobs a busy worker may hold waiting behind the one it runs (default 1), so that
         * it goes from one job to the next without a round trip to the pool. A job waiting there
         * has not started: cancelling it takes it back, and a worker that goes idle takes it over
         * (the pool recalls it), so long jobs still spread over every worker. Only a cancel that
         * meets the job just as it starts comes too late: the job counts as running, and its
         * worker is killed. 0 sends a job only to an idle worker.
         */
        public Options prefetch(int jobs) {
            Options o = copy();
            o.prefetch = nonNegative(jobs, "prefetch");
            return o;
        }

        /**
         * Runs in every worker once, before its first job. If it throws, the pool is broken: its
         * jobs fail with {@link PoolBrokenException}, which carries the initializer's failure.
         */
        public Options initializer(SerializableRunnable init) {
            Options o = copy();
            o.initializer = init;
            return o;
        }

        /** More JVM options for the workers, after the inherited ones and the pool's own (so they win). */
        public Options jvmArgs(String... args) {
            Options o = copy();
            o.jvmArgs = List.of(args);
            return o;
        }

        /** The workers' maximum Java heap, as {@code -Xmx} takes it ({@code "64m"}). */
        public Options maxHeap(String size) {
            if (!size.matches("\\d+[kKmMgGtT]?")) {
                throw new IllegalArgumentException("maxHeap takes a size as -Xmx does (64m, 2g), not '" + size + "'");
            }
            Options o = copy();
            o.maxHeap = size;
            return o;
        }

        /**
         * Admits more classes to the allow-list: a class name ({@code java.net.URI}), a package
         * ({@code com.example.*}) or a package with its subpackages ({@code com.example.**});
         * {@code "*"} admits everything (only for input you trust).
         */
        public Options allow(String... patterns) {
            List<String> all = new ArrayList<>(allow);
            all.addAll(List.of(patterns));
            AllowList.of(all);
            Options o = copy();
            o.allow = List.copyOf(all);
            return o;
        }

        /** Whether workers' stderr lines are copied to this JVM's stderr, prefixed with their pid (default true). */
        public Options forwardStderr(boolean forward) {
            Options o = copy();
            o.forwardStderr = forward;
            return o;
        }

        /** Whether workers start from the JDK's ahead-of-time class cache, made on first use (default true). */
        public Options startupCache(boolean on) {
            Options o = copy();
            o.startupCache = on;
            return o;
        }

        /** Where the start-up cache lives (default: {@code weft-pool-cache} in the temp folder). */
        public Options startupCacheDir(Path dir) {
            Options o = copy();
            o.startupCacheDir = Objects.requireNonNull(dir, "dir");
            return o;
        }

        /** The largest job or result either side accepts, serialized (default 256 MiB, at least 1 KiB). */
        public Options maxFrameBytes(int bytes) {
            Options o = copy();
            o.maxFrameBytes = Math.max(1024, bytes);
            return o;
        }

        /** How long a worker may take to get ready before it is killed as a failed start (default 60 s). */
        public Options startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, not " + timeout);
            }
            Options o = copy();
            o.startTimeout = timeout;
            return o;
        }

        private static int nonNegative(int n, String what) {
            if (n < 0) {
                throw new IllegalArgumentException(what + " must not be negative, not " + n);
            }
            return n;
        }

        @Override
        public String toString() {
            return "ProcessPool.Options[workers " + workers + ", spares " + spares + ", retries " + retries
                    + ", quarantineAfter " + quarantineAfter + ", maxTasksPerWorker " + maxTasksPerWorker
                    + ", prefetch " + prefetch
                    + (maxHeap != null ? ", -Xmx" + maxHeap : "") + (allow.isEmpty() ? "" : ", allow " + allow) + "]";
        }
    }
}
