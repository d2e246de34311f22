package dev.weft.diag;

import java.util.List;

/**
 * A lock as diagnostics see it: who holds it (for deadlock reports: "task 'a' holds fork-1") and
 * the order in which tasks and threads take it together with other locks (for lock-order
 * analysis, like the Linux kernel's lockdep). {@code dev.weft.sync.Lock} keeps one and calls
 * {@link #acquiring()}, {@link #acquired()} and {@link #released()}; any lock built on
 * {@link dev.weft.WaitQueue} may do the same.
 *
 * <p>All of it is on unless the system property {@code weft.diagnostics=off} is set: then every
 * method returns at once (the JIT folds the check away), and the wait-for graph is off too.
 *
 * <p>Implementation notes: what a thread holds lives in its own {@link Holdings}, touched only
 * by that thread; {@code after} (the locks seen taken while this one was held) is copy-on-write,
 * read without a lock on the fast path and grown under {@link LockOrder}'s monitor.
 */
public final class Tracked {
    /** False when {@code -Dweft.diagnostics=off}: nothing is tracked, no deadlock is looked for. */
    public static final boolean ENABLED = !"off".equals(System.getProperty("weft.diagnostics"));
    static final Tracked[] NONE = new Tracked[0];

    private final String name;
    volatile Tracked[] after = NONE;
    LockOrder.Site[] afterSites = new LockOrder.Site[0];

    private Tracked(String name) {
        this.name = name;
    }

    /** The diagnostics of a lock named {@code name}. */
    public static Tracked lock(String name) {
        return new Tracked(name);
    }

    public String name() {
        return name;
    }

    /**
     * The calling task or thread is about to take this lock and may wait for it: checks the
     * order against the locks it already holds, and reports an inversion (logged, never thrown).
     * Not called for {@code tryAcquire}: a wait with a limit cannot deadlock.
     */
    public void acquiring() {
        if (!ENABLED) {
            return;
        }
        Holdings mine = Holdings.peek();
        if (mine != null && mine.size() > 0) {
            checkOrder(mine);
        }
    }

    /**
     * The calling task or thread took this lock without waiting: {@link #acquiring()} (when
     * {@code checkOrder}, i.e. the acquire had no time limit) and {@link #acquired()} at once.
     */
    public void taken(boolean checkOrder) {
        if (!ENABLED) {
            return;
        }
        Holdings mine = Holdings.mine();
        if (checkOrder && mine.size() > 0) {
            checkOrder(mine);
        }
        mine.push(this);
    }

    private void checkOrder(Holdings mine) {
        for (int i = 0, n = mine.size(); i < n; i++) {
            Tracked held = mine.at(i);
            if (held != this && held != null && !held.knowsAfter(this)) {
                LockOrder.record(held, this);
            }
        }
    }

    /** The calling task or thread now holds this lock. */
    public void acquired() {
        if (ENABLED) {
            Holdings.mine().push(this);
        }
    }

    /** The calling task or thread released this lock. */
    public void released() {
        if (ENABLED) {
            Holdings mine = Holdings.peek();
            if (mine != null) {
                mine.remove(this);
            }
        }
    }

    /** The names of the tracked locks {@code thread} holds now, oldest first (a racy snapshot). */
    public static List<String> heldBy(Thread thread) {
        Holdings h = Holdings.of(thread);
        return h == null ? List.of() : h.names();
    }

    boolean knowsAfter(Tracked other) {
        for (Tracked t : after) {
            if (t == other) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
