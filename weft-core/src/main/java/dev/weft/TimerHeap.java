package dev.weft;

import java.util.Arrays;

/**
 * The loop's pending timers: a binary min-heap on (deadline, order set), with each handle
 * knowing its slot so that cancelling one is O(log n) and leaves no garbage behind. A million
 * pending timers cost a million slots and about twenty comparisons per insert.
 *
 * <p>Implementation notes: loop thread only.
 */
final class TimerHeap {
    private Handle[] heap = new Handle[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Handle peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Handle h) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        h.heapIndex = size;
        heap[size++] = h;
        siftUp(h.heapIndex);
    }

    Handle poll() {
        Handle first = heap[0];
        removeAt(0);
        return first;
    }

    /** Removes {@code h} if it is in this heap. */
    void remove(Handle h) {
        int i = h.heapIndex;
        if (i >= 0 && i < size && heap[i] == h) {
            removeAt(i);
        }
    }

    private void removeAt(int i) {
        Handle removed = heap[i];
        removed.heapIndex = -1;
        Handle last = heap[--size];
        heap[size] = null;
        if (i == size) {
            return;
        }
        heap[i] = last;
        last.heapIndex = i;
        siftDown(i);
        if (heap[i] == last) {
            siftUp(i);
        }
        if (size == 0 && heap.length > 1024) {
            heap = new Handle[16];
        }
    }

    private void siftUp(int i) {
        Handle h = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Handle p = heap[parent];
            if (!h.firesBefore(p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = h;
        h.heapIndex = i;
    }

    private void siftDown(int i) {
        Handle h = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Handle c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].firesBefore(c)) {
                child = right;
                c = heap[right];
            }
            if (!c.firesBefore(h)) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = h;
        h.heapIndex = i;
    }
}
