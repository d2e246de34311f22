package dev.weft.profile;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The memory a piece of work touched, read from the kernel's page tables: clearing the
 * "referenced" bits ({@code /proc/self/clear_refs}) before the work and adding up
 * {@code Referenced:} in {@code /proc/self/smaps} after it. Counts pages (4 KiB), not cache
 * lines or accesses: it says how much memory the work reached, not how often.
 *
 * <p>Only the program's data counts: the Java heap, other anonymous memory (off-heap buffers,
 * stacks) and mapped data files. Code (executable mappings), the JDK's own files and shared
 * libraries are left out, since the JVM touches them whatever the work does; so are glibc's
 * per-thread malloc arenas (64 MiB-aligned anonymous mappings), where the JIT compilers and
 * the collector keep their scratch memory and which compiling alone fills by megabytes. An
 * off-heap block the size of a working set is a mapping of its own, not in an arena.
 *
 * <p>Implementation notes: {@code clear_refs} needs the process's own credentials only; the
 * smaps walk costs a few milliseconds for a JVM with a large heap, and happens after the
 * measured window closes. The heap's address range comes from the {@code GC.heap_info}
 * diagnostic command. The largest region (the heap counted as one) is kept apart from the total
 * because the work's data usually lives in one, while threads leave a few KiB on their stacks.
 */
final class WorkingSet {
    /** One reading: the region that was touched most, and the total. */
    record Reading(long largestRegionBytes, long totalBytes) {
    }

    private static final String JAVA_HOME = System.getProperty("java.home", "/nonexistent");

    private WorkingSet() {
    }

    /**
     * Starts a window: clears the referenced bits of every page of this process.
     *
     * @return null when cleared, else why the working set cannot be measured here
     */
    static String start() {
        if (!ProcFiles.write("/proc/self/clear_refs", "1")) {
            return "cannot write /proc/self/clear_refs (not Linux, or the kernel lacks CONFIG_PROC_PAGE_MONITOR)";
        }
        return null;
    }

    /** Reused by {@link #finish}: reading smaps allocates nothing new, so it touches no fresh heap. */
    private static final byte[] BUFFER = new byte[64 << 10];

    /**
     * Ends a window: the pages referenced since {@link #start}, or null when smaps cannot be read.
     * Parses as it reads, line by line in one reused buffer, since what it allocated would be
     * pages touched while the kernel is still counting them.
     */
    static synchronized Reading finish() {
        Tally tally = new Tally(heapRanges());
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/self/smaps")) {
            int kept = 0;
            while (true) {
                int n = in.read(BUFFER, kept, BUFFER.length - kept);
                if (n < 0) {
                    tally.lines(BUFFER, 0, kept, true);
                    return tally.reading();
                }
                int used = tally.lines(BUFFER, 0, kept + n, false);
                if (used == 0 && kept + n == BUFFER.length) {
                    used = BUFFER.length;                                     // no line is this long: drop it
                }
                System.arraycopy(BUFFER, used, BUFFER, 0, kept + n - used);     // the unfinished line
                kept = kept + n - used;
            }
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static Reading parse(String smaps, long[] heap) {
        byte[] bytes = smaps.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Tally tally = new Tally(heap);
        tally.lines(bytes, 0, bytes.length, true);
        return tally.reading();
    }

    /** Adds up smaps lines as they come: which mapping we are in, and its "Referenced:" figure. */
    private static final class Tally {
        private static final byte[] REFERENCED = "Referenced:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private final long[] heap;
        private long largest;
        private long total;
        private long inHeap;
        private boolean counted;
        private boolean heapRegion;

        Tally(long[] heap) {
            this.heap = heap;
        }

        /** Takes the whole lines in b[from, to) (and the rest too, at the end); returns where the unfinished one starts. */
        int lines(byte[] b, int from, int to, boolean last) {
            int start = from;
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    line(b, start, i);
                    start = i + 1;
                }
            }
            if (last && start < to) {
                line(b, start, to);
                return to;
            }
            return start;
        }

        private void line(byte[] b, int from, int to) {
            int space = from;
            while (space < to && b[space] != ' ') {
                space++;
            }
            if (space == from || space == to) {
                return;
            }
            if (b[space - 1] != ':') {                      // a header: "lo-hi perms offset dev inode [path]"
                String header = new String(b, from, to - from, java.nio.charset.StandardCharsets.US_ASCII);
                long lo = Long.parseUnsignedLong(header.substring(0, header.indexOf('-')), 16);
                heapRegion = inRanges(lo, heap);
                counted = isData(header) && (heapRegion || !isArena(header, lo));
            } else if (counted && startsWith(b, from, to, REFERENCED)) {
                long kb = 0;
                for (int i = from + REFERENCED.length; i < to; i++) {
                    if (b[i] >= '0' && b[i] <= '9') {
                        kb = kb * 10 + (b[i] - '0');
                    }
                }
                if (kb > 0) {
                    total += kb * 1024;
                    if (heapRegion) {
                        inHeap += kb * 1024;
                    } else {
                        largest = Math.max(largest, kb * 1024);
                    }
                }
            }
        }

        private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
            if (to - from < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (b[from + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        Reading reading() {
            return new Reading(Math.max(largest, inHeap), total);
        }
    }

    /** glibc's per-thread arenas are reserved 64 MiB at a time, aligned to 64 MiB. */
    private static final long ARENA = 64L << 20;
    private static volatile long[] heapRanges;

    /** An anonymous mapping at a 64 MiB boundary: one of glibc's per-thread malloc arenas. */
    private static boolean isArena(String header, long lo) {
        return lo % ARENA == 0 && header.trim().split("\\s+").length == 5;
    }

    private static boolean inRanges(long address, long[] ranges) {
        for (int i = 0; i + 1 < ranges.length; i += 2) {
            if (address >= ranges[i] && address < ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** The Java heap's reserved address ranges, lo and hi in turn; empty when the collector does not say. */
    static long[] heapRanges() {
        long[] ranges = heapRanges;
        if (ranges == null) {
            ranges = parseHeapInfo(heapInfo());
            heapRanges = ranges;
        }
        return ranges;
    }

    private static String heapInfo() {
        try {
            Object info = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcHeapInfo",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return String.valueOf(info);
        } catch (JMException | RuntimeException e) {
            return "";
        }
    }

    /** The first and last address of each "[0x…, 0x…)" bracket in GC.heap_info's text. */
    static long[] parseHeapInfo(String text) {
        List<Long> bounds = new ArrayList<>();
        Matcher m = BRACKET.matcher(text);
        while (m.find()) {
            bounds.add(Long.parseUnsignedLong(m.group(1), 16));
            bounds.add(Long.parseUnsignedLong(m.group(2), 16));
        }
        return bounds.stream().mapToLong(Long::longValue).toArray();
    }

    private static final Pattern BRACKET = Pattern.compile("\\[0x([0-9a-f]+),[^\\]]*?0x([0-9a-f]+)\\)");

    /** Whether a mapping (its smaps header line) holds the program's data rather than code or the JDK. */
    static boolean isData(String header) {
        String[] f = header.trim().split("\\s+", 6);
        if (f.length < 5 || f[1].indexOf('x') >= 0) {
            return false;
        }
        String path = f.length == 6 ? f[5].trim() : "";
        if (path.isEmpty() || path.startsWith("[heap]") || path.startsWith("[stack") || path.startsWith("[anon")) {
            return true;
        }
        if (path.startsWith("[")) {
            return false;                                  // vvar, vdso, vsyscall
        }
        return !path.startsWith(JAVA_HOME) && !path.contains(".so") && !path.endsWith(".jsa")
                && !path.endsWith(".jar");
    }
}
