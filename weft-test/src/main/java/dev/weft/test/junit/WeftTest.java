package dev.weft.test.junit;

import dev.weft.test.Explorer;
import dev.weft.test.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A JUnit 5 test whose body is a {@link dev.weft.test.Scenario}: it runs under the
 * {@link Explorer}, once per schedule, each time as the main task of a fresh simulation.
 * A failing schedule fails the test with the explorer's report — the seed, the failure, the
 * shrunk trace and the command that replays it.
 *
 * <pre>{@code
 * @WeftTest(seeds = 1000)
 * void transfersKeepTheTotal() { ... Simulation.thread(...) ... }
 *
 * @WeftTest(replay = 1297037227226960469L)   // just the schedule that failed
 * void transfersKeepTheTotal() { ... }
 * }</pre>
 *
 * <p>The test method runs many times on one instance: keep the scenario's state in local
 * variables. {@code @BeforeEach} methods run once, before the exploration. Two system
 * properties override the annotation: {@code weft.replay} (a seed) and {@code weft.seeds}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(WeftTestExtension.class)
public @interface WeftTest {
    /** {@link #replay()}'s default: explore rather than replay. */
    long NO_REPLAY = Long.MIN_VALUE;

    /** How many schedules to try. */
    int seeds() default Explorer.DEFAULT_SEEDS;

    /** A seed to replay instead of exploring, as a failing run printed it. */
    long replay() default NO_REPLAY;

    /** How the explorer chooses. */
    Strategy strategy() default Strategy.RANDOM;

    /** PCT's bug depth. */
    int depth() default Explorer.DEFAULT_DEPTH;
}
