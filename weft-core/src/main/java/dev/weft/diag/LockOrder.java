package dev.weft.diag;

import dev.weft.EventLoop;
import dev.weft.WaitQueue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lock-order analysis, after the Linux kernel's lockdep: every time a task or thread takes a
 * lock while holding another, the pair "held, then taken" is remembered with the stack where it
 * happened. A new pair that closes a circle with the pairs seen before — A then B here, B then A
 * (or B then … then A) there — is a potential deadlock, even in a run whose timing happened to
 * avoid it, and is reported once with both stacks: handed to the loop's diagnostics handler (or the
 * {@code dev.weft.diag} logger for a plain thread), never thrown.
 *
 * <p>Implementation notes: the order graph is kept per lock in {@link Tracked#after}, at most
 * {@value #MAX_AFTER} successors each (a lock taken after more distinct locks than that stops
 * being checked). New pairs are added, and the circle looked for by a breadth-first search of
 * at most {@value #MAX_SEARCH} locks, under this class's monitor; a pair already known costs one
 * scan of a small array and no lock. Locks are compared by identity: two instances of the same
 * kind of lock are different locks, so taking accounts in a fixed order never reports.
 */
final class LockOrder {
    static final int MAX_AFTER = 64;
    static final int MAX_SEARCH = 10_000;
    private static final System.Logger LOG = System.getLogger("dev.weft.diag");

    /** Where {@code party} took {@code to} while holding {@code from}. */
    record Site(Tracked from, Tracked to, String party, StackTraceElement[] stack) {
    }

    private LockOrder() {
    }

    /** Remembers that {@code taking} is taken while {@code held} is held; reports an inversion. */
    static void record(Tracked held, Tracked taking) {
        if (held.after.length >= MAX_AFTER) {
            return;   // no longer order-checked; only grows, so the check under the lock stays true
        }
        StackTraceElement[] here = new Throwable().getStackTrace();
        Site site = new Site(held, taking, WaitQueue.describe(Thread.currentThread()), here);
        List<Site> circle;
        synchronized (LockOrder.class) {
            if (held.knowsAfter(taking) || held.after.length >= MAX_AFTER) {
                return;
            }
            circle = path(taking, held);
            held.afterSites = append(held.afterSites, site);
            held.after = append(held.after, taking);
        }
        if (circle != null) {
            report(site, circle);
        }
    }

    /** The pairs leading from {@code from} to {@code to} in the order seen so far, or null. */
    private static List<Site> path(Tracked from, Tracked to) {
        Map<Tracked, Site> reachedBy = new IdentityHashMap<>();
        ArrayDeque<Tracked> todo = new ArrayDeque<>();
        todo.add(from);
        reachedBy.put(from, null);
        while (!todo.isEmpty() && reachedBy.size() < MAX_SEARCH) {
            Tracked t = todo.poll();
            Tracked[] next = t.after;
            Site[] sites = t.afterSites;
            for (int i = 0; i < next.length && i < sites.length; i++) {
                if (reachedBy.containsKey(next[i])) {
                    continue;
                }
                reachedBy.put(next[i], sites[i]);
                if (next[i] == to) {
                    List<Site> path = new ArrayList<>();
                    for (Site s = sites[i]; s != null; s = reachedBy.get(s.from())) {
                        path.addFirst(s);
                    }
                    return path;
                }
                todo.add(next[i]);
            }
        }
        return null;
    }

    private static void report(Site site, List<Site> circle) {
        StringBuilder order = new StringBuilder(site.to().name());
        List<String> parties = new ArrayList<>();
        for (Site s : circle) {
            order.append(" → ").append(s.to().name());
            if (!parties.contains(s.party())) {
                parties.add(s.party());
            }
        }
        List<String> names = new ArrayList<>();
        for (Site s : circle) {
            names.add(s.to().name());
        }
        names.add(site.to().name());
        String message = "Possible deadlock (lock order): " + site.party() + " takes " + site.to().name()
                + " while holding " + site.from().name() + ", but " + String.join(", ", parties)
                + " took them the other way round (" + order + "). Should both run at once, each can hold one"
                + " lock and wait for the other. Take them in one order everywhere (by name, say: "
                + String.join(" before ", names.stream().distinct().sorted().toList()) + "), or never hold both.";
        Diagnosis evidence = new Diagnosis(Diagnosis.Kind.LOCK_ORDER, message, site.stack());
        for (Site s : circle) {
            evidence.addSuppressed(new Diagnosis(Diagnosis.Kind.LOCK_ORDER, s.party() + " took " + s.to().name()
                    + " while holding " + s.from().name() + " here", s.stack()));
        }
        EventLoop loop = EventLoop.of(Thread.currentThread());
        if (loop != null) {
            loop.report(message, evidence);
        } else {
            LOG.log(System.Logger.Level.WARNING, message, evidence);
        }
    }

    private static <T> T[] append(T[] array, T item) {
        T[] more = Arrays.copyOf(array, array.length + 1);
        more[array.length] = item;
        return more;
    }
}
