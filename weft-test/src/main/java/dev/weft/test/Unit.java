package dev.weft.test;

import dev.weft.Task;

/**
 * What a simulation knows about one of its tasks: its stable label, its PCT priority and
 * whether it is waiting inside Weft right now.
 *
 * <p>Implementation notes: touched only on the simulated loop's thread (its carrier or one
 * of its tasks, never two at once), so nothing here is volatile.
 */
final class Unit {
    /** Numbered in spawn order from 0 (the simulation's own main), the same in every run of a seed. */
    final int id;
    final Task<?> task;
    /** {@code task 'name'} or {@code thread 'name'}; free of global counters, so replays print alike. */
    final String label;
    final boolean thread;
    long priority;
    /** What the task waits on inside Weft, or null while it runs or is ready. */
    Object waitingOn;
    /** Set when the task became ready again during its own step (it yielded). */
    boolean rescheduled;
    boolean done;

    Unit(int id, Task<?> task, String label, boolean thread) {
        this.id = id;
        this.task = task;
        this.label = label;
        this.thread = thread;
    }

    @Override
    public String toString() {
        return label;
    }
}
