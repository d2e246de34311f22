package dev.weft.profile;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the JVM says at one instant: collections and each platform thread's
 * CPU, blocked and waited time (through {@code com.sun.management.ThreadMXBean}, with thread
 * contention monitoring switched on); the bytes allocated are read apart, at the work's edges
 * ({@link #allocatedSoFar}). Virtual threads are not in it: their CPU is their
 * carrier's, which the kernel counts.
 */
record JvmSnapshot(long gcMillis, long gcCount, Map<Long, JavaThread> threads) {
    /** One platform thread's figures; blocked and waited are -1 when the JVM does not measure them. */
    record JavaThread(long id, String name, long cpuNanos, long blockedMillis, long waitedMillis) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The JDK's own Java-level service threads, which are never the program's. */
    private static final Set<String> SERVICE = Set.of("Reference Handler", "Finalizer", "Signal Dispatcher",
            "Common-Cleaner", "Notification Thread", "Attach Listener", "weft-profile-sampler", "process reaper");

    static {
        if (THREADS.isThreadContentionMonitoringSupported() && !THREADS.isThreadContentionMonitoringEnabled()) {
            THREADS.setThreadContentionMonitoringEnabled(true);
        }
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    static JvmSnapshot take() {
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        Map<Long, JavaThread> threads = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) {
            if (info == null || SERVICE.contains(info.getThreadName())) {
                continue;
            }
            long id = info.getThreadId();
            threads.put(id, new JavaThread(id, info.getThreadName(), THREADS.getThreadCpuTime(id),
                    info.getBlockedTime(), info.getWaitedTime()));
        }
        return new JvmSnapshot(gcMillis, gcCount, threads);
    }

    /** Bytes allocated on the heap so far by every thread, ended ones included; -1 when not counted. */
    static long allocatedSoFar() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled()
                ? THREADS.getTotalThreadAllocatedBytes() : -1;
    }

    /** Whether blocked and waited times are measured on this JVM. */
    static boolean contentionMeasured() {
        return THREADS.isThreadContentionMonitoringEnabled();
    }
}
