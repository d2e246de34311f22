package dev.weft.test;

import dev.weft.Task;
import dev.weft.spi.SchedulingPolicy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The simulated loop's {@link SchedulingPolicy}: picks the next ready entry by a random walk,
 * by PCT priorities, or by following a recorded list of choices (for shrinking), and records
 * every choice it makes as the id of the unit it ran.
 *
 * <p>Implementation notes: called on the loop's carrier only. A step is one call of
 * {@link #next(int, IntFunction)}; PCT's change points are step numbers from 1 to the step
 * bound. Callbacks (timers, {@code callSoon}) carry no priority: PCT and the guided mode run
 * them before any task, the random walk treats them like any entry. A recorded choice of
 * {@code -1} stands for "a callback".
 */
final class Scheduler implements SchedulingPolicy {
    private final Schedule schedule;
    private final int[] guide;
    private final SplittableRandom random;
    private final int[] changePoints;
    private final int stepLimit;
    private final Monitor monitor;
    private int nextChange;
    private int steps;
    private int[] choices = new int[64];
    private Unit last;
    private Unit preempted;
    private int preemptions;

    /** A scheduler that makes the choices {@code schedule} stands for. */
    Scheduler(Schedule schedule, int stepLimit, Monitor monitor) {
        this.schedule = schedule;
        this.guide = null;
        this.random = new SplittableRandom(schedule.random());
        this.changePoints = schedule.strategy() == Strategy.PCT ? changePoints(schedule, random) : new int[0];
        this.stepLimit = stepLimit;
        this.monitor = monitor;
    }

    /** A scheduler that repeats {@code guide}, then lets the last unit run on whenever it is ready. */
    Scheduler(int[] guide, int stepLimit, Monitor monitor) {
        this.schedule = null;
        this.guide = guide;
        this.random = null;
        this.changePoints = new int[0];
        this.stepLimit = stepLimit;
        this.monitor = monitor;
    }

    private static int[] changePoints(Schedule s, SplittableRandom random) {
        int[] points = new int[s.depth() - 1];
        int bound = Math.max(1, s.stepBound());
        for (int i = 0; i < points.length; i++) {
            points[i] = 1 + random.nextInt(bound);
        }
        Arrays.sort(points);
        return points;
    }

    /** Gives a newly spawned unit its PCT priority: random, above every lowered one. */
    void admit(Unit unit) {
        if (schedule != null && schedule.strategy() == Strategy.PCT) {
            unit.priority = Schedule.MAX_DEPTH + 1 + random.nextLong(1L << 40);
        }
    }

    @Override
    public int next(int ready) {
        throw new IllegalStateException("the simulation's scheduler needs to see which entries are tasks");
    }

    @Override
    public int next(int ready, IntFunction<Task<?>> taskAt) {
        if (++steps == stepLimit + 1) {
            monitor.stepLimitPassed(stepLimit);
        }
        int index;
        if (guide != null) {
            index = guided(ready, taskAt);
        } else if (schedule.strategy() == Strategy.PCT) {
            index = byPriority(ready, taskAt);
        } else {
            index = ready == 1 ? 0 : random.nextInt(ready);
        }
        Unit chosen = unitAt(taskAt, index);
        record(chosen == null ? -1 : chosen.id);
        preempted = null;
        if (chosen != null) {
            if (last != null && chosen != last && !last.done && indexOf(ready, taskAt, last.id) >= 0) {
                preempted = last;
                preemptions++;
            }
            last = chosen;
        }
        return index;
    }

    private int byPriority(int ready, IntFunction<Task<?>> taskAt) {
        int callback = indexOf(ready, taskAt, -1);
        if (callback >= 0) {
            return callback;
        }
        int best = highest(ready, taskAt);
        if (nextChange < changePoints.length && steps >= changePoints[nextChange]) {
            nextChange++;
            unitAt(taskAt, best).priority = schedule.depth() - nextChange;
            best = highest(ready, taskAt);
        }
        return best;
    }

    private int highest(int ready, IntFunction<Task<?>> taskAt) {
        int best = 0;
        long top = Long.MIN_VALUE;
        for (int i = 0; i < ready; i++) {
            Unit u = unitAt(taskAt, i);
            if (u.priority > top) {
                top = u.priority;
                best = i;
            }
        }
        return best;
    }

    private int guided(int ready, IntFunction<Task<?>> taskAt) {
        if (steps <= guide.length) {
            int index = indexOf(ready, taskAt, guide[steps - 1]);
            if (index >= 0) {
                return index;
            }
        }
        int index = last == null ? -1 : indexOf(ready, taskAt, last.id);
        if (index < 0) {
            index = indexOf(ready, taskAt, -1);
        }
        return Math.max(index, 0);
    }

    /** The index of the entry of unit {@code id} (-1: the first callback), or -1 if none is ready. */
    private int indexOf(int ready, IntFunction<Task<?>> taskAt, int id) {
        for (int i = 0; i < ready; i++) {
            Unit u = unitAt(taskAt, i);
            if (u == null ? id == -1 : u.id == id) {
                return i;
            }
        }
        return -1;
    }

    private Unit unitAt(IntFunction<Task<?>> taskAt, int i) {
        Task<?> task = taskAt.apply(i);
        return task == null ? null : monitor.unit(task);
    }

    private void record(int choice) {
        if (steps > choices.length) {
            choices = Arrays.copyOf(choices, choices.length * 2);
        }
        choices[steps - 1] = choice;
    }

    /** The unit that the last choice took the loop away from while it was still ready, or null. */
    Unit preempted() {
        return preempted;
    }

    Monitor monitor() {
        return monitor;
    }

    /** How many choices took the loop away from a unit that was still ready. */
    int preemptions() {
        return preemptions;
    }

    int steps() {
        return steps;
    }

    /** Every choice so far, as unit ids (-1 for a callback). */
    int[] choices() {
        return Arrays.copyOf(choices, steps);
    }
}
