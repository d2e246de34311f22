package dev.weft.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainProfilerTest {
    /** A program to profile: sleeps for as many milliseconds as its argument says. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.parseLong(args[0]));
        }
    }

    /** A program that ends its JVM itself. */
    public static final class Exiter {
        public static void main(String[] args) {
            System.exit(4);
        }
    }

    private static String testClasses() throws Exception {
        return Path.of(MainProfilerTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void aJavaMainIsMeasuredInsideItsOwnJvmAndClassified() throws Exception {
        MainProfiler.Result r = MainProfiler.launch(Sleeper.class.getName(), testClasses(), List.of("300"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.report()).contains(Sleeper.class.getName(), "allocated", "I/O-bound");
    }

    @Test
    void aMainThatEndsItsJvmIsReportedWithHowToMeasureItFromOutside() throws Exception {
        MainProfiler.Result r = MainProfiler.launch(Exiter.class.getName(), testClasses(), List.of());

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.report()).contains("before its measurement closed", "weft classify -- java");
    }

    @Test
    void aMissingClassFailsTheChildWithAMessageNamingIt() throws Exception {
        MainProfiler.Result r = MainProfiler.launch("no.such.Main", testClasses(), List.of());

        assertThat(r.exitCode()).isNotZero();
    }
}
