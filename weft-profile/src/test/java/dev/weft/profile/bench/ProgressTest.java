package dev.weft.profile.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProgressTest {
    @Test
    void offATerminalEachStepIsOnePlainLine() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), false, 2);

        p.doing("warming up");
        p.step("sleeping sequential", "0.250 s");
        p.step("sleeping thread pool × 2", "0.125 s");
        p.finish();

        assertThat(out.toString().lines()).hasSize(2);
        assertThat(out.toString()).contains("[  1/2", "sleeping sequential: 0.250 s").doesNotContain("\r", "#");
    }

    @Test
    void onATerminalOneBarIsRedrawnInPlace() {
        StringWriter out = new StringWriter();
        Progress p = new Progress(new PrintWriter(out), true, 4);

        p.step("a", "1");
        p.step("b", "2");
        p.finish();

        assertThat(out.toString()).contains("\r[###############---------------]   2/4").endsWith("\n");
    }
}
