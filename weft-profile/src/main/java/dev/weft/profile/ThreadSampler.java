package dev.weft.profile;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Looks at every thread of this process at a fixed period while a window is open, so that
 * threads that came and went within it are seen, and the kernel state of each (running,
 * sleeping, waiting on a disk) is counted.
 *
 * <p>Implementation notes: one daemon platform thread. It reads {@code stat} only, into one
 * reused buffer, and parses the bytes in place: what it allocates lands on the heap and would
 * count as memory the work touched, so it allocates next to nothing (a thread's name once).
 * Its reads go through {@link ProcFiles}, whose counts the profiler takes out of the I/O
 * figures. {@code seen} is touched by the sampler thread alone until {@link #stop} has joined
 * it; after that, by the caller alone.
 */
final class ThreadSampler {
    /** How often a thread was seen in each kernel state, and how it last looked. */
    static final class Seen {
        final int tid;
        final String name;
        int running;
        int sleeping;
        int diskWait;
        int other;
        long userTicks;
        long systemTicks;
        long minorFaults;
        long majorFaults;
        char state;

        Seen(int tid, String name) {
            this.tid = tid;
            this.name = name;
        }

        KernelThread last() {
            return new KernelThread(tid, name, state, userTicks, systemTicks, minorFaults, majorFaults, -1, -1, -1, -1);
        }
    }

    private static final Seen NONE = new Seen(-1, "");
    private final Duration period;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Map<Integer, Seen> seen = new HashMap<>();
    private final byte[] buf = new byte[1024];
    private volatile int samplerTid = -1;
    private volatile long ownCpuNanos;
    private Thread thread;

    ThreadSampler(Duration period) {
        this.period = period;
    }

    void start() {
        CountDownLatch started = new CountDownLatch(1);
        thread = Thread.ofPlatform().daemon().name("weft-profile-sampler").start(() -> {
            samplerTid = Profiler.currentTid();
            started.countDown();
            try {
                do {
                    sample();
                } while (!stop.await(period.toNanos(), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ownCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }
        });
        try {
            started.await();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private void sample() {
        String[] tids = new File("/proc/self/task").list();
        if (tids == null) {
            return;
        }
        for (String t : tids) {
            int tid = Integer.parseInt(t);
            if (tid != samplerTid) {
                look(tid, t);
            }
        }
    }

    /** Parses "tid (name) S ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …". */
    private void look(int tid, String t) {
        int len = ProcFiles.readInto("/proc/self/task/" + t + "/stat", buf);
        int close = len;
        while (--close > 0 && buf[close] != ')') {
            // the name ends at the last ')', since it may hold parentheses itself
        }
        if (close <= 0 || close + 2 >= len) {
            return;                                           // ended between the listing and the read
        }
        Seen s = seen.get(tid);
        if (s == null) {
            int open = 0;
            while (open < close && buf[open] != '(') {
                open++;
            }
            s = new Seen(tid, new String(buf, open + 1, close - open - 1, java.nio.charset.StandardCharsets.US_ASCII));
            seen.put(tid, s);
        }
        s.state = (char) buf[close + 2];
        switch (s.state) {
            case 'R' -> s.running++;
            case 'S' -> s.sleeping++;
            case 'D' -> s.diskWait++;
            default -> s.other++;
        }
        int at = close + 2;
        for (int field = 0; field <= 12 && at < len; field++) {          // field 0 is the state
            int start = at;
            long v = 0;
            while (at < len && buf[at] != ' ') {
                v = buf[at] >= '0' && buf[at] <= '9' ? v * 10 + (buf[at] - '0') : v;
                at++;
            }
            at++;
            if (start == at - 1) {
                continue;
            }
            switch (field) {
                case 7 -> s.minorFaults = v;
                case 9 -> s.majorFaults = v;
                case 11 -> s.userTicks = v;
                case 12 -> s.systemTicks = v;
                default -> { }
            }
        }
    }

    /** Ends the sampler thread, which takes one last sample if the period allows. */
    void stop() {
        stop.countDown();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int samplerTid() {
        return samplerTid;
    }

    /** The sampler thread's own CPU, which the profiler takes out of the process's. */
    long ownCpuNanos() {
        return ownCpuNanos;
    }

    /** The last look at each thread seen, threads that have since ended included. */
    Map<Integer, KernelThread> lastSeen() {
        Map<Integer, KernelThread> last = new HashMap<>();
        seen.forEach((tid, s) -> last.put(tid, s.last()));
        return last;
    }

    /** How often {@code tid} was seen in each state. */
    Seen states(int tid) {
        return seen.getOrDefault(tid, NONE);
    }
}
