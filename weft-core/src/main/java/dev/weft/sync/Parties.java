package dev.weft.sync;

import dev.weft.Wakers;

import java.util.Arrays;

/**
 * The threads (a task's virtual thread for a task) that a primitive tells the wait-for graph its
 * waiters wait for: a semaphore's permit holders, a queue's producers. A multiset: a thread that
 * holds two permits is in it twice.
 *
 * <p>Implementation notes: guarded by the owning primitive's monitor; {@link #snapshot()} is
 * called under it too. Bounded by what it counts (permits handed out, producers registered).
 */
final class Parties {
    private Thread[] threads = new Thread[2];
    private int size;

    void add(Thread t) {
        if (size == threads.length) {
            threads = Arrays.copyOf(threads, size * 2);
        }
        threads[size++] = t;
    }

    /** Forgets one occurrence of {@code t}; false if it was not there. */
    boolean remove(Thread t) {
        for (int i = size - 1; i >= 0; i--) {
            if (threads[i] == t) {
                threads[i] = threads[--size];
                threads[size] = null;
                return true;
            }
        }
        return false;
    }

    void clear() {
        threads = new Thread[2];
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** A copy, or {@link Wakers#ANYONE} when empty. */
    Thread[] snapshot() {
        return size == 0 ? Wakers.ANYONE : Arrays.copyOf(threads, size);
    }
}
