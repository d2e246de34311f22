package dev.weft.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExternalProfilerTest {
    @Test
    void aCommandThatSleepsIsIoBound() throws IOException {
        ExternalProfiler.Result r = ExternalProfiler.run(List.of("sleep", "0.3"));

        assertThat(r.exitCode()).isZero();
        assertThat(Classifier.classify(r.profile()).bound()).isEqualTo(Bound.IO);
    }

    @Test
    void aCommandThatComputesIsCpuBoundAndItsChildrensCpuCounts() throws IOException {
        ExternalProfiler.Result r = ExternalProfiler.run(List.of("sh", "-c",
                "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done"));

        assertThat(r.exitCode()).isZero();
        assertThat(r.profile().programCpu().value()).isPositive();
        assertThat(Classifier.classify(r.profile()).bound()).isEqualTo(Bound.CPU);
    }

    @Test
    void theCommandsExitStatusIsReturnedAndJvmOnlyFiguresAreUnavailableWithWhy() throws IOException {
        ExternalProfiler.Result r = ExternalProfiler.run(List.of("sh", "-c", "exit 3"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.profile().allocated().whyUnavailable()).contains("weft classify --main");
    }

    @Test
    void aCommandThatCannotStartIsAnErrorNamingIt() {
        assertThatThrownBy(() -> ExternalProfiler.run(List.of("no-such-command-here")))
                .isInstanceOf(IOException.class).hasMessageContaining("no-such-command-here");
        assertThatThrownBy(() -> ExternalProfiler.run(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
