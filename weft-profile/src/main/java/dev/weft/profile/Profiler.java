package dev.weft.profile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Measures one run of a piece of work: wall time; CPU of every thread involved (those that
 * came and went included), time waiting for a CPU, blocked and waiting; bytes allocated and GC
 * time; read and write bytes and calls, storage traffic, page faults and context switches from
 * {@code /proc}; the memory the work touched; and hardware counters through {@code perf stat}
 * where this machine lets them be read. What it cannot measure it reports as unavailable, with
 * why.
 *
 * <pre>{@code
 * Profile p = Profiler.measure(() -> countPrimes(2_000_000));
 * Verdict v = Classifier.classify(p);
 * System.out.println(v.toText());
 * }</pre>
 *
 * <p>The work runs on the calling thread and may start threads, pools and loops of its own;
 * everything the process does in the window counts, so measure one thing at a time. Set up
 * the work's data before the call: the window should hold the work alone.
 *
 * <p>Implementation notes: the sampler and perf start first; then snapshots of the JVM
 * (ThreadMXBean), of every kernel thread (stat, schedstat, status) and of the process's CPU;
 * then the referenced bits are cleared, so that what the snapshots allocate is not counted as
 * touched, and {@code /proc/self/io} and the allocation counter are read last, just before the
 * work. It closes in the reverse order, reading the working set before anything allocates
 * much. The CPU the profiler spends on the calling thread between the snapshots and the
 * window's edges is measured and taken out; its own {@code /proc} reads are counted by
 * {@link ProcFiles} and taken out of the I/O figures. Assembly is in {@link ProfileAssembly}.
 */
public final class Profiler {
    /** A piece of work to measure. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** What to measure; {@link #defaults()} measures everything the machine allows. */
    public record Options(boolean counters, boolean workingSet, Duration samplePeriod) {
        public Options {
            Objects.requireNonNull(samplePeriod, "samplePeriod");
            if (samplePeriod.toMillis() < 1) {
                throw new IllegalArgumentException("samplePeriod must be at least 1 ms, got " + samplePeriod);
            }
        }

        public static Options defaults() {
            return new Options(true, true, Duration.ofMillis(20));
        }

        /** Without hardware counters (skips starting perf). */
        public Options withoutCounters() {
            return new Options(false, workingSet, samplePeriod);
        }

        public Options withSamplePeriod(Duration period) {
            return new Options(counters, workingSet, period);
        }
    }

    private final Options options;

    private Profiler(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public static Profiler create(Options options) {
        return new Profiler(options);
    }

    /** Measures {@code work} with {@link Options#defaults()}. */
    public static Profile measure(Work work) {
        return create(Options.defaults()).profile(work);
    }

    /**
     * Runs {@code work} once on this thread and measures it.
     *
     * <p><b>Cancellation.</b> Not a waiting point of its own: the work's waits are its own, and an
     * interrupt reaches the work.
     *
     * @throws WorkFailedException if the work threw a checked exception (a RuntimeException or
     *         Error is rethrown as it was); the window is closed and perf stopped first
     */
    public Profile profile(Work work) {
        Objects.requireNonNull(work, "work");
        if (options.workingSet()) {
            WorkingSet.heapRanges();                 // asked once per JVM, before any window opens
        }
        Window window = new Window();
        window.open();
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            work.run();
        } catch (Throwable e) {
            failure = e;
        }
        long wall = System.nanoTime() - start;
        ProfileAssembly assembly = window.close(Duration.ofNanos(wall));
        rethrow(failure);
        return assembly.assemble();
    }

    /** One measured window: what is started and read as it opens, and as it closes, in that order. */
    private final class Window {
        private final ThreadSampler sampler = new ThreadSampler(options.samplePeriod());
        private final ProfileAssembly.Edge before = new ProfileAssembly.Edge();
        private final ProfileAssembly.Edge after = new ProfileAssembly.Edge();
        private final byte[] schedBuffer = new byte[128];
        private PerfStat.Session perf;
        private String whyNoCounters;
        private String whyNoWorkingSet;

        void open() {
            sampler.start();
            whyNoCounters = options.counters() ? PerfStat.whyUnavailable() : "counters were not asked for";
            if (whyNoCounters == null) {
                try {
                    perf = PerfStat.attach();
                    perf.enable();
                } catch (IOException e) {
                    whyNoCounters = "could not start perf stat on this process: " + e.getMessage();
                    closeQuietly(perf);
                    perf = null;
                }
            }
            before.jvm = JvmSnapshot.take();
            before.threads = KernelThread.snapshot(true);
            before.processCpu = processCpuNanos();
            before.callerCpuAtSnapshot = callerCpu();
            whyNoWorkingSet = options.workingSet() ? WorkingSet.start() : "the working set was not asked for";
            before.ownReadCalls = ProcFiles.readCalls();
            before.ownReadBytes = ProcFiles.readBytes();
            before.io = ProcIo.read();
            before.allocated = JvmSnapshot.allocatedSoFar();
            before.callerCpuAtWork = callerCpu();
            KernelThread.ownSchedstat(schedBuffer);                    // once to warm the path, then for real
            before.callerSched = KernelThread.ownSchedstat(schedBuffer);
        }

        ProfileAssembly close(Duration wall) {
            after.callerSched = KernelThread.ownSchedstat(schedBuffer);
            after.callerCpuAtWork = callerCpu();
            after.allocated = JvmSnapshot.allocatedSoFar();
            after.ownReadCalls = ProcFiles.readCalls();
            after.ownReadBytes = ProcFiles.readBytes();
            after.io = ProcIo.read();
            ProfileAssembly assembly = new ProfileAssembly(before, after, wall, currentTid());
            assembly.workingSet = whyNoWorkingSet == null ? WorkingSet.finish() : null;
            assembly.whyNoWorkingSet = whyNoWorkingSet != null ? whyNoWorkingSet
                    : assembly.workingSet == null ? "/proc/self/smaps could not be read" : null;
            assembly.counters = finishCounters(perf, whyNoCounters);
            after.processCpu = processCpuNanos();
            after.callerCpuAtSnapshot = callerCpu();
            after.threads = KernelThread.snapshot(true);
            after.jvm = JvmSnapshot.take();
            sampler.stop();
            assembly.sampler = sampler;
            return assembly;
        }
    }

    private static HardwareCounters finishCounters(PerfStat.Session perf, String whyNoCounters) {
        if (perf == null) {
            return HardwareCounters.unavailable(whyNoCounters);
        }
        try {
            perf.disable();
            return perf.finish();
        } catch (IOException e) {
            return HardwareCounters.unavailable("perf stat failed: " + e.getMessage());
        } finally {
            perf.close();
        }
    }

    private static void closeQuietly(PerfStat.Session perf) {
        if (perf != null) {
            perf.close();
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure == null) {
            return;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        throw new WorkFailedException("the measured work failed: " + failure, failure);
    }

    /** CPU of the whole process so far, ended threads included; -1 when the JVM cannot tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The kernel's id for the calling (platform) thread, or -1 when it cannot be read. */
    static int currentTid() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));   // "PID/task/TID"
            return Integer.parseInt(self.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The calling thread's CPU so far; -1 on a virtual thread, whose CPU the JVM does not count. */
    private static long callerCpu() {
        return Thread.currentThread().isVirtual() ? -1 : ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
