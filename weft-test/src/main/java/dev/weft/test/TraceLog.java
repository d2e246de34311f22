package dev.weft.test;

/**
 * The readable trace of one simulated run: a numbered line for each step (which task ran, at
 * what virtual time, and whom it preempted), and under it what the task did — the switch
 * points it reached, what it spawned and waited on, how it ended.
 *
 * <pre>
 *    3  0ms     thread 'teller-1' runs, preempting thread 'teller-2'
 *                 at Lock 'account'
 *                 waits on Lock 'account'
 * </pre>
 *
 * <p>Implementation notes: written on the simulated loop's thread only; every name comes
 * from {@link Labels}, so two runs of one seed print the same bytes.
 */
final class TraceLog {
    private static final int LIMIT = 4 << 20;
    private final StringBuilder text = new StringBuilder();
    private boolean truncated;

    void step(int step, long nanos, Unit unit, Unit preempted) {
        line(String.format("%5d  %-9s %s runs%s", step, time(nanos), unit.label,
                preempted == null ? "" : ", preempting " + preempted.label));
    }

    void event(String what) {
        line("                 " + what);
    }

    void note(String what) {
        line("       " + what);
    }

    private void line(String s) {
        if (text.length() > LIMIT) {
            if (!truncated) {
                truncated = true;
                text.append("       ... (trace cut at ").append(LIMIT >> 20).append(" MiB)\n");
            }
            return;
        }
        text.append(s).append('\n');
    }

    /** Virtual nanoseconds as a short time: {@code 0ms}, {@code 1.5ms}, {@code 2000ms}. */
    static String time(long nanos) {
        long micros = nanos / 1000;
        if (micros % 1000 == 0) {
            return micros / 1000 + "ms";
        }
        return String.format("%d.%03dms", micros / 1000, micros % 1000).replaceAll("0+ms$", "ms");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
