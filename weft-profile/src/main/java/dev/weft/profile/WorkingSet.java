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
    /** One reading: the region that was touched most, the total, and how many regions were touched. */
    record Reading(long largestRegionBytes, long totalBytes, int regionsTouched) {
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

    /** Ends a window: the pages referenced since {@link #start}, or null when smaps cannot be read. */
    static Reading finish() {
        String smaps = ProcFiles.read("/proc/self/smaps");
        return smaps == null ? null : parse(smaps);
    }

    static Reading parse(String smaps) {
        return parse(smaps, heapRanges());
    }

    static Reading parse(String smaps, long[] heap) {
        long largest = 0;
        long total = 0;
        long inHeap = 0;
        int touched = 0;
        boolean counted = false;
        boolean heapRegion = false;
        for (int start = 0; start < smaps.length(); ) {
            int end = smaps.indexOf('\n', start);
            if (end < 0) {
                end = smaps.length();
            }
            String line = smaps.substring(start, end);
            start = end + 1;
            int space = line.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            if (line.charAt(space - 1) != ':') {          // a header: "lo-hi perms offset dev inode [path]"
                long lo = Long.parseUnsignedLong(line.substring(0, line.indexOf('-')), 16);
                heapRegion = inRanges(lo, heap);
                counted = isData(line) && (heapRegion || !isArena(line, lo));
            } else if (counted && line.startsWith("Referenced:")) {
                long bytes = ProcFiles.field(line, "Referenced:") * 1024;
                if (bytes > 0) {
                    touched++;
                    total += bytes;
                    if (heapRegion) {
                        inHeap += bytes;
                    } else {
                        largest = Math.max(largest, bytes);
                    }
                }
            }
        }
        return new Reading(Math.max(largest, inHeap), total, touched);
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
