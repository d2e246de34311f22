package dev.weft.profile;

import dev.weft.profile.Figure.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Turns the snapshots taken at both ends of a window into a {@link Profile}: differences,
 * thread by thread, with threads that started or ended in between, less the profiler's own
 * reading.
 *
 * <p>Implementation notes: a thread alive at the end has exact figures (schedstat, in
 * nanoseconds); one that ended is known only from the sampler's last look at it (clock ticks,
 * a lower bound), so the program's CPU is taken from the process total instead: the process
 * CPU less the JVM service threads' and the sampler's. The calling thread's figures lose the
 * CPU the profiler spent on it between its snapshots and the window's edges.
 */
final class ProfileAssembly {
    /** What is read at one edge of the window: the outer snapshots, and the figures read at the work's edge. */
    static final class Edge {
        JvmSnapshot jvm;
        Map<Integer, KernelThread> threads;
        ProcIo io;
        long processCpu;
        long ownReadCalls;
        long ownReadBytes;
        /** The calling thread's CPU as its snapshot was taken, and as the work started or ended. */
        long callerCpuAtSnapshot;
        long callerCpuAtWork;
        long allocated;
        /** The calling thread's {on-CPU, run-queue} as the work started or ended. */
        long[] callerSched;
    }

    private final Edge before;
    private final Edge after;
    private final Duration wall;
    private final int callerTid;
    WorkingSet.Reading workingSet;
    String whyNoWorkingSet;
    HardwareCounters counters;
    ThreadSampler sampler;

    ProfileAssembly(Edge before, Edge after, Duration wall, int callerTid) {
        this.before = before;
        this.after = after;
        this.wall = wall;
        this.callerTid = callerTid;
    }

    Profile assemble() {
        List<ThreadUse> uses = threadUses();
        long serviceCpu = uses.stream().filter(ThreadUse::jvmService).mapToLong(ThreadUse::cpuNanos).sum();
        long programSeen = uses.stream().filter(t -> !t.jvmService()).mapToLong(ThreadUse::cpuNanos).sum();
        Figure processFigure = before.processCpu < 0 ? Figure.unavailable(Unit.SECONDS, "the JVM does not report process CPU")
                : Figure.seconds(after.processCpu - before.processCpu);
        Figure program = Figure.seconds(programSeen + unseenCpu(uses));
        long user = 0;
        long system = 0;
        long runQueue = 0;
        long voluntary = 0;
        long involuntary = 0;
        long minor = 0;
        long major = 0;
        for (int tid : tids()) {
            KernelThread a = end(tid);
            KernelThread b = before.threads.get(tid);
            if (a == null || a.isJvmService()) {
                continue;
            }
            user += a.userTicks() - (b == null ? 0 : b.userTicks());
            system += a.systemTicks() - (b == null ? 0 : b.systemTicks());
            minor += a.minorFaults() - (b == null ? 0 : b.minorFaults());
            major += a.majorFaults() - (b == null ? 0 : b.majorFaults());
            if (a.runQueueNanos() >= 0) {
                voluntary += a.voluntarySwitches() - (b == null ? 0 : b.voluntarySwitches());
                involuntary += a.involuntarySwitches() - (b == null ? 0 : b.involuntarySwitches());
            }
        }
        runQueue = uses.stream().filter(t -> !t.jvmService() && t.runQueueNanos() > 0)
                .mapToLong(ThreadUse::runQueueNanos).sum();
        boolean schedstat = before.threads.values().stream().anyMatch(k -> k.runQueueNanos() >= 0);
        String noSchedstat = "the kernel keeps no schedstat (CONFIG_SCHED_INFO)";
        return new Profile(wall, processFigure, program,
                Figure.seconds(user * KernelThread.NANOS_PER_TICK), Figure.seconds(system * KernelThread.NANOS_PER_TICK),
                schedstat ? Figure.seconds(runQueue) : Figure.unavailable(Unit.SECONDS, noSchedstat),
                Figure.seconds(serviceCpu), javaTime(true), javaTime(false), allocated(),
                Figure.seconds((after.jvm.gcMillis() - before.jvm.gcMillis()) * 1_000_000L),
                Figure.count(after.jvm.gcCount() - before.jvm.gcCount()),
                io(ProcIo::readChars, Unit.BYTES, Own.BYTES), io(ProcIo::writeChars, Unit.BYTES, Own.NONE),
                io(ProcIo::readCalls, Unit.COUNT, Own.CALLS), io(ProcIo::writeCalls, Unit.COUNT, Own.NONE),
                io(ProcIo::storageRead, Unit.BYTES, Own.NONE), io(ProcIo::storageWrite, Unit.BYTES, Own.NONE),
                schedstat ? Figure.count(voluntary) : Figure.unavailable(Unit.COUNT, noSchedstat),
                schedstat ? Figure.count(involuntary) : Figure.unavailable(Unit.COUNT, noSchedstat),
                Figure.count(minor), Figure.count(major),
                workingSet == null ? Figure.unavailable(Unit.BYTES, whyNoWorkingSet) : Figure.bytes(workingSet.largestRegionBytes()),
                workingSet == null ? Figure.unavailable(Unit.BYTES, whyNoWorkingSet) : Figure.bytes(workingSet.totalBytes()),
                counters, uses);
    }

    private Map<Integer, KernelThread> lastSeen;

    private Map<Integer, KernelThread> lastSeen() {
        if (lastSeen == null) {
            lastSeen = sampler.lastSeen();
        }
        return lastSeen;
    }

    /**
     * CPU of threads that started and ended between two samples, which no snapshot saw: what the
     * process used between the snapshots beyond every thread that was seen (and the sampler).
     */
    private long unseenCpu(List<ThreadUse> uses) {
        if (before.processCpu < 0) {
            return 0;
        }
        long seen = uses.stream().mapToLong(ThreadUse::cpuNanos).sum() + callerSnapshotExtra(uses);
        KernelThread s0 = before.threads.get(sampler.samplerTid());
        KernelThread s1 = after.threads.get(sampler.samplerTid());
        long samplerCpu = s0 != null && s1 != null && s1.onCpuNanos() >= 0 ? s1.onCpuNanos() - s0.onCpuNanos()
                : sampler.ownCpuNanos();
        return Math.max(0, after.processCpu - before.processCpu - seen - samplerCpu);
    }

    /** The calling thread's CPU between the snapshots beyond its CPU in the window: the profiler's own. */
    private long callerSnapshotExtra(List<ThreadUse> uses) {
        KernelThread b = before.threads.get(callerTid);
        KernelThread a = after.threads.get(callerTid);
        long inWindow = uses.stream().filter(t -> t.tid() == callerTid).mapToLong(ThreadUse::cpuNanos).sum();
        if (a == null || b == null || a.onCpuNanos() < 0) {
            return callerOverhead();
        }
        return Math.max(0, a.onCpuNanos() - b.onCpuNanos() - inWindow);
    }

    /** CPU the profiler itself spent on the calling thread between its snapshots and the window's edges. */
    private long callerOverhead() {
        if (before.callerCpuAtSnapshot < 0 || after.callerCpuAtWork < 0) {
            return 0;
        }
        return Math.max(0, before.callerCpuAtWork - before.callerCpuAtSnapshot)
                + Math.max(0, after.callerCpuAtSnapshot - after.callerCpuAtWork);
    }

    private Set<Integer> tids() {
        Set<Integer> all = new HashSet<>(before.threads.keySet());
        all.addAll(after.threads.keySet());
        all.addAll(lastSeen().keySet());
        all.remove(sampler.samplerTid());
        return all;
    }

    /** The thread at the window's end: its final snapshot, or the sampler's last look if it ended. */
    private KernelThread end(int tid) {
        KernelThread a = after.threads.get(tid);
        return a != null ? a : lastSeen().get(tid);
    }

    private List<ThreadUse> threadUses() {
        List<ThreadUse> uses = new ArrayList<>();
        for (int tid : tids()) {
            KernelThread a = after.threads.get(tid);
            boolean ended = a == null;
            if (ended) {
                a = lastSeen().get(tid);
            }
            if (a == null) {
                continue;
            }
            KernelThread b = before.threads.get(tid);
            long cpu;
            long rq = -1;
            if (!ended && a.onCpuNanos() >= 0) {
                cpu = a.onCpuNanos() - (b == null ? 0 : b.onCpuNanos());
                rq = a.runQueueNanos() - (b == null ? 0 : b.runQueueNanos());
            } else {
                cpu = (a.userTicks() + a.systemTicks() - (b == null ? 0 : b.userTicks() + b.systemTicks()))
                        * KernelThread.NANOS_PER_TICK;
            }
            if (tid == callerTid && after.callerSched[0] >= 0 && before.callerSched[0] >= 0) {
                cpu = after.callerSched[0] - before.callerSched[0];           // the window's edges, not the snapshots'
                rq = after.callerSched[1] - before.callerSched[1];
            } else if (tid == callerTid) {
                cpu = Math.max(0, cpu - callerOverhead());
            }
            ThreadSampler.Seen s = sampler.states(tid);
            uses.add(new ThreadUse(tid, a.name(), a.isJvmService(), Math.max(0, cpu), rq, b == null, ended,
                    s.running, s.sleeping, s.diskWait));
        }
        uses.sort(Comparator.comparingLong(ThreadUse::cpuNanos).reversed());
        return uses;
    }

    /** Blocked (or waited) time of program platform threads that ran in the window, the caller included. */
    private Figure javaTime(boolean blocked) {
        if (!JvmSnapshot.contentionMeasured()) {
            return Figure.unavailable(Unit.SECONDS, "this JVM does not measure thread contention");
        }
        long millis = 0;
        long callerId = Thread.currentThread().threadId();
        for (JvmSnapshot.JavaThread t : after.jvm.threads().values()) {
            JvmSnapshot.JavaThread b = before.jvm.threads().get(t.id());
            boolean ran = t.cpuNanos() > (b == null ? 0 : b.cpuNanos()) || t.id() == callerId;
            long now = blocked ? t.blockedMillis() : t.waitedMillis();
            long then = b == null ? 0 : blocked ? b.blockedMillis() : b.waitedMillis();
            if (ran && now >= 0) {
                millis += now - Math.max(0, then);
            }
        }
        return Figure.seconds(millis * 1_000_000L);
    }

    private Figure allocated() {
        if (after.allocated < 0 || before.allocated < 0) {
            return Figure.unavailable(Unit.BYTES, "this JVM does not count allocated bytes");
        }
        return Figure.bytes(after.allocated - before.allocated);
    }

    /** Which of the profiler's own reads to take out of an I/O figure. */
    private enum Own { NONE, CALLS, BYTES }

    private Figure io(ToLongFunction<ProcIo> field, Unit unit, Own own) {
        if (after.io == null || before.io == null) {
            return Figure.unavailable(unit, "/proc/self/io is missing (kernel without task I/O accounting)");
        }
        long delta = field.applyAsLong(after.io) - field.applyAsLong(before.io);
        delta -= switch (own) {
            case NONE -> 0;
            case CALLS -> after.ownReadCalls - before.ownReadCalls;
            case BYTES -> after.ownReadBytes - before.ownReadBytes;
        };
        return Figure.of(Math.max(0, delta), unit);
    }
}
