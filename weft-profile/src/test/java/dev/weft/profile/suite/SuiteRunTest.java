package dev.weft.profile.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.profile.Bound;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SuiteRunTest {
    /** Each workload warmed up for 150 ms, then measured over 250 ms of whole units. */
    @Test
    void classifiesAtLeastFifteenOfTheSixteenWorkloadsRight() {
        List<SuiteRun.Result> results = SuiteRun.all(Duration.ofMillis(150), Duration.ofMillis(250));
        results.forEach(r -> System.out.println(r.line()));
        results.stream().filter(r -> !r.correct()).forEach(r -> System.out.println(
                r.workload().name() + "\n" + r.profile().toText() + r.verdict().toText()));

        assertThat(results).hasSize(16);
        assertThat(results.stream().filter(SuiteRun.Result::correct).count()).isGreaterThanOrEqualTo(15);
    }
}
