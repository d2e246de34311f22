package dev.weft.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The tracked locks one task or thread holds, in the order it took them.
 *
 * <p>Implementation notes: each thread's holdings are written only by that thread (through a
 * {@link ThreadLocal}, a task's virtual thread having its own); other threads read them racily
 * through {@code ALL}, a weak map that forgets a thread once it is gone. No field is volatile:
 * a fence on every acquire would cost more than all the rest, and a report read from another
 * thread is of a party that is parked (its last writes are visible once it parked) or may be
 * a moment stale. At most
 * {@value #LIMIT} locks are tracked per thread; beyond that, lock order goes unchecked for it.
 */
final class Holdings {
    static final int LIMIT = 1024;
    private static final ThreadLocal<Holdings> MINE = new ThreadLocal<>();
    private static final Map<Thread, Holdings> ALL = Collections.synchronizedMap(new WeakHashMap<>());

    private Tracked[] held = new Tracked[4];
    private int size;

    private Holdings() {
    }

    /** The calling thread's holdings, or null if it never took a tracked lock. */
    static Holdings peek() {
        return MINE.get();
    }

    /** The calling thread's holdings, created on first use. */
    static Holdings mine() {
        Holdings h = MINE.get();
        if (h == null) {
            h = new Holdings();
            MINE.set(h);
            ALL.put(Thread.currentThread(), h);
        }
        return h;
    }

    static Holdings of(Thread thread) {
        return ALL.get(thread);
    }

    int size() {
        return size;
    }

    Tracked at(int i) {
        Tracked[] h = held;
        return i < h.length ? h[i] : null;
    }

    void push(Tracked t) {
        int n = size;
        if (n == LIMIT) {
            return;
        }
        if (n == held.length) {
            held = java.util.Arrays.copyOf(held, n * 2);
        }
        held[n] = t;
        size = n + 1;
    }

    /** Forgets the latest occurrence of {@code t}; locks may be released in any order. */
    void remove(Tracked t) {
        int n = size;
        if (n > 0 && held[n - 1] == t) {
            held[n - 1] = null;
            size = n - 1;
            return;
        }
        for (int i = n - 2; i >= 0; i--) {
            if (held[i] == t) {
                System.arraycopy(held, i + 1, held, i, n - i - 1);
                held[n - 1] = null;
                size = n - 1;
                return;
            }
        }
    }

    List<String> names() {
        Tracked[] h = held;
        int n = Math.min(size, h.length);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tracked t = h[i];
            if (t != null) {
                names.add(t.name());
            }
        }
        return names;
    }
}
