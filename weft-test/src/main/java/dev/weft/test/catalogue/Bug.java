package dev.weft.test.catalogue;

import dev.weft.test.Scenario;

/**
 * One classic concurrency bug: a scenario that has it, and the same scenario fixed.
 *
 * @param name  a short name, {@code lost-update}
 * @param what  the bug in one sentence
 * @param buggy the scenario with the bug; some schedule breaks it
 * @param fixed the scenario with the fix; no schedule breaks it
 */
public record Bug(String name, String what, Scenario buggy, Scenario fixed) {

    /** Throws {@link AssertionError} with {@code message} unless {@code condition} holds. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
