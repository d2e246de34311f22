package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a loop lists when it closes: tasks nobody joined that still ran, failures nobody saw. */
@Timeout(20)
class OrphanReportTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();

    private record Report(String what, Throwable evidence) {
    }

    private static List<Report> close(EventLoop.Options options, java.util.concurrent.Callable<Object> main) {
        List<Report> reports = new ArrayList<>();
        Weft.run(options.withFailureHandler((w, e) -> reports.add(new Report(w, e)))
                .withDiagnostics((w, e) -> reports.add(new Report(w, e))), main);
        return reports;
    }

    private static Object spawnForgotten() {
        Weft.spawn("forgotten", () -> {
            Weft.sleep(Duration.ofHours(1));
            return null;
        });
        return null;
    }

    @Test
    void aTaskStillRunningWhenMainReturnsIsListedWithWhereItIs() {
        List<Report> reports = close(VIRTUAL, () -> {
            spawnForgotten();
            Weft.yieldNow();
            return null;
        });
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.what()).isEqualTo("task 'forgotten' was still running when main returned, and nobody joined it;"
                    + " it is cancelled");
            assertThat(r.evidence().getMessage()).contains("spawn stacks are not recorded");
            assertThat(Arrays.toString(r.evidence().getStackTrace())).contains("OrphanReportTest.lambda$spawnForgotten");
        });
    }

    @Test
    void withSpawnStacksAnOrphanIsListedWithTheStackWhereItWasSpawned() {
        List<Report> reports = close(VIRTUAL.withSpawnStacks(true), () -> {
            spawnForgotten();
            return null;
        });
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.evidence().getMessage()).isEqualTo("task 'forgotten' was spawned here");
            assertThat(Arrays.toString(r.evidence().getStackTrace())).contains("OrphanReportTest.spawnForgotten");
        });
    }

    @Test
    void withSpawnStacksAFailureNobodyJoinedCarriesItsSpawnStack() {
        List<Report> reports = close(VIRTUAL.withSpawnStacks(true), () -> {
            Weft.spawn("careless", () -> {
                throw new IllegalStateException("nobody listens");
            });
            Weft.sleep(Duration.ofSeconds(1));
            return null;
        });
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.what()).contains("careless").contains("nobody joined it");
            assertThat(r.evidence()).hasMessage("nobody listens");
            assertThat(r.evidence().getSuppressed()).singleElement()
                    .satisfies(s -> assertThat(Arrays.toString(s.getStackTrace())).contains("OrphanReportTest"));
        });
    }

    @Test
    void joinedTasksAndChildrenOfGroupsAreNoOrphans() {
        List<Report> reports = close(VIRTUAL, () -> {
            Weft.spawn(() -> null).join();
            Weft.spawn("done", () -> null);
            TaskGroup.run(g -> g.spawn(() -> {
                Weft.sleep(Duration.ofSeconds(1));
                return null;
            }));
            return null;
        });
        assertThat(reports).isEmpty();
    }

    @Test
    void manyOrphansAreListedUpToALimitThenCounted() {
        List<Report> reports = close(VIRTUAL, () -> {
            for (int i = 0; i < 30; i++) {
                spawnForgotten();
            }
            return null;
        });
        assertThat(reports).hasSize(21);
        assertThat(reports.getLast().what()).startsWith("10 more tasks nobody joined");
    }
}
