package dev.weft.test;

import dev.weft.Task;

/** The smallest race: two simulated threads, named a and b, add to a plain counter with a switch point between read and write. */
final class RacyCounter {
    private RacyCounter() {
    }

    /** Runs the race and returns the counter: 2, or 1 when an update was lost. */
    static int race() {
        int[] counter = {0};
        Task<Object> a = Simulation.thread("a", () -> bump(counter));
        Task<Object> b = Simulation.thread("b", () -> bump(counter));
        a.join();
        b.join();
        return counter[0];
    }

    private static Object bump(int[] counter) {
        int seen = counter[0];
        Simulation.point();
        counter[0] = seen + 1;
        return null;
    }
}
