package dev.weft.profile.suite;

import dev.weft.profile.Bound;

import java.time.Duration;

/**
 * A labelled piece of work for the classifier's suite and for {@code weft bench}: what it is,
 * what truly limits it, and how to run it in units of a few milliseconds each.
 *
 * <p>{@link #prepare()} builds the data (arrays, files, servers) before any measurement;
 * {@link Prepared#unit()} then does one fixed amount of work on it and may be called from many
 * threads and tasks at once.
 */
public interface Workload {
    /** A short name, unique in the suite: "prime-trial-division". */
    String name();

    /** What limits it, by construction. */
    Bound label();

    /** What it does, in a phrase: "counts primes by trial division". */
    String shape();

    /** Builds its data; close the result to free it. */
    Prepared prepare() throws Exception;

    /** A workload with its data ready. */
    interface Prepared extends AutoCloseable {
        /** One unit of work: a few milliseconds of it, the same amount every time. Thread-safe. */
        void unit() throws Exception;

        /** Runs whole units until {@code d} has passed; returns how many. */
        default int runFor(Duration d) throws Exception {
            long end = System.nanoTime() + d.toNanos();
            int units = 0;
            do {
                unit();
                units++;
            } while (System.nanoTime() < end);
            return units;
        }

        @Override
        default void close() throws Exception {
        }
    }
}
