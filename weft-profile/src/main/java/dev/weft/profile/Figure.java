package dev.weft.profile;

import java.util.Locale;
import java.util.Objects;

/**
 * One measured figure, or the reason it could not be measured. A figure that was not
 * measured is never filled in with a guess: {@link #value()} throws, and every report
 * prints the reason instead of a number.
 *
 * <pre>{@code
 * Figure ipc = profile.counters().ipc();
 * String shown = ipc.isAvailable() ? ipc.format() : "IPC unavailable: " + ipc.whyUnavailable();
 * }</pre>
 *
 * @param value  the value in {@code unit}, or {@code NaN} when unavailable
 * @param unit   what the value counts
 * @param whyUnavailable null when measured, else one sentence that says why not
 */
public record Figure(double value, Unit unit, String whyUnavailable) {
    /** The units a figure can be in; each knows how to print itself. */
    public enum Unit {
        SECONDS, BYTES, COUNT, RATIO;

        String format(double v) {
            return switch (this) {
                case SECONDS -> seconds(v);
                case BYTES -> bytes(v);
                case COUNT -> v >= 1e6 ? String.format(Locale.ROOT, "%.2fM", v / 1e6)
                        : String.format(Locale.ROOT, "%.0f", v);
                case RATIO -> String.format(Locale.ROOT, "%.2f", v);
            };
        }
    }

    public Figure {
        Objects.requireNonNull(unit, "unit");
        if (whyUnavailable == null && Double.isNaN(value)) {
            throw new IllegalArgumentException("a measured figure needs a value; use Figure.unavailable(why)");
        }
    }

    public static Figure of(double value, Unit unit) {
        return new Figure(value, unit, null);
    }

    public static Figure seconds(long nanos) {
        return of(nanos / 1e9, Unit.SECONDS);
    }

    public static Figure bytes(long bytes) {
        return of(bytes, Unit.BYTES);
    }

    public static Figure count(long count) {
        return of(count, Unit.COUNT);
    }

    /** A figure that could not be measured, with one sentence saying why. */
    public static Figure unavailable(Unit unit, String why) {
        Objects.requireNonNull(why, "why");
        return new Figure(Double.NaN, unit, why);
    }

    public boolean isAvailable() {
        return whyUnavailable == null;
    }

    /**
     * The measured value.
     *
     * @throws IllegalStateException when the figure is unavailable (the message says why)
     */
    @Override
    public double value() {
        if (!isAvailable()) {
            throw new IllegalStateException("not measured: " + whyUnavailable);
        }
        return value;
    }

    /** The value, or {@code fallback} when unavailable: for arithmetic that checks availability itself. */
    public double orElse(double fallback) {
        return isAvailable() ? value : fallback;
    }

    /** {@code a / b} when both are measured and {@code b} is not zero; else unavailable, saying which was not. */
    public static Figure ratio(Figure a, Figure b) {
        if (!a.isAvailable()) {
            return unavailable(Unit.RATIO, a.whyUnavailable);
        }
        if (!b.isAvailable()) {
            return unavailable(Unit.RATIO, b.whyUnavailable);
        }
        if (b.value == 0) {
            return unavailable(Unit.RATIO, "the divisor was zero");
        }
        return of(a.value / b.value, Unit.RATIO);
    }

    /** The value in its unit ("1.98 s", "12.0 MiB"), or "unavailable (why)". */
    public String format() {
        return isAvailable() ? unit.format(value) : "unavailable (" + whyUnavailable + ")";
    }

    @Override
    public String toString() {
        return format();
    }

    static String seconds(double s) {
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        if (s >= 1e-3) {
            return String.format(Locale.ROOT, "%.1f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.0f µs", s * 1e6);
    }

    static String bytes(double b) {
        if (b >= 1 << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", b / (1 << 30));
        }
        if (b >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1 << 20));
        }
        if (b >= 1 << 10) {
            return String.format(Locale.ROOT, "%.0f KiB", b / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", b);
    }
}
