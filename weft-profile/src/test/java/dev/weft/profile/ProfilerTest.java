package dev.weft.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProfilerTest {
    private static volatile long sink;

    /** Spins until this thread has used {@code nanos} of CPU, whatever else the machine runs. */
    static void burn(long nanos) {
        var threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + nanos;
        long x = 1;
        while (threads.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + i;
            }
        }
        sink = x;
    }

    @Test
    void countsTheCpuOfThreadsThatCameAndWentWithinTheWindow() {
        Profile p = Profiler.measure(() -> {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                threads.add(Thread.ofPlatform().name("burner-" + i).start(() -> burn(150_000_000L)));
            }
            for (Thread t : threads) {
                t.join();
            }
        });

        assertThat(p.programCpu().value()).isGreaterThanOrEqualTo(0.28);   // ended threads: to a tick or two
        assertThat(p.threads()).anySatisfy(t -> {
            assertThat(t.name()).startsWith("burner-");
            assertThat(t.started()).isTrue();
            assertThat(t.ended()).isTrue();
        });
    }

    @Test
    void theCallingThreadsCpuIsItsOwnAndTheProfilersIsLeftOut() {
        Profile p = Profiler.measure(() -> burn(100_000_000L));

        assertThat(p.programCpu().value()).isBetween(0.099, 0.2);
        assertThat(p.cpuDemand().value()).isPositive();
    }

    @Test
    void countsBytesReadAndWrittenAndTheirCalls(@TempDir Path dir) {
        byte[] data = new byte[1 << 20];
        Path file = dir.resolve("data.bin");

        Profile p = Profiler.measure(() -> {
            Files.write(file, data);
            Files.readAllBytes(file);
        });

        assertThat(p.writeBytes().value()).isGreaterThanOrEqualTo(data.length);
        assertThat(p.readBytes().value()).isGreaterThanOrEqualTo(data.length);
        assertThat(p.readCalls().value()).isPositive();
        assertThat(p.writeCalls().value()).isPositive();
    }

    @Test
    void workThatDoesNoIoShowsNoneEvenThoughTheProfilerReadsProc() {
        Profile p = Profiler.measure(() -> burn(60_000_000L));

        assertThat(p.readCalls().value()).isZero();
        assertThat(p.readBytes().value()).isZero();
    }

    @Test
    void countsBytesAllocated() {
        Profile p = Profiler.measure(() -> {
            List<byte[]> kept = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                kept.add(new byte[1 << 20]);
            }
            sink = kept.size();
        });

        assertThat(p.allocated().value()).isGreaterThanOrEqualTo(64 << 20);
    }

    @Test
    void theWorkingSetIsTheMemoryTheWorkTouched() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(96L << 20, 4096);
            Profile p = Profiler.measure(() -> {
                long sum = 0;
                for (long i = 0; i < block.byteSize(); i += 4096) {
                    sum += block.get(ValueLayout.JAVA_BYTE, i);
                }
                sink = sum;
            });
            Profile idle = Profiler.measure(() -> burn(20_000_000L));

            assertThat(p.workingSet().value()).isGreaterThanOrEqualTo(0.95 * (96L << 20));   // page-exact, less the block's edges
            assertThat(idle.workingSet().value()).isLessThan(8 << 20);
        }
    }

    @Test
    void sleepingShowsAsWaitingAndAsSleepingSamples() {
        Profile p = Profiler.measure(() -> Thread.sleep(120));

        assertThat(p.waited().value()).isPositive();
        assertThat(p.cpuDemand().value()).isLessThan(0.5);
        assertThat(p.busyProgramThreads().stream().mapToInt(ThreadUse::samplesSleeping).sum()
                + p.threads().stream().filter(t -> t.name().startsWith("main")).mapToInt(ThreadUse::samplesSleeping).sum())
                .isPositive();
    }

    @Test
    void countersNotAskedForAreUnavailableAndSaySo() {
        Profile p = Profiler.create(Profiler.Options.defaults().withoutCounters()).profile(() -> burn(5_000_000L));

        assertThat(p.counters().anyAvailable()).isFalse();
        assertThat(p.counters().ipc().whyUnavailable()).isEqualTo("counters were not asked for");
    }

    @Test
    void countersThisMachineCannotReadAreUnavailableWithWhyNotEstimated() {
        Profile p = Profiler.measure(() -> burn(5_000_000L));
        String why = PerfStat.whyUnavailable();

        if (why == null) {
            assertThat(p.counters().instructions().value()).isPositive();
        } else {
            assertThat(p.counters().instructions().isAvailable()).isFalse();
            assertThat(p.counters().instructions().whyUnavailable()).isEqualTo(why);
        }
    }

    @Test
    void aCheckedFailureOfTheWorkIsWrappedAndAnUncheckedOneRethrownAsItWas() {
        IOException io = new IOException("disk on fire");
        IllegalStateException state = new IllegalStateException("bad state");

        assertThatThrownBy(() -> Profiler.measure(() -> {
            throw io;
        })).isInstanceOf(WorkFailedException.class).hasCause(io);
        assertThatThrownBy(() -> Profiler.measure(() -> {
            throw state;
        })).isSameAs(state);
    }

    @Test
    void theTextShowsEveryFigureAndWhyAnyIsMissing() {
        String text = Profiler.measure(() -> burn(5_000_000L)).toText();

        assertThat(text).contains("wall", "CPU, program threads", "waiting for a CPU", "allocated", "GC",
                "read / written", "page faults", "working set", "IPC", "threads (busiest first)");
    }
}
