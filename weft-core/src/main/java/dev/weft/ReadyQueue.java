package dev.weft;

import java.util.Arrays;

/**
 * The loop's run queue: task steps and callbacks in the order they became ready. A ring
 * buffer, so the first-come first-served path is an array read, and a seeded policy can take
 * any index.
 *
 * <p>Implementation notes: loop thread only; grows by doubling, never shrinks below its start.
 */
final class ReadyQueue {
    private Object[] items = new Object[64];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(Object item) {
        if (size == items.length) {
            grow();
        }
        items[(head + size) & (items.length - 1)] = item;
        size++;
    }

    /** The entry at {@code index} (0 = oldest), left in place. */
    Object get(int index) {
        return items[(head + index) & (items.length - 1)];
    }

    /** Removes and returns the oldest entry; the queue must not be empty. */
    Object poll() {
        Object item = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return item;
    }

    /** Removes and returns the entry at {@code index} (0 = oldest), keeping the others' order. */
    Object removeAt(int index) {
        if (index == 0) {
            return poll();
        }
        int mask = items.length - 1;
        Object item = items[(head + index) & mask];
        for (int i = index; i < size - 1; i++) {
            items[(head + i) & mask] = items[(head + i + 1) & mask];
        }
        items[(head + size - 1) & mask] = null;
        size--;
        return item;
    }

    private void grow() {
        Object[] bigger = new Object[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = items[(head + i) & (items.length - 1)];
        }
        Arrays.fill(items, null);
        items = bigger;
        head = 0;
    }
}
