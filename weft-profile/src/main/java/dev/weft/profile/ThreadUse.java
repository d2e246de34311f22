package dev.weft.profile;

/**
 * How one thread spent a measured window, as the kernel counts it.
 *
 * @param tid            the kernel's thread id
 * @param name           the kernel's name for it (the Java name, cut to 15 characters)
 * @param jvmService     whether it is one of the JVM's own (compiler, GC, VM thread), not the program's
 * @param cpuNanos       time on a CPU within the window
 * @param runQueueNanos  time it was ready to run but waited for a CPU; -1 when unknown
 * @param started        whether it started within the window
 * @param ended          whether it ended within the window (its figures are then the last sample's, a lower bound)
 * @param samplesRunning samples that saw it running or runnable
 * @param samplesSleeping samples that saw it sleeping (waiting for an event, a timer, a lock)
 * @param samplesDiskWait samples that saw it in uninterruptible wait (storage I/O, page faults from disk)
 */
public record ThreadUse(int tid, String name, boolean jvmService, long cpuNanos, long runQueueNanos,
                        boolean started, boolean ended, int samplesRunning, int samplesSleeping,
                        int samplesDiskWait) {
}
