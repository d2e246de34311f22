package dev.weft.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WorkingSetTest {
    private static final String SMAPS = """
            600000000-680000000 rw-p 00000000 00:00 0
            Size:            2097152 kB
            Referenced:         3072 kB
            VmFlags: rd wr mr mw me ac
            7f0000000000-7f0000400000 rw-p 00000000 00:00 0
            Referenced:         4096 kB
            7f1234567000-7f1238567000 rw-p 00000000 00:00 0
            Referenced:        65536 kB
            7f2000000000-7f2000100000 r-xp 00000000 fe:00 123   /usr/lib/libc.so.6
            Referenced:         1024 kB
            7f3000000000-7f3000100000 r--p 00000000 fe:00 124   /data/table.bin
            Referenced:          512 kB
            7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0     [stack]
            Referenced:           64 kB
            """;

    @Test
    void countsDataMappingsAndLeavesOutCodeLibrariesAndMallocArenas() {
        WorkingSet.Reading r = WorkingSet.parse(SMAPS, new long[] {0x600000000L, 0x800000000L});

        // heap 3 MiB, one off-heap block 64 MiB, a data file 512 KiB, a stack 64 KiB; the arena
        // (64 MiB-aligned) and libc's code are not counted
        assertThat(r.largestRegionBytes()).isEqualTo(65536L << 10);
        assertThat(r.totalBytes()).isEqualTo((3072L + 65536 + 512 + 64) << 10);
    }

    @Test
    void theHeapCountsAsOneRegionHoweverManyMappingsItSpans() {
        String split = """
                600000000-640000000 rw-p 00000000 00:00 0
                Referenced:         3072 kB
                640000000-680000000 rw-p 00000000 00:00 0
                Referenced:         3072 kB
                """;

        assertThat(WorkingSet.parse(split, new long[] {0x600000000L, 0x800000000L}).largestRegionBytes())
                .isEqualTo(6144L << 10);
    }

    @Test
    void heapRangesAreReadFromTheCollectorsOwnReport() {
        String g1 = " garbage-first heap   total reserved 6172672K, committed 393216K, used 23796K"
                + " [0x0000000687400000, 0x0000000800000000)\n region size 4096K";

        assertThat(WorkingSet.parseHeapInfo(g1)).containsExactly(0x687400000L, 0x800000000L);
        assertThat(WorkingSet.heapRanges()).isNotEmpty();
    }
}
