package dev.weft.profile;

import dev.weft.profile.Verdict.Recommendation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names what limits a measured piece of work — CPU, I/O, memory or cache — with the figures
 * behind the verdict and a recommendation: tasks on a loop, a thread pool of N, or a process
 * pool of N, and why.
 *
 * <pre>{@code
 * Verdict v = Classifier.classify(Profiler.measure(work));
 * // "I/O-bound: CPU 0.004 s of 0.21 s wall (2% of one CPU), 98% of busy threads' time asleep …"
 * }</pre>
 *
 * <p>The rules, in order:
 * <ol>
 * <li><b>I/O</b> when the program's threads wanted less than half a CPU on average (CPU plus
 *     time waiting for one, over wall time: other load on the machine does not make busy work
 *     look idle); or when they used under half a CPU in bursts of under 500 µs between waits (on
 *     a loaded machine a waiting thread queues for a CPU after each wake-up, which is not demand);
 *     or when a quarter of the samples or more saw them waiting on storage; or when the work is made of system calls: {@value #CALLS_PER_CPU_SECOND} or
 *     more read and write calls per second of its CPU, or most of its CPU in the kernel serving
 *     {@value #KERNEL_CALL_RATE} or more calls a second.
 * <li>Otherwise the work computes, and what it computes on decides. With hardware counters:
 *     <b>memory</b> at {@value #MEMORY_MPKI} or more last-level-cache misses per thousand
 *     instructions; <b>cache</b> at {@value #CACHE_RPKI} or more cache references per thousand
 *     instructions with IPC under {@value #CACHE_IPC}; else <b>CPU</b>.
 * <li>Without counters, the working set (memory touched, less what was freshly allocated)
 *     against this machine's measured ladder: <b>memory</b> when it reaches as far as loads go
 *     to memory, <b>cache</b> when it is larger than half of L2, else <b>CPU</b>. Half, not
 *     less, because the measurement has a floor: at 4 KiB a page, the objects any Java code
 *     reads (and the profiler's sampler) touch some 0.3 MiB of heap. The verdict then says that
 *     it could not check the miss rates.
 * </ol>
 */
public final class Classifier {
    static final double IDLE_DEMAND = 0.5;
    static final double KERNEL_SHARE = 0.5;
    static final double KERNEL_CALL_RATE = 1000;
    static final double CALLS_PER_CPU_SECOND = 20_000;
    static final double MEMORY_MPKI = 5;
    static final double CACHE_RPKI = 20;
    static final double CACHE_IPC = 1.5;
    static final double DISK_SHARE = 0.3;
    static final double DISK_SAMPLES = 0.25;
    static final double CPU_PER_WAIT_SECONDS = 500e-6;

    private Classifier() {
    }

    /** Classifies on this machine ({@link Machine#current()}). */
    public static Verdict classify(Profile p) {
        return classify(p, Machine.current());
    }

    public static Verdict classify(Profile p, Machine m) {
        return new Reasoning(p, m).verdict();
    }

    /** One classification's working: the evidence gathered so far. */
    private static final class Reasoning {
        final Profile p;
        final Machine m;
        final List<String> evidence = new ArrayList<>();
        final List<String> notConcluded = new ArrayList<>();
        final double demand;

        Reasoning(Profile p, Machine m) {
            this.p = p;
            this.m = m;
            this.demand = p.cpuDemand().orElse(Double.NaN);
        }

        Verdict verdict() {
            String cpu = String.format(Locale.ROOT, "CPU %s of %s wall (%.2f CPUs busy or waiting for one)",
                    p.programCpu().format(), Figure.seconds(p.wall().toNanos()), demand);
            evidence.add(cpu + "; " + p.runQueueWait().format() + " of it waiting for a CPU");
            double kernel = p.systemShare().orElse(0);
            double calls = p.syscallRate().orElse(0);
            evidence.add(String.format(Locale.ROOT, "%.0f%% of that CPU in the kernel; %s read in %s calls, %s"
                            + " written in %s calls (%.0f calls/s)", kernel * 100, p.readBytes().format(),
                    p.readCalls().format(), p.writeBytes().format(), p.writeCalls().format(), calls));
            if (Double.isNaN(demand)) {
                notConcluded.add("CPU time was not measured (" + p.programCpu().whyUnavailable()
                        + "): whether the work waits or computes could not be told");
            } else if (demand < IDLE_DEMAND || storageWaitSamples() >= DISK_SAMPLES || wakesOften()) {
                return waiting(cpu);
            } else if (kernel >= KERNEL_SHARE && calls >= KERNEL_CALL_RATE || callsPerCpuSecond() >= CALLS_PER_CPU_SECOND) {
                return inKernel(cpu, kernel, calls);
            }
            return computing(cpu);
        }

        private Verdict waiting(String cpu) {
            double disk = p.diskWaitShare().orElse(0);
            evidence.add(String.format(Locale.ROOT, "the busy threads were seen asleep or waiting %s; %.0f%% of"
                    + " those waits were on storage; %s voluntary context switches",
                    asleepShare(), disk * 100, p.voluntarySwitches().format()));
            addCountersNote("the CPU part's instructions per cycle");
            int perLoop = (int) Math.max(1, Math.min(10_000, Math.floor(1 / Math.max(demand, 1e-4))));
            if (disk >= DISK_SHARE || p.storageWriteBytes().orElse(0) + p.storageReadBytes().orElse(0) > 0
                    && disk > 0) {
                int n = threadsFor(demand);
                return verdict(Bound.IO, "waiting on storage: " + cpu, new Recommendation(Execution.THREAD_POOL, n,
                        "Its waits are on storage (reads, fsync), which block the thread that makes them, a loop's"
                                + " carrier included; about " + n + " threads keep the device busy"
                                + " (cores x (1 + wait/compute)), while the CPU stays free."));
            }
            return verdict(Bound.IO, "waiting: " + cpu, new Recommendation(Execution.LOOP, 1,
                    "It waits " + percent(1 - Math.min(demand, 1)) + " of the time on timers, sockets or other"
                            + " events, which a task waits for without holding its loop: one loop keeps about "
                            + perLoop + " such units in flight on one core before the CPU becomes the limit;"
                            + " beyond that, tasks on " + m.cores() + " loops."));
        }

        /** Read and write calls per second of the program's CPU: at 20 000, each call gets 50 µs of it or less. */
        private double callsPerCpuSecond() {
            double cpuSeconds = p.programCpu().orElse(0);
            double callsTotal = p.readCalls().orElse(0) + p.writeCalls().orElse(0);
            return cpuSeconds <= 0 ? 0 : callsTotal / cpuSeconds;
        }

        private Verdict inKernel(String cpu, double kernel, double calls) {
            double switches = p.voluntarySwitches().orElse(0);
            double callsTotal = p.readCalls().orElse(0) + p.writeCalls().orElse(0);
            double waitsPerCall = callsTotal == 0 ? 0 : switches / callsTotal;
            evidence.add(String.format(Locale.ROOT, "%.0f read or write calls per second of CPU (%.1f µs of CPU"
                    + " per call); %.2f voluntary context switches per call", callsPerCpuSecond(),
                    1e6 / Math.max(callsPerCpuSecond(), 1e-9), waitsPerCall));
            addCountersNote("the kernel part's instructions per cycle");
            String head = String.format(Locale.ROOT, "system calls: %s, %.0f%% of it in the kernel, %.0f read/write"
                    + " calls/s", cpu, kernel * 100, calls);
            if (waitsPerCall >= 0.05) {
                return verdict(Bound.IO, head, new Recommendation(Execution.LOOPS, m.cores(),
                        "Its calls wait for the other end (sockets, pipes) as often as they copy: tasks wait"
                                + " without holding a thread, and " + m.cores() + " loops spread the kernel's"
                                + " copying over every core."));
            }
            return verdict(Bound.IO, head, new Recommendation(Execution.THREAD_POOL, m.cores(),
                    "Its calls rarely wait: the kernel copies (file reads from the page cache, say), and a read"
                            + " call holds its thread, a loop's carrier too; a thread pool of " + m.cores()
                            + " runs that copying on every core."));
        }

        private Verdict computing(String cpu) {
            long ws = dataWorkingSet();
            HardwareCounters c = p.counters();
            if (c.llcMissesPerKiloInstruction().isAvailable() && c.ipc().isAvailable()) {
                return withCounters(cpu, ws, c);
            }
            notConcluded.add("Hardware counters are unavailable (" + c.instructions().whyUnavailable()
                    + "), so IPC and cache miss rates were not measured: the choice between CPU-, cache- and"
                    + " memory-bound rests on the working set alone, which says how much memory the work"
                    + " reached, not how often it missed; work that touches a large table rarely would be"
                    + " misjudged.");
            if (ws < 0) {
                notConcluded.add("The working set was not measured either (" + p.workingSet().whyUnavailable()
                        + "): the work is called CPU-bound because it computes, without telling CPU from memory.");
                return cpuBound(cpu);
            }
            String where = "working set " + Figure.bytes((double) ws) + " (fits " + m.placeOf(ws) + ")";
            evidence.add(where + "; " + p.allocated().format() + " allocated, " + p.gcTime().format() + " in GC; "
                    + "on this machine " + m.describe());
            if (ws >= m.memoryReachBytes()) {
                return memoryBound(cpu + ", " + where);
            }
            if (ws > cpuWorkingSetLimit()) {
                return cacheBound(cpu + ", " + where);
            }
            return cpuBound(cpu + ", " + where);
        }

        private Verdict withCounters(String cpu, long ws, HardwareCounters c) {
            double mpki = c.llcMissesPerKiloInstruction().value();
            double rpki = c.cacheReferencesPerKiloInstruction().orElse(0);
            double ipc = c.ipc().value();
            String figures = String.format(Locale.ROOT, "IPC %.2f, %.2f LLC misses and %.1f cache references per"
                    + " 1000 instructions, %s of cache references missed", ipc, mpki, rpki, c.cacheMissRatio().format());
            evidence.add(figures);
            if (ws >= 0) {
                evidence.add("working set " + Figure.bytes((double) ws) + " (fits " + m.placeOf(ws) + ")");
            }
            String head = cpu + ", " + figures;
            if (mpki >= MEMORY_MPKI) {
                return memoryBound(head);
            }
            if (rpki >= CACHE_RPKI && ipc < CACHE_IPC) {
                return cacheBound(head);
            }
            return cpuBound(head);
        }

        private Verdict cpuBound(String head) {
            return verdict(Bound.CPU, head, new Recommendation(Execution.THREAD_POOL, m.cores(),
                    "It computes: " + m.cores() + " threads use every core, sharing the heap (the JVM has no lock"
                            + " like Python's GIL). Tasks on one loop would run it on one core and hold the loop"
                            + " from its other tasks; a process pool of " + m.cores() + " scales alike but pays"
                            + " a JVM start and serialization per worker: pick it for isolation or native code."));
        }

        private Verdict memoryBound(String head) {
            return verdict(Bound.MEMORY, head, new Recommendation(Execution.THREAD_POOL, m.cores(),
                    "Its loads go to memory, whose bandwidth every core shares: a thread pool of " + m.cores()
                            + " overlaps more misses, but speedup flattens early and more threads buy nothing;"
                            + " a process pool would copy the data into every worker. Denser, sequential data"
                            + " helps more than threads."));
        }

        private Verdict cacheBound(String head) {
            return verdict(Bound.CACHE, head, new Recommendation(Execution.THREAD_POOL, m.cores(),
                    "Its loads miss L1 and hit the caches behind it: each core has its own L2 ("
                            + Figure.bytes((double) m.l2Bytes()) + "), so a thread pool of " + m.cores()
                            + " with the data split so that each thread's share fits its core's L2 scales;"
                            + " a process pool would copy the data into every worker."));
        }

        private Verdict verdict(Bound bound, String head, Recommendation r) {
            return new Verdict(bound, bound.label() + ": " + head, evidence, r, notConcluded);
        }

        /** Memory touched, less the heap freshly allocated in the window (allocation touches new pages too). */
        private long dataWorkingSet() {
            if (!p.workingSet().isAvailable()) {
                return -1;
            }
            long touched = (long) p.workingSet().value();
            long allocated = (long) p.allocated().orElse(0);
            return Math.max(0, touched - allocated);
        }

        private long cpuWorkingSetLimit() {
            return Math.max(m.l2Bytes() > 0 ? m.l2Bytes() / 2 : 512 << 10, m.l1dBytes() > 0 ? 8 * m.l1dBytes() : 0);
        }

        private void addCountersNote(String what) {
            if (!p.counters().anyAvailable()) {
                notConcluded.add("Hardware counters are unavailable (" + p.counters().instructions().whyUnavailable()
                        + "): " + what + " could not be measured; the I/O verdict does not depend on it.");
            }
        }

        /**
         * Whether the work mostly waits though a loaded machine queues it for a CPU after each wake-up:
         * it used under half a CPU, in bursts of under 500 µs between voluntary waits.
         */
        private boolean wakesOften() {
            double cpuSeconds = p.programCpu().orElse(0);
            double waits = p.voluntarySwitches().orElse(0);
            return waits > 0 && cpuSeconds / p.wallSeconds() < IDLE_DEMAND && cpuSeconds / waits < CPU_PER_WAIT_SECONDS;
        }

        /**
         * The share of samples that saw the busy program threads waiting on storage: a thread
         * that waits on a disk is waiting, however long it then queues for a CPU on a loaded machine.
         */
        private double storageWaitSamples() {
            int disk = 0;
            int all = 0;
            for (ThreadUse t : p.busyProgramThreads()) {
                disk += t.samplesDiskWait();
                all += t.samplesSleeping() + t.samplesDiskWait() + t.samplesRunning();
            }
            return all == 0 ? 0 : (double) disk / all;
        }

        private String asleepShare() {
            int asleep = 0;
            int all = 0;
            for (ThreadUse t : p.busyProgramThreads()) {
                asleep += t.samplesSleeping() + t.samplesDiskWait();
                all += t.samplesSleeping() + t.samplesDiskWait() + t.samplesRunning();
            }
            return all == 0 ? "(no samples)" : "in " + asleep + " of " + all + " samples";
        }

        private int threadsFor(double demand) {
            double waitPerCompute = demand <= 0 ? 64 : (1 - Math.min(demand, 1)) / Math.min(demand, 1);
            return (int) Math.max(m.cores(), Math.min(64, Math.ceil(m.cores() * (1 + waitPerCompute))));
        }

        private static String percent(double share) {
            return String.format(Locale.ROOT, "%.0f%%", share * 100);
        }
    }
}
