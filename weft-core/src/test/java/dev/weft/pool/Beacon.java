package dev.weft.pool;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A cross-process latch for tests, over {@link SharedMemory}: a job marks a slot (with its pid, a
 * count…), the test waits for the mark. Slots are longs, read and written with volatile semantics.
 */
final class Beacon implements AutoCloseable {
    static final int SLOTS = 64;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final SharedMemory shm;

    private Beacon(SharedMemory shm) {
        this.shm = shm;
    }

    static Beacon create() {
        return new Beacon(SharedMemory.create(8L * SLOTS));
    }

    String name() {
        return shm.name();
    }

    /** In a job: sets slot {@code slot} of the beacon named {@code name} to {@code value}. */
    static void mark(String name, int slot, long value) {
        try (SharedMemory m = SharedMemory.open(name)) {
            LONG.setVolatile(m.segment(), 8L * slot, value);
        }
    }

    /** In a job: adds one to slot {@code slot} and returns the new count. */
    static long increment(String name, int slot) {
        try (SharedMemory m = SharedMemory.open(name)) {
            return (long) LONG.getAndAdd(m.segment(), 8L * slot, 1L) + 1;
        }
    }

    /** In a job: the value of slot {@code slot}. */
    static long read(String name, int slot) {
        try (SharedMemory m = SharedMemory.open(name)) {
            return (long) LONG.getVolatile(m.segment(), 8L * slot);
        }
    }

    long get(int slot) {
        return (long) LONG.getVolatile(shm.segment(), 8L * slot);
    }

    /** Waits until slot {@code slot} is not zero and returns it; fails after 30 s. */
    long await(int slot) {
        until(() -> get(slot) != 0, "beacon slot " + slot + " to be marked");
        return get(slot);
    }

    /**
     * Waits until {@code condition} holds, yielding between looks; fails after 30 s. For what
     * another process does, which no latch of this one can see.
     */
    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Override
    public void close() {
        shm.close();
        shm.unlink();
    }
}
