package dev.weft.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class KernelThreadTest {
    @Test
    void aStatLineParsesEvenWhenTheNameHoldsSpacesAndParentheses() {
        String stat = "4242 (a (b) c) S 1 4242 4242 0 -1 4194624 120 0 3 0 250 17 0 0 20 0 30 0 100 0 0";

        KernelThread k = KernelThread.parseStat(stat, 5, 6, 7, 8);

        assertThat(k.tid()).isEqualTo(4242);
        assertThat(k.name()).isEqualTo("a (b) c");
        assertThat(k.state()).isEqualTo('S');
        assertThat(k.minorFaults()).isEqualTo(120);
        assertThat(k.majorFaults()).isEqualTo(3);
        assertThat(k.userTicks()).isEqualTo(250);
        assertThat(k.systemTicks()).isEqualTo(17);
        assertThat(k.onCpuNanos()).isEqualTo(5);
        assertThat(k.runQueueNanos()).isEqualTo(6);
    }

    @Test
    void theJvmsOwnThreadsAreToldFromTheProgramsByName() {
        assertThat(KernelThread.isJvmServiceName("C2 CompilerThre")).isTrue();
        assertThat(KernelThread.isJvmServiceName("GC Thread#0")).isTrue();
        assertThat(KernelThread.isJvmServiceName("G1 Conc#0")).isTrue();
        assertThat(KernelThread.isJvmServiceName("main")).isFalse();
        assertThat(KernelThread.isJvmServiceName("weft-loop-0")).isFalse();
    }

    @Test
    void thisProcessHasThreadsWithScheduleStatistics() {
        var threads = KernelThread.snapshot(true);

        assertThat(threads).isNotEmpty();
        assertThat(threads.get(Profiler.currentTid())).isNotNull();
    }
}
