package dev.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeftRunTest {
    private static final EventLoop.Options VIRTUAL = EventLoop.Options.defaults().withVirtualTime();

    @Test
    void runReturnsWhatMainReturns() {
        assertThat(Weft.run(() -> "hello")).isEqualTo("hello");
    }

    @Test
    void runRethrowsMainsFailureAsThrown() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(() -> Weft.run(() -> {
            throw boom;
        })).isSameAs(boom);
        IOException io = new IOException("io");
        assertThatThrownBy(() -> Weft.run(() -> {
            throw io;
        })).isInstanceOf(TaskFailedException.class).hasCause(io);
    }

    @Test
    void runInsideARunningLoopIsAnError() {
        Weft.run(() -> {
            assertThatThrownBy(() -> Weft.run(() -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inside a running loop");
            Weft.loop().callSoon(() -> assertThatThrownBy(() -> Weft.run(() -> 1))
                    .isInstanceOf(IllegalStateException.class));
            Weft.yieldNow();
            return null;
        });
    }

    @Test
    void theLoopApiOutsideALoopIsAnError() {
        assertThatThrownBy(() -> Weft.spawn(() -> 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(Weft::currentTask).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(Weft::loop).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Weft.gather(List.of(() -> 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Weft.toThread(() -> 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Weft.shield(() -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runWorksFromAVirtualThread() throws Exception {
        List<Object> result = new ArrayList<>();
        Thread.ofVirtual().start(() -> result.add(Weft.run(() -> Weft.spawn(() -> 3).join()))).join();
        assertThat(result).containsExactly(3);
    }

    @Test
    void tasksStillRunningWhenMainEndsAreCancelledAndTheirFinallyRuns() {
        Trace trace = new Trace();
        Weft.run(VIRTUAL, () -> {
            Weft.spawn("straggler", () -> {
                try {
                    Weft.sleep(Duration.ofDays(1));
                } finally {
                    trace.add("straggler finally at " + Weft.loop().nanoTime());
                }
                return null;
            });
            Weft.yieldNow();
            return null;
        });
        trace.assertExactly("straggler finally at 0");
    }

    @Test
    void aFailureNobodyJoinedIsReportedWithItsStackWhenTheLoopCloses() {
        List<Throwable> reported = new ArrayList<>();
        List<String> what = new ArrayList<>();
        Weft.run(VIRTUAL.withFailureHandler((w, e) -> {
            what.add(w);
            reported.add(e);
        }), () -> {
            Weft.spawn("forgotten", () -> {
                throw new IllegalStateException("nobody listens");
            });
            Task<Object> joined = Weft.spawn("joined", () -> {
                throw new IllegalStateException("someone listens");
            });
            Weft.sleep(Duration.ofSeconds(1));
            assertThatThrownBy(joined::join).isInstanceOf(IllegalStateException.class);
            return null;
        });
        assertThat(what).singleElement().asString().contains("forgotten");
        assertThat(reported).singleElement().satisfies(e -> {
            assertThat(e).hasMessage("nobody listens");
            assertThat(e.getStackTrace()).isNotEmpty();
        });
    }

    @Test
    void aFailureNobodyJoinedIsLoggedByDefault() {
        // The default handler logs through System.Logger; it must not throw or hide main's result.
        int v = Weft.run(VIRTUAL, () -> {
            Weft.spawn(() -> {
                throw new IllegalStateException("logged, not lost");
            });
            Weft.yieldNow();
            return 1;
        });
        assertThat(v).isEqualTo(1);
    }

    @Test
    void withoutTheAddOpensFlagWeftFailsAtOnceNamingTheFlag() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                NoFlagMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("--add-opens java.base/java.lang=ALL-UNNAMED");
        assertThat(out.lines().filter(l -> l.trim().startsWith("at ")).count())
                .as("no stack of reflection noise:\n%s", out).isZero();
    }

    /** Run in a child JVM without --add-opens. */
    public static final class NoFlagMain {
        public static void main(String[] args) {
            try {
                Weft.run(() -> 1);
            } catch (IllegalStateException e) {
                System.err.println("error: " + e.getMessage());
                System.exit(2);
            }
        }
    }
}
