package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PhilosophersTest {
    @Test
    void everyoneEatsForAnHourOfVirtualTimeWithoutDeadlock() {
        Philosophers.Result result = Philosophers.run(42);

        assertThat(result.meals()).hasSize(5).allSatisfy(meals -> assertThat(meals).isGreaterThan(10));
        assertThat(result.virtualTime()).isGreaterThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void neighboursNeverEatAtOnce() {
        assertThat(Philosophers.run(7).neighboursAteTogether()).isZero();
    }

    @Test
    void theSameSeedServesTheSameMeals() {
        Philosophers.Result first = Philosophers.run(123);
        Philosophers.Result second = Philosophers.run(123);

        assertThat(second.meals()).isEqualTo(first.meals());
        assertThat(second.virtualTime()).isEqualTo(first.virtualTime());
    }

    @Test
    void mainPrintsMealsAndBothClocks() throws Exception {
        String out = Stdout.capture(() -> Philosophers.main(new String[] {"42"}));

        assertThat(out).contains("philosopher-0 ate", "philosopher-4 ate", "virtual time 1:0", "ms of wall time",
                "neighbours eating at once: 0");
    }
}
