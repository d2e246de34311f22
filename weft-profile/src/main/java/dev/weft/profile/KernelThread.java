package dev.weft.profile;

import java.io.File;
import java.util.HashMap;
import java.util.Map;

/**
 * What the kernel says about one thread of this process at one instant, from
 * {@code /proc/self/task/TID/{stat,schedstat,status}}.
 *
 * @param tid          the kernel's thread id
 * @param name         the kernel's name for it (the first 15 characters of the Java name)
 * @param state        R running, S sleeping, D in uninterruptible (disk) wait, …
 * @param userTicks    user CPU in clock ticks (1/100 s)
 * @param systemTicks  kernel CPU in clock ticks
 * @param minorFaults  page faults served without I/O
 * @param majorFaults  page faults that read from storage
 * @param onCpuNanos   time on a CPU (schedstat), -1 when the kernel keeps no schedstat
 * @param runQueueNanos time runnable but waiting for a CPU (schedstat), -1 when unknown
 * @param voluntarySwitches   times it gave up the CPU to wait; -1 when unknown
 * @param involuntarySwitches times the scheduler took the CPU from it; -1 when unknown
 */
record KernelThread(int tid, String name, char state, long userTicks, long systemTicks, long minorFaults,
                    long majorFaults, long onCpuNanos, long runQueueNanos, long voluntarySwitches,
                    long involuntarySwitches) {
    /** Linux reports utime and stime in USER_HZ ticks, 100 a second on every architecture Java runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;

    /** Every thread of this process now; with {@code full}, also schedstat and context switches. */
    static Map<Integer, KernelThread> snapshot(boolean full) {
        Map<Integer, KernelThread> threads = new HashMap<>();
        String[] tids = new File("/proc/self/task").list();
        if (tids == null) {
            return threads;
        }
        for (String t : tids) {
            KernelThread k = read("/proc/self/task/" + t + "/", full);
            if (k != null) {
                threads.put(k.tid(), k);
            }
        }
        return threads;
    }

    /**
     * One thread, from its task folder ({@code /proc/PID/task/TID/}), or null if it has ended;
     * {@code full} adds its scheduler figures and context switches.
     */
    static KernelThread read(String dir, boolean full) {
        String stat = ProcFiles.read(dir + "stat");
        if (stat == null) {
            return null;
        }
        long onCpu = -1;
        long runQueue = -1;
        long voluntary = -1;
        long involuntary = -1;
        if (full) {
            String sched = ProcFiles.read(dir + "schedstat");
            if (sched != null) {
                String[] parts = sched.trim().split(" ");
                if (parts.length >= 2) {
                    onCpu = Long.parseLong(parts[0]);
                    runQueue = Long.parseLong(parts[1]);
                }
            }
            String status = ProcFiles.read(dir + "status");
            voluntary = ProcFiles.field(status, "voluntary_ctxt_switches:");
            involuntary = ProcFiles.field(status, "nonvoluntary_ctxt_switches:");
        }
        return parseStat(stat, onCpu, runQueue, voluntary, involuntary);
    }

    /** Parses a {@code stat} line; the name may hold spaces and parentheses, so it ends at the last ')'. */
    static KernelThread parseStat(String stat, long onCpu, long runQueue, long voluntary, long involuntary) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        int tid = Integer.parseInt(stat.substring(0, open).trim());
        String name = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 2).trim().split(" ");
        // after the name: state(0) ppid pgrp session tty tpgid flags minflt(7) cminflt majflt(9) cmajflt utime(11) stime(12)
        return new KernelThread(tid, name, f[0].charAt(0), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[7]), Long.parseLong(f[9]), onCpu, runQueue, voluntary, involuntary);
    }

    /**
     * The calling thread's {on-CPU, run-queue} nanoseconds from {@code /proc/thread-self/schedstat},
     * read into {@code buf} so that nothing is allocated; {-1, -1} when unknown.
     */
    static long[] ownSchedstat(byte[] buf) {
        int len = ProcFiles.readInto("/proc/thread-self/schedstat", buf);
        long[] v = {-1, -1};
        int field = 0;
        long n = 0;
        boolean any = false;
        for (int i = 0; i < Math.max(len, 0) && field < 2; i++) {
            if (buf[i] >= '0' && buf[i] <= '9') {
                n = n * 10 + (buf[i] - '0');
                any = true;
            } else if (any) {
                v[field++] = n;
                n = 0;
                any = false;
            }
        }
        return v;
    }

    /** Whether this is one of the JVM's own service threads (compiler, GC, VM thread…), not the program's. */
    boolean isJvmService() {
        return isJvmServiceName(name);
    }

    static boolean isJvmServiceName(String n) {
        return n.startsWith("C1 Compiler") || n.startsWith("C2 Compiler") || n.startsWith("GC Thread")
                || n.startsWith("G1 ") || n.startsWith("VM ") || n.startsWith("Signal Dispatch")
                || n.startsWith("Service Thread") || n.startsWith("Monitor Deflati") || n.startsWith("Reference Handl")
                || n.startsWith("Finalizer") || n.startsWith("Common-Cleaner") || n.startsWith("Notification Th")
                || n.startsWith("Attach Listener") || n.startsWith("Sweeper") || n.startsWith("ZDirector")
                || n.startsWith("ZDriver") || n.startsWith("ZWorker") || n.startsWith("Shenandoah")
                || n.startsWith("Parallel GC") || n.startsWith("JFR ") || n.startsWith("Unsafe memory");
    }
}
