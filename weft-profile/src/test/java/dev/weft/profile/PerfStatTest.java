package dev.weft.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PerfStatTest {
    @Test
    void countsAndUnsupportedEventsParseFromPerfsCsv() {
        String csv = """
                # started on Tue Dec  1 20:17:29 2026

                123456789,,cycles,1000,100.00,,
                234567890,,instructions,1000,100.00,1.90,insn per cycle
                <not supported>,,LLC-load-misses,0,100.00,,
                """;

        var counts = PerfStat.parse(csv);

        assertThat(counts.get("cycles").value()).isEqualTo(123456789);
        assertThat(counts.get("instructions").value()).isEqualTo(234567890);
        assertThat(counts.get("LLC-load-misses").whyUnavailable()).contains("<not supported>");
    }

    @Test
    void aMachineWithoutAPmuIsDiagnosedAsSuch() {
        String why = PerfStat.diagnose("<not supported>,,instructions,0,100.00,,\n", 0);

        assertThat(why).contains("no PMU");
        assertThat(PerfStat.diagnose("1000,,instructions,10,100.00,,\n", 0)).isNull();
    }

    @Test
    void aWrappedCommandRunsUnderPerfStatWritingToTheGivenFile() {
        List<String> wrapped = PerfStat.wrap(List.of("make", "-j2"), Path.of("/tmp/out.csv"));

        assertThat(wrapped).containsSubsequence("perf", "stat", "-x,", "-o", "/tmp/out.csv", "--", "make", "-j2");
    }

    @Test
    void anAttachedSessionCountsExactlyTheWindowBetweenEnableAndDisable() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OnPath.find("perf").isPresent(),
                "perf is not installed (Debian linux-perf; .ci/run installs it)");
        try (PerfStat.Session s = PerfStat.attach("task-clock")) {    // a software event: counts without a PMU
            s.enable();
            ProfilerTest.burn(50_000_000L);
            s.disable();
            var counts = s.stop();

            assertThat(counts).isNotNull();
            assertThat(counts.get("task-clock").value()).isGreaterThanOrEqualTo(40);   // milliseconds
        }
    }

    @Test
    void thisMachinesAnswerIsEitherCountersOrOneSentenceWhyNot() {
        String why = PerfStat.whyUnavailable();

        if (why != null) {
            assertThat(why).isNotBlank().doesNotContain("\n");
        }
    }
}
