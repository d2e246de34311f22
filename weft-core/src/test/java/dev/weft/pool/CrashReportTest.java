package dev.weft.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a {@link CrashReport} reads. */
@Timeout(10)
class CrashReportTest {
    @Test
    void anExitReadsAsItsStatus() {
        CrashReport r = new CrashReport("job 1", "map chunk [1, 2]", 42, 3, 0, false, "no sign of running out of memory",
                List.of("line one", "line two"), 1, false);
        assertThat(r.howItEnded()).isEqualTo("exit status 3");
        assertThat(r.summary()).isEqualTo("worker 42 running job 1 crashed: exit status 3");
        assertThat(r.toText()).contains("job:         job 1", "input:       map chunk [1, 2]", "ended:       exit status 3",
                "    | line one", "    | line two");
    }

    @Test
    void aSignalReadsAsItsNameAndStatus() {
        CrashReport r = new CrashReport("j", "i", 7, 137, 9, true, "oom", List.of(), 2, true);
        assertThat(r.howItEnded()).isEqualTo("killed by signal 9 (SIGKILL), exit status 137");
        assertThat(r.summary()).contains("probably out of memory", "quarantined", "attempt 2");
        assertThat(r.toText()).contains("stderr tail: (empty)");
        assertThat(CrashReport.signalName(11)).isEqualTo("SIGSEGV");
        assertThat(CrashReport.signalName(6)).isEqualTo("SIGABRT");
        assertThat(CrashReport.signalName(40)).isEqualTo("signal 40");
    }
}
