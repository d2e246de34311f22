package dev.weft.pool;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The parent's side of one worker process: the process, its framed stdin and stdout, a tail of
 * its stderr, and the two threads that read them. What to make of what it reads is the
 * {@link Listener}'s business (the {@link Dispatcher}).
 *
 * <p>State table (the state and the fields below it are guarded by the dispatcher's lock):
 * <pre>
 * STARTING --READY--> IDLE --job given--> BUSY --last job answered--> IDLE, or RETIRING (ran its share)
 * IDLE, STARTING --pool stops it--> RETIRING (stdin closed: it exits by itself)
 * any --process ended--> DEAD
 * </pre>
 * {@code jobs} are the jobs given to it, in order: the first is running (or about to), the
 * others wait in the worker, sent ahead so that it never waits for a round trip between jobs.
 *
 * <p>Implementation notes: frames are queued in {@code outbox} under the dispatcher's lock, in
 * the order jobs were given, and written by {@link #flush()} under {@code writeLock} outside
 * it, so the worker reads them in that order whichever thread writes. The stdout thread
 * delivers the frames in order and then, at the end of the stream, the exit: every frame a
 * worker sent is seen before its death.
 */
final class Worker {
    enum State { STARTING, IDLE, BUSY, RETIRING, DEAD }

    /** What the pool hears from a worker, on that worker's stdout thread. */
    interface Listener {
        void frame(Worker w, Frames.Frame frame);

        void exited(Worker w, int status);
    }

    static final int TAIL_LINES = 40;
    /** How many map functions a worker keeps, oldest forgotten first; {@link WorkerMain} keeps as many. */
    static final int FUNCTIONS = 16;
    /** Longer stderr lines are cut: a worker must not fill the pool's memory through its stderr. */
    static final int MAX_LINE = 2_000;

    final int index;
    final Process process;
    final long pid;
    final long launchedNanos = System.nanoTime();
    private final Object writeLock = new Object();
    private final DataOutputStream toWorker;
    private final ArrayDeque<Frames.Frame> outbox = new ArrayDeque<>();
    private long outboxBytes;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final Thread stderrThread;
    private volatile String protocolError;

    // Guarded by the dispatcher's lock.
    State state = State.STARTING;
    final ArrayDeque<ProcessJob> jobs = new ArrayDeque<>();
    int jobsRun;
    boolean killedOnPurpose;
    /** The job this worker was told to die for (KILL sent), or -1. */
    long killFor = -1;
    ScheduledFuture<?> killTimer;
    ScheduledFuture<?> startTimer;
    private final ArrayDeque<Long> functions = new ArrayDeque<>();

    private Worker(int index, Process process, PrintStream forwardTo, String poolName) {
        this.index = index;
        this.process = process;
        this.pid = process.pid();
        this.toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.stderrThread = Thread.ofPlatform().daemon().name(poolName + "-worker-" + index + "-err")
                .unstarted(() -> readStderr(forwardTo));
    }

    /** Starts a worker process with {@code builder} and its reader threads. */
    static Worker launch(ProcessBuilder builder, int index, PrintStream forwardTo, String poolName,
                         int maxFrameBytes, Listener listener) throws IOException {
        builder.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        Worker w = new Worker(index, builder.start(), forwardTo, poolName);
        w.stderrThread.start();
        Thread.ofPlatform().daemon().name(poolName + "-worker-" + index + "-out")
                .start(() -> w.readStdout(listener, maxFrameBytes));
        return w;
    }

    /**
     * True if a chunk of the map {@code fnKey} must carry its function to this worker (it has not
     * got it, or has forgotten it), and notes that it will have it. Caller holds the dispatcher's
     * lock; the worker remembers functions in the same order, as frames come.
     */
    boolean sendsFunction(long fnKey) {
        if (functions.contains(fnKey)) {
            return false;
        }
        functions.add(fnKey);
        if (functions.size() > FUNCTIONS) {
            functions.removeFirst();
        }
        return true;
    }

    /** Queues a frame for the worker; {@link #flush()} writes it. */
    void enqueue(byte type, long id, byte[] payload) {
        synchronized (outbox) {
            outbox.add(new Frames.Frame(type, id, payload));
            outboxBytes += payload.length;
        }
    }

    /** True if the frames queued add up to {@code bytes} or more. */
    boolean queuedAtLeast(long bytes) {
        synchronized (outbox) {
            return outboxBytes >= bytes;
        }
    }

    /** Writes the queued frames, in order and in as few writes as they fit; kills the worker if it cannot be written to. */
    void flush() {
        synchronized (writeLock) {
            try {
                Frames.Frame f;
                boolean wrote = false;
                while ((f = pollOutbox()) != null) {
                    Frames.writeHeld(toWorker, f.type(), f.id(), f.payload());
                    wrote = true;
                }
                if (wrote) {
                    toWorker.flush();
                }
            } catch (IOException e) {
                kill();   // its exit settles what it was given
            }
        }
    }

    private Frames.Frame pollOutbox() {
        synchronized (outbox) {
            Frames.Frame f = outbox.poll();
            if (f != null) {
                outboxBytes -= f.payload().length;
            }
            return f;
        }
    }

    /**
     * Writes what is queued, then ends the worker's stdin: a worker exits once it has answered
     * what it was sent. Processes its past jobs started and left behind are killed first, so
     * that none outlives the pool.
     */
    void closeInput() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        flush();
        synchronized (writeLock) {
            try {
                toWorker.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }

    /** Kills the worker, and whatever it started, at once (SIGKILL). Never blocks. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void readStdout(Listener listener, int maxFrameBytes) {
        DataInputStream in = new DataInputStream(process.getInputStream());
        try {
            Frames.Frame f;
            while ((f = Frames.read(in, maxFrameBytes)) != null) {
                listener.frame(this, f);
            }
        } catch (IOException e) {
            // a torn frame (it died mid-write) or garbage on its stdout: either way it is done
            protocolError = e.getMessage();
            kill();
        }
        listener.exited(this, awaitExit());
    }

    private int awaitExit() {
        boolean interrupted = false;
        while (true) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    kill();   // it closed its stdout but lives on: it is no use to anyone
                    continue;
                }
                stderrThread.join(2_000);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    private void readStderr(PrintStream forwardTo) {
        try (var r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = r.read()) >= 0) {
                if (c != '\n') {
                    if (line.length() < MAX_LINE) {
                        line.append((char) c);
                    }
                    continue;
                }
                String text = line.toString();
                line.setLength(0);
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(text);
                }
                if (forwardTo != null) {
                    forwardTo.println("[worker " + pid + "] " + text);
                }
            }
        } catch (IOException e) {
            // the pipe broke with the process
        }
    }

    /** The worker's last lines of stderr, oldest first, with a note if its stdout stream broke. */
    List<String> stderrTail() {
        List<String> lines;
        synchronized (tail) {
            lines = new ArrayList<>(tail);
        }
        String broken = protocolError;
        if (broken != null) {
            lines.add("(weft: the worker's stdout broke off: " + broken + ")");
        }
        return lines;
    }

    @Override
    public String toString() {
        return "Worker[" + index + ", pid " + pid + ", " + state + "]";
    }
}
