package dev.weft.profile;

import dev.weft.profile.Figure.Unit;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Profiles an external command and everything it starts: {@code weft classify -- make -j2}.
 * The command inherits this JVM's standard streams.
 *
 * <p>What is exact and what is sampled: CPU (user and kernel), page faults and I/O come from
 * this process's own accounting, into which the kernel adds a child's figures when it is
 * reaped; they cover every descendant that was waited for. Thread states, time waiting for a
 * CPU, context switches and the working set are sampled from {@code /proc/PID} of each live
 * descendant every 20 ms (the working set as the most memory touched in any 100 ms), so a
 * process that lives shorter than a sample is missed there. JVM figures (allocation, GC,
 * ThreadMXBean) are unavailable: they are seen from inside a JVM only (use
 * {@code weft classify --main} for a Java program).
 *
 * <p>Implementation notes: the tree is found by walking {@code /proc/PID/task/TID/children}
 * from the command's process; samples are kept per thread id, the last one of each counting.
 */
public final class ExternalProfiler {
    private static final Duration PERIOD = Duration.ofMillis(20);
    private static final int WORKING_SET_EVERY = 5;

    private ExternalProfiler() {
    }

    /** The profile, and the command's exit status. */
    public record Result(Profile profile, int exitCode) {
    }

    /**
     * Runs {@code command} to its end and measures it.
     *
     * <p><b>Cancellation.</b> Waits for the command; an interrupt kills it (and its tree) and
     * throws {@link java.util.concurrent.CancellationException}.
     *
     * @throws IOException if the command cannot be started (the message names it)
     */
    public static Result run(List<String> command) throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to profile: give one after --, e.g. weft classify -- sleep 1");
        }
        String whyNoCounters = PerfStat.whyUnavailable();
        Path perfOut = whyNoCounters == null ? Files.createTempFile("weft-perf", ".csv") : null;
        List<String> actual = perfOut == null ? command : PerfStat.wrap(command, perfOut);
        long[] before = selfStat();
        long ownCalls = ProcFiles.readCalls();
        long ownBytes = ProcFiles.readBytes();
        long ownWriteCalls = ProcFiles.writeCalls();
        long ownWriteBytes = ProcFiles.writeBytes();
        ProcIo ioBefore = ProcIo.read();
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(actual).inheritIO().start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        }
        Tree tree = new Tree(process.pid());
        int exit;
        try {
            int round = 0;
            while (!process.waitFor(PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
                tree.sample(++round % WORKING_SET_EVERY == 0);
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while profiling " + command);
        }
        long wall = System.nanoTime() - start;
        long[] after = selfStat();
        long calls = ProcFiles.readCalls() - ownCalls;
        long bytes = ProcFiles.readBytes() - ownBytes;
        long[] ownWrites = {ProcFiles.writeCalls() - ownWriteCalls, ProcFiles.writeBytes() - ownWriteBytes};
        ProcIo ioAfter = ProcIo.read();
        HardwareCounters counters = perfOut == null ? HardwareCounters.unavailable(whyNoCounters) : PerfStat.read(perfOut);
        if (perfOut != null) {
            Files.deleteIfExists(perfOut);
        }
        return new Result(tree.profile(Duration.ofNanos(wall), before, after, ioBefore, ioAfter,
                new long[] {calls, bytes, ownWrites[0], ownWrites[1]}, counters), exit);
    }

    /** {minflt, cminflt, majflt, cmajflt, utime, stime, cutime, cstime} of this process, in ticks. */
    private static long[] selfStat() {
        String stat = ProcFiles.read("/proc/self/stat");
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return new long[] {Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]),
                Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    /** The samples of a command's process tree. */
    private static final class Tree {
        private final long root;
        private final Map<Integer, KernelThread> last = new HashMap<>();
        private final Map<Integer, int[]> states = new HashMap<>();
        private long workingSet = -1;
        private long workingSetTotal = -1;

        Tree(long root) {
            this.root = root;
        }

        void sample(boolean workingSetToo) {
            for (long pid : pids()) {
                String[] tids = new File("/proc/" + pid + "/task").list();
                if (tids == null) {
                    continue;
                }
                for (String t : tids) {
                    KernelThread k = KernelThread.read("/proc/" + pid + "/task/" + t + "/", true);
                    if (k != null) {
                        last.put(k.tid(), k);
                        int[] c = states.computeIfAbsent(k.tid(), x -> new int[3]);
                        c[k.state() == 'R' ? 0 : k.state() == 'D' ? 2 : 1]++;
                    }
                }
                if (workingSetToo) {
                    sampleWorkingSet(pid);
                }
            }
        }

        private void sampleWorkingSet(long pid) {
            String smaps = ProcFiles.read("/proc/" + pid + "/smaps", 1 << 20);
            if (smaps != null) {
                WorkingSet.Reading r = WorkingSet.parse(smaps, new long[0]);
                workingSet = Math.max(workingSet, r.largestRegionBytes());
                workingSetTotal = Math.max(workingSetTotal, r.totalBytes());
            }
            ProcFiles.write("/proc/" + pid + "/clear_refs", "1");
        }

        /** The command's process and its live descendants. */
        private Set<Long> pids() {
            Set<Long> found = new HashSet<>();
            List<Long> todo = new ArrayList<>(List.of(root));
            while (!todo.isEmpty()) {
                long pid = todo.removeLast();
                if (!found.add(pid)) {
                    continue;
                }
                String[] tids = new File("/proc/" + pid + "/task").list();
                for (String t : tids == null ? new String[0] : tids) {
                    String children = ProcFiles.read("/proc/" + pid + "/task/" + t + "/children");
                    if (children != null && !children.isBlank()) {
                        for (String c : children.trim().split("\\s+")) {
                            todo.add(Long.parseLong(c));
                        }
                    }
                }
            }
            return found;
        }

        /** {@code own}: this JVM's own read calls, read bytes, write calls, written bytes while it watched. */
        Profile profile(Duration wall, long[] b, long[] a, ProcIo ioB, ProcIo ioA, long[] own,
                        HardwareCounters counters) {
            long ownCalls = own[0];
            long ownBytes = own[1];
            long tick = KernelThread.NANOS_PER_TICK;
            long user = (a[6] - b[6]) * tick;
            long system = (a[7] - b[7]) * tick;
            long rq = last.values().stream().mapToLong(k -> Math.max(0, k.runQueueNanos())).sum();
            long vol = last.values().stream().mapToLong(k -> Math.max(0, k.voluntarySwitches())).sum();
            long invol = last.values().stream().mapToLong(k -> Math.max(0, k.involuntarySwitches())).sum();
            String inJvm = "seen from inside a JVM only; use weft classify --main for a Java program";
            Figure none = Figure.unavailable(Unit.SECONDS, inJvm);
            boolean io = ioA != null && ioB != null;
            String noIo = "/proc/self/io is missing (kernel without task I/O accounting)";
            List<ThreadUse> threads = new ArrayList<>();
            last.forEach((tid, k) -> {
                int[] s = states.get(tid);
                threads.add(new ThreadUse(tid, k.name(), false, Math.max(0, k.onCpuNanos()), k.runQueueNanos(), true,
                        true, s[0], s[1], s[2]));
            });
            Figure ws = workingSet < 0 ? Figure.unavailable(Unit.BYTES, "the command ended before a working-set sample")
                    : Figure.bytes(workingSet);
            Figure wsTotal = workingSetTotal < 0 ? ws : Figure.bytes(workingSetTotal);
            return new Profile(wall, Figure.seconds(user + system), Figure.seconds(user + system), Figure.seconds(user),
                    Figure.seconds(system), last.isEmpty() ? Figure.unavailable(Unit.SECONDS, "no sample saw it running")
                    : Figure.seconds(rq), Figure.unavailable(Unit.SECONDS, "an external command's threads are not told apart"),
                    none, none, Figure.unavailable(Unit.BYTES, inJvm), none, Figure.unavailable(Unit.COUNT, inJvm),
                    io ? Figure.bytes(Math.max(0, ioA.readChars() - ioB.readChars() - ownBytes)) : Figure.unavailable(Unit.BYTES, noIo),
                    io ? Figure.bytes(Math.max(0, ioA.writeChars() - ioB.writeChars() - own[3])) : Figure.unavailable(Unit.BYTES, noIo),
                    io ? Figure.count(Math.max(0, ioA.readCalls() - ioB.readCalls() - ownCalls)) : Figure.unavailable(Unit.COUNT, noIo),
                    io ? Figure.count(Math.max(0, ioA.writeCalls() - ioB.writeCalls() - own[2])) : Figure.unavailable(Unit.COUNT, noIo),
                    io ? Figure.bytes(ioA.storageRead() - ioB.storageRead()) : Figure.unavailable(Unit.BYTES, noIo),
                    io ? Figure.bytes(ioA.storageWrite() - ioB.storageWrite()) : Figure.unavailable(Unit.BYTES, noIo),
                    Figure.count(vol), Figure.count(invol), Figure.count(a[1] - b[1]), Figure.count(a[3] - b[3]),
                    ws, wsTotal, counters, threads);
        }
    }
}
