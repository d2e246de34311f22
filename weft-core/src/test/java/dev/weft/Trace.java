package dev.weft;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An ordered record of what happened, for asserting order without sleeps. Thread-safe. */
public final class Trace {
    private final List<String> events = new ArrayList<>();

    public synchronized void add(String event) {
        events.add(event);
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    public void assertExactly(String... expected) {
        assertThat(events()).containsExactly(expected);
    }

    @Override
    public synchronized String toString() {
        return events.toString();
    }
}
