package dev.weft.profile.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a bench run's progress: on a terminal, one bar redrawn in place; otherwise (a pipe, a
 * file, CI) one plain line per finished step, so that logs stay readable.
 *
 * <p>Implementation notes: called from the bench's own thread only.
 */
public final class Progress {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean terminal;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private int drawn;

    /**
     * @param out      where to write (stderr, usually)
     * @param terminal whether {@code out} is a terminal, to draw a bar instead of lines
     * @param total    how many steps the run has
     */
    public Progress(PrintWriter out, boolean terminal, int total) {
        this.out = out;
        this.terminal = terminal;
        this.total = Math.max(1, total);
    }

    /** Whether this JVM's standard streams are on a terminal. */
    public static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Says what is being done now, without counting a step. */
    public void doing(String what) {
        if (terminal) {
            draw(what);
        }
    }

    /** Counts one step done, with what it was and what it measured. */
    public void step(String what, String result) {
        done = Math.min(total, done + 1);
        if (terminal) {
            draw(what + "  " + result);
        } else {
            out.printf(Locale.ROOT, "[%3d/%d %5.1fs] %s: %s%n", done, total, elapsed(), what, result);
            out.flush();
        }
    }

    /** A message between steps (a skipped mode, a note). */
    public void note(String message) {
        if (terminal) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
        }
        out.println(message);
        out.flush();
    }

    /** Ends the bar with a newline. */
    public void finish() {
        if (terminal) {
            draw("done");
            out.println();
            out.flush();
        }
    }

    private void draw(String what) {
        int filled = done * WIDTH / total;
        String line = String.format(Locale.ROOT, "\r[%s%s] %3d/%d %5.1fs %s", "#".repeat(filled),
                "-".repeat(WIDTH - filled), done, total, elapsed(), what);
        if (line.length() > 110) {
            line = line.substring(0, 110);
        }
        out.print(line + " ".repeat(Math.max(0, drawn - line.length())));
        drawn = line.length();
        out.flush();
    }

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }
}
