package dev.weft.profile.bench;

import java.util.Locale;

/**
 * A small JSON writer: objects, arrays, strings, numbers, booleans and null, with commas and
 * escapes handled, indented two spaces. Enough for {@code results.json}; no reading.
 *
 * <p>Implementation notes: {@code first} says whether the innermost open object or array has
 * had a member yet; {@code depth} drives the indent. Not thread-safe.
 */
final class Json {
    private final StringBuilder out = new StringBuilder();
    private boolean first = true;
    private int depth;
    private boolean afterName;

    Json beginObject() {
        return open('{');
    }

    Json endObject() {
        return close('}');
    }

    Json beginArray() {
        return open('[');
    }

    Json endArray() {
        return close(']');
    }

    /** A member name; the next value is its value. */
    Json name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    Json value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    Json value(double d) {
        separate();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d + "; report the figure as unavailable instead");
        }
        out.append(Double.toString(d));                 // "0.25", "1.0E-4": both valid JSON numbers
        return this;
    }

    Json value(long n) {
        separate();
        out.append(n);
        return this;
    }

    Json value(boolean b) {
        separate();
        out.append(b);
        return this;
    }

    Json nullValue() {
        separate();
        out.append("null");
        return this;
    }

    /** name and string value together. */
    Json field(String name, String value) {
        return name(name).value(value);
    }

    Json field(String name, double value) {
        return name(name).value(value);
    }

    Json field(String name, long value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private Json open(char c) {
        separate();
        out.append(c);
        depth++;
        first = true;
        return this;
    }

    private Json close(char c) {
        depth--;
        if (!first) {
            newline();
        }
        out.append(c);
        first = false;
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!first) {
            out.append(',');
        }
        if (depth > 0) {
            newline();
        }
        first = false;
    }

    private void newline() {
        out.append('\n').append("  ".repeat(depth));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
