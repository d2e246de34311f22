package dev.weft.test;

/**
 * How an {@link Explorer} chooses, at each step of a simulation, which ready task runs next.
 */
public enum Strategy {
    /**
     * A random walk: at every step each ready entry is equally likely. Cheap and good at
     * shallow bugs that need many switches in no particular place.
     */
    RANDOM,

    /**
     * Probabilistic concurrency testing (Burckhardt et al., 2010): every task gets a random
     * priority, the highest-priority ready task always runs, and at {@code depth - 1} random
     * steps the running task's priority drops below all others. A bug that needs {@code d}
     * ordering constraints is found with probability at least {@code 1/(n k^(d-1))} per
     * schedule, for {@code n} tasks and {@code k} steps.
     */
    PCT
}
