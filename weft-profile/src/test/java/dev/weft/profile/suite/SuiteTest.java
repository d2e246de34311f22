package dev.weft.profile.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.profile.Bound;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SuiteTest {
    @Test
    void hasFourWorkloadsOfEachClassEachOfADifferentShape() {
        for (Bound b : Bound.values()) {
            assertThat(Suite.of(b)).as(b.label()).hasSize(4);
            assertThat(Suite.of(b).stream().map(Workload::shape).distinct()).hasSize(4);
        }
        assertThat(Suite.all().stream().map(Workload::name).distinct()).hasSize(16);
    }

    @Test
    void workloadsAreFoundByName() {
        assertThat(Suite.find("sleeping")).isPresent();
        assertThat(Suite.find("nope")).isEmpty();
    }
}
