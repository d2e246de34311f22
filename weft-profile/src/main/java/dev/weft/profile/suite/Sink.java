package dev.weft.profile.suite;

/** Keeps a result alive so that the JIT cannot drop the work that made it. */
final class Sink {
    private static volatile long sink;

    private Sink() {
    }

    static void consume(long value) {
        sink += value;
    }

    static void consume(double value) {
        sink += (long) value;
    }
}
