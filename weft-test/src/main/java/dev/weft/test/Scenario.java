package dev.weft.test;

/**
 * A piece of concurrent code with its invariants: it spawns tasks or
 * {@linkplain Simulation#thread simulated threads}, lets them work, and throws (an
 * {@link AssertionError}, any exception) when an invariant breaks. An {@link Explorer} runs
 * it as the main task of a fresh simulation once per schedule, so it should build all the
 * state it uses itself rather than share it between runs.
 */
@FunctionalInterface
public interface Scenario {
    void run() throws Exception;
}
