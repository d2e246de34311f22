package dev.weft.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MachineTest {
    @Test
    void memoryIsReachedAtTheFirstRungWithHalfTheSlowestLatency() {
        List<Machine.Rung> ladder = List.of(new Machine.Rung(1 << 20, 5), new Machine.Rung(4 << 20, 40),
                new Machine.Rung(16 << 20, 120), new Machine.Rung(256 << 20, 200));

        assertThat(Machine.reach(ladder)).isEqualTo(16 << 20);
    }

    @Test
    void oneDisturbedLargeRungDoesNotMoveWhereMemoryBegins() {
        List<Machine.Rung> ladder = List.of(new Machine.Rung(1 << 20, 6), new Machine.Rung(4 << 20, 40),
                new Machine.Rung(16 << 20, 150), new Machine.Rung(64 << 20, 190), new Machine.Rung(256 << 20, 900));

        assertThat(Machine.reach(ladder)).isEqualTo(16 << 20);
    }

    @Test
    void cacheSizesParseAsTheKernelWritesThem() {
        assertThat(Machine.parseSize("48K\n")).isEqualTo(48 << 10);
        assertThat(Machine.parseSize("2048K")).isEqualTo(2 << 20);
        assertThat(Machine.parseSize("32M")).isEqualTo(32 << 20);
        assertThat(Machine.parseSize("")).isEqualTo(-1);
        assertThat(Machine.parseSize("lots")).isEqualTo(-1);
    }

    @Test
    void aWorkingSetIsPlacedInTheSmallestLevelItFits() {
        Machine m = Profiles.MACHINE;

        assertThat(m.placeOf(16 << 10)).isEqualTo("L1");
        assertThat(m.placeOf(1 << 20)).isEqualTo("L2");
        assertThat(m.placeOf(8 << 20)).isEqualTo("the last-level cache");
        assertThat(m.placeOf(64 << 20)).isEqualTo("memory");
    }

    @Test
    void thisMachinesLadderGrowsFromTheFirstRungToTheLast() {
        Machine m = Machine.current();

        assertThat(m.cores()).isPositive();
        assertThat(m.ladder()).hasSize(6);
        assertThat(m.ladder().getLast().nanosPerLoad()).isGreaterThan(m.ladder().getFirst().nanosPerLoad());
        assertThat(m.describe()).contains("cores", "measured:");
    }
}
