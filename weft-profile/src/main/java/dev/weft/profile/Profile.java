package dev.weft.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Everything {@link Profiler#measure} found out about one run of a piece of work. "Program
 * threads" are every thread but the JVM's own service threads (JIT compilers, GC, VM thread)
 * and the profiler's sampler; their figures include threads that started and ended within the
 * window. Each figure is either measured or unavailable with the reason.
 *
 * @param wall               elapsed time
 * @param processCpu         CPU of the whole process, the JVM's own threads included
 * @param programCpu         CPU of the program threads (a thread that ended within the window is
 *                           counted from its last sample and the process total: to within a
 *                           clock tick or two, 10–20 ms)
 * @param userCpu            the program threads' CPU in user mode (clock-tick resolution, 10 ms)
 * @param systemCpu          the program threads' CPU in the kernel (same resolution)
 * @param runQueueWait       time program threads were ready to run but waited for a CPU
 * @param jvmServiceCpu      CPU of JIT compilers, GC and other JVM service threads
 * @param blocked            time program platform threads were blocked entering a monitor (ThreadMXBean)
 * @param waited             time they waited in {@code Object.wait}, park or sleep (ThreadMXBean)
 * @param allocated          bytes allocated on the Java heap by all threads
 * @param gcTime             time the collectors report for the window
 * @param gcCount            collections in the window
 * @param readBytes          bytes returned by read-like system calls (files, sockets, pipes)
 * @param writeBytes         bytes passed to write-like system calls
 * @param readCalls          read-like system calls
 * @param writeCalls         write-like system calls
 * @param storageReadBytes   bytes the process caused to be fetched from storage
 * @param storageWriteBytes  bytes the process caused to be sent to storage
 * @param voluntarySwitches  times program threads gave up the CPU to wait
 * @param involuntarySwitches times the scheduler took the CPU from them
 * @param minorFaults        page faults without I/O (first touch of fresh memory, for one)
 * @param majorFaults        page faults that read from storage
 * @param workingSet         memory the work touched, in its largest region (heap or off-heap block)
 * @param workingSetTotal    memory touched in every data region (heap, off-heap, stacks)
 * @param counters           hardware counters
 * @param threads            each thread that ran in the window, the busiest first
 */
public record Profile(Duration wall, Figure processCpu, Figure programCpu, Figure userCpu, Figure systemCpu,
                      Figure runQueueWait, Figure jvmServiceCpu, Figure blocked, Figure waited, Figure allocated,
                      Figure gcTime, Figure gcCount, Figure readBytes, Figure writeBytes, Figure readCalls,
                      Figure writeCalls, Figure storageReadBytes, Figure storageWriteBytes,
                      Figure voluntarySwitches, Figure involuntarySwitches, Figure minorFaults,
                      Figure majorFaults, Figure workingSet, Figure workingSetTotal, HardwareCounters counters,
                      List<ThreadUse> threads) {
    public Profile {
        threads = List.copyOf(threads);
    }

    /** Seconds of wall time. */
    public double wallSeconds() {
        return wall.toNanos() / 1e9;
    }

    /**
     * How many CPUs the program threads wanted on average: (CPU + time waiting for a CPU) / wall.
     * Near 1 for one busy thread whether or not other load delays it; near 0 for work that waits.
     */
    public Figure cpuDemand() {
        if (!programCpu.isAvailable()) {
            return Figure.unavailable(Figure.Unit.RATIO, programCpu.whyUnavailable());
        }
        double runnable = programCpu.value() + runQueueWait.orElse(0);
        return Figure.of(runnable / Math.max(wallSeconds(), 1e-9), Figure.Unit.RATIO);
    }

    /** The program threads' share of CPU spent in the kernel, 0..1. */
    public Figure systemShare() {
        if (!userCpu.isAvailable() || !systemCpu.isAvailable()) {
            return Figure.unavailable(Figure.Unit.RATIO, "user and system CPU were not both measured");
        }
        double total = userCpu.value() + systemCpu.value();
        return total == 0 ? Figure.unavailable(Figure.Unit.RATIO, "the program threads used under one clock tick")
                : Figure.of(systemCpu.value() / total, Figure.Unit.RATIO);
    }

    /** Read and write system calls per second of wall time. */
    public Figure syscallRate() {
        if (!readCalls.isAvailable() || !writeCalls.isAvailable()) {
            return Figure.unavailable(Figure.Unit.RATIO, readCalls.isAvailable() ? writeCalls.whyUnavailable()
                    : readCalls.whyUnavailable());
        }
        return Figure.of((readCalls.value() + writeCalls.value()) / Math.max(wallSeconds(), 1e-9), Figure.Unit.RATIO);
    }

    /** Of the samples that saw a busy program thread waiting, the share that was waiting on storage. */
    public Figure diskWaitShare() {
        int disk = 0;
        int asleep = 0;
        for (ThreadUse t : threads) {
            if (!t.jvmService()) {
                disk += t.samplesDiskWait();
                asleep += t.samplesSleeping() + t.samplesDiskWait();
            }
        }
        return asleep == 0 ? Figure.unavailable(Figure.Unit.RATIO, "no sample saw a program thread waiting")
                : Figure.of((double) disk / asleep, Figure.Unit.RATIO);
    }

    /** The program threads that used a CPU in the window. */
    public List<ThreadUse> busyProgramThreads() {
        return threads.stream().filter(t -> !t.jvmService() && t.cpuNanos() > 0).toList();
    }

    /** A plain-text table of every figure, for terminals and reports. */
    public String toText() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("wall", Figure.seconds(wall.toNanos())));
        rows.add(row("CPU, program threads", programCpu));
        rows.add(row("  user / kernel", userCpu.format() + " / " + systemCpu.format()));
        rows.add(row("  waiting for a CPU", runQueueWait));
        rows.add(row("CPU demand (CPUs wanted)", cpuDemand()));
        rows.add(row("CPU, JVM service threads", jvmServiceCpu));
        rows.add(row("CPU, whole process", processCpu));
        rows.add(row("blocked / waited (platform threads)", blocked.format() + " / " + waited.format()));
        rows.add(row("allocated", allocated));
        rows.add(row("GC", gcTime.format() + " in " + gcCount.format() + " collections"));
        rows.add(row("read / written", readBytes.format() + " in " + readCalls.format() + " calls / "
                + writeBytes.format() + " in " + writeCalls.format() + " calls"));
        rows.add(row("storage read / written", storageReadBytes.format() + " / " + storageWriteBytes.format()));
        rows.add(row("context switches (wait / preempted)", voluntarySwitches.format() + " / "
                + involuntarySwitches.format()));
        rows.add(row("page faults (minor / major)", minorFaults.format() + " / " + majorFaults.format()));
        rows.add(row("working set (largest region / all)", workingSet.format() + " / " + workingSetTotal.format()));
        rows.add(row("cycles / instructions", counters.cycles().format() + " / " + counters.instructions().format()));
        rows.add(row("IPC", counters.ipc()));
        rows.add(row("cache misses / references", counters.cacheMissRatio()));
        rows.add(row("LLC load misses per 1000 instructions", counters.llcMissesPerKiloInstruction()));
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", r[0], r[1]));
        }
        sb.append("  threads (busiest first):\n");
        threads.stream().filter(t -> t.cpuNanos() > 0).sorted(Comparator.comparingLong(ThreadUse::cpuNanos).reversed())
                .limit(8).forEach(t -> sb.append(String.format(Locale.ROOT, "    %-16s %10s%s%s%n", t.name(),
                        Figure.seconds(t.cpuNanos()), t.jvmService() ? "  (JVM)" : "",
                        t.ended() ? "  (ended)" : t.started() ? "  (started)" : "")));
        return sb.toString();
    }

    private static String[] row(String label, Figure f) {
        return row(label, f.format());
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }
}
