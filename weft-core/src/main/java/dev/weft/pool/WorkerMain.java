package dev.weft.pool;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The main class of a {@link ProcessPool} worker: a child JVM that reads jobs from its stdin and
 * writes their outcomes to its stdout, one at a time, until its stdin ends. Not an API: the pool
 * starts it. Arguments: {@code --init} when an initializer frame comes first; {@code --train}
 * to run the worker's own path over a few built-in jobs in memory and exit (the start-up cache
 * learns from that run which classes a worker needs).
 *
 * <p>Implementation notes: stdout carries frames only, so {@code System.out} is pointed at
 * stderr before anything else runs (a job's prints land in the worker's stderr, which the pool
 * reads) and the JVM's own messages go there too (flags in {@link WorkerCommand}). Jobs run on
 * the main thread, in the order they came; a reader thread takes frames off stdin as they come,
 * so that the pool can send jobs ahead and call back one not started yet. Stopping a running
 * job means killing this process, so nothing here needs to be interruptible. Both threads write
 * frames; {@link Frames#write} is called under the stream's monitor. A worker whose parent dies
 * halts: its stdin ends too, but a long job would not notice that until it ended.
 */
public final class WorkerMain {
    static final String MAX_FRAME_PROPERTY = "weft.pool.maxFrameBytes";
    private static final byte[] NOTHING = new byte[0];

    private WorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        List<String> flags = List.of(args);
        boolean train = flags.contains("--train");
        InputStream in = train ? new ByteArrayInputStream(trainingFrames(50)) : new FileInputStream(FileDescriptor.in);
        OutputStream out = train ? OutputStream.nullOutputStream() : new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        serve(new DataInputStream(new BufferedInputStream(in, 1 << 16)),
                new DataOutputStream(new BufferedOutputStream(out, 1 << 16)),
                flags.contains("--init"), !train);
    }

    private static void serve(DataInputStream in, DataOutputStream out, boolean init, boolean watchParent)
            throws IOException {
        AllowList allow = AllowList.fromSystemProperty();
        int maxFrame = Integer.getInteger(MAX_FRAME_PROPERTY, 256 << 20);
        if (init && !initialize(in, out, allow, maxFrame)) {
            return;
        }
        if (watchParent) {
            warmUp(allow);
        }
        Frames.write(out, Frames.READY, 0, NOTHING);
        if (watchParent) {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        }
        Inbox inbox = new Inbox(in, out, maxFrame);
        Thread.ofPlatform().daemon().name("weft-worker-stdin").start(inbox::read);
        Frames.Frame job;
        while ((job = inbox.take()) != null) {
            answer(job, inbox, allow, maxFrame, out);
        }
        synchronized (out) {
            out.flush();
        }
        inbox.rethrow();
    }

    /**
     * The jobs read from stdin and not started yet: a thread reads frames as they come, so that
     * a CANCEL can take a job out before the main thread gets to it (it answers SKIPPED).
     */
    private static final class Inbox {
        private final DataInputStream in;
        private final DataOutputStream out;
        private final int maxFrame;
        private final ArrayDeque<Frames.Frame> jobs = new ArrayDeque<>();
        private final LinkedHashMap<Long, Object> functions = new LinkedHashMap<>();
        private boolean ended;
        private IOException broken;

        Inbox(DataInputStream in, DataOutputStream out, int maxFrame) {
            this.in = in;
            this.out = out;
            this.maxFrame = maxFrame;
        }

        void read() {
            try {
                Frames.Frame f;
                while ((f = Frames.read(in, maxFrame)) != null) {
                    switch (f.type()) {
                        case Frames.RUN -> add(remember(f));
                        case Frames.CANCEL -> cancel(f.id());
                        default -> throw new IOException("a worker expects RUN and CANCEL frames, not "
                                + Frames.typeName(f.type()));
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    broken = e;
                }
            }
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }

        /**
         * Keeps the function a chunk brings, as the frames come (not as jobs run, since a job
         * may be skipped), so that this worker forgets what the pool thinks it forgets.
         */
        private synchronized Frames.Frame remember(Frames.Frame f) throws IOException {
            Frames.Run run = Frames.parseRun(f.payload());
            if (run.chunk() && run.fn().length > 0) {
                functions.put(run.fnKey(), run.fn());
                if (functions.size() > Worker.FUNCTIONS) {
                    functions.pollFirstEntry();
                }
            }
            return f;
        }

        /** The job a RUN frame carries: a callable, or a chunk of a map whose function came before. */
        Callable<?> job(Frames.Frame f, AllowList allow) throws IOException, ClassNotFoundException {
            Frames.Run run = Frames.parseRun(f.payload());
            if (!run.chunk()) {
                return (Callable<?>) Codec.deserialize(run.body(), allow, "the worker");
            }
            Object fn;
            synchronized (this) {
                fn = functions.get(run.fnKey());
            }
            if (fn == null) {
                throw new IllegalStateException("a chunk of map " + run.fnKey() + " came without its function");
            }
            if (fn instanceof byte[] bytes) {
                fn = Codec.deserialize(bytes, allow, "the worker");
                synchronized (this) {
                    functions.replace(run.fnKey(), fn);
                }
            }
            @SuppressWarnings("unchecked")
            ArrayList<Object> items = (ArrayList<Object>) Values.decode(run.body(), allow, "the worker");
            @SuppressWarnings("unchecked")
            SerializableFunction<Object, Object> function = (SerializableFunction<Object, Object>) fn;
            return new Chunk<>(run.fnKey(), function, items);
        }

        private synchronized void add(Frames.Frame f) {
            jobs.add(f);
            notifyAll();
        }

        private void cancel(long id) throws IOException {
            boolean removed;
            synchronized (this) {
                removed = jobs.removeIf(f -> f.id() == id);
            }
            if (removed) {
                Frames.write(out, Frames.SKIPPED, id, NOTHING);
            }
        }

        /** True if a job is waiting to be taken. */
        synchronized boolean hasWaiting() {
            return !jobs.isEmpty();
        }

        /** The next job, or null once stdin has ended and every job was taken. */
        synchronized Frames.Frame take() {
            boolean interrupted = false;
            while (jobs.isEmpty() && !ended) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return jobs.poll();
        }

        synchronized void rethrow() throws IOException {
            if (broken != null) {
                throw broken;
            }
        }
    }

    /** Runs the initializer that comes first; false (after telling the pool) if it failed. */
    private static boolean initialize(DataInputStream in, DataOutputStream out, AllowList allow, int maxFrame)
            throws IOException {
        Frames.Frame f = Frames.read(in, maxFrame);
        if (f == null) {
            return false;
        }
        try {
            ((Runnable) Codec.deserialize(f.payload(), allow, "the worker")).run();
            return true;
        } catch (Throwable e) {
            Frames.write(out, Frames.INIT_FAILED, 0, Codec.failure(e));
            return false;
        }
    }

    /**
     * Runs one job and writes its outcome. The outcome is flushed at once unless the next job
     * is already at hand: then it goes out with that job's STARTED, in one write.
     */
    private static void answer(Frames.Frame frame, Inbox inbox, AllowList allow, int maxFrame, DataOutputStream out)
            throws IOException {
        long id = frame.id();
        Callable<?> job;
        try {
            job = inbox.job(frame, allow);
        } catch (Throwable e) {
            send(out, Frames.ERR, id, Codec.failure(e), inbox);
            return;
        }
        synchronized (out) {
            Frames.writeHeld(out, Frames.STARTED, id, NOTHING);
            out.flush();
        }
        Object result;
        try {
            result = job.call();
        } catch (Throwable e) {
            send(out, Frames.ERR, id, Codec.failure(e), inbox);
            return;
        }
        byte[] bytes;
        try {
            bytes = Values.encode(result);
        } catch (NotSerializableException e) {
            send(out, Frames.ERR, id, Codec.failure(new IllegalStateException(
                    "the job's result cannot travel back to the pool: " + e.getMessage() + " is not serializable")), inbox);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            send(out, Frames.ERR, id, Codec.failure(e), inbox);
            return;
        }
        if (bytes.length > maxFrame) {
            send(out, Frames.ERR, id, Codec.failure(new IllegalStateException("the job's result serializes to "
                    + bytes.length + " bytes, more than ProcessPool.Options.maxFrameBytes (" + maxFrame
                    + "); return a smaller result, or pass big arrays through SharedMemory")), inbox);
            return;
        }
        send(out, Frames.OK, id, bytes, inbox);
    }

    /** Writes an outcome; flushes it now unless another job waits, whose STARTED will flush it. */
    private static void send(DataOutputStream out, byte type, long id, byte[] payload, Inbox inbox) throws IOException {
        synchronized (out) {
            Frames.writeHeld(out, type, id, payload);
            if (!inbox.hasWaiting()) {
                out.flush();
            }
        }
    }

    /**
     * Runs a few built-in jobs, into nowhere, before saying READY: the first job a JVM runs pays
     * for loading and linking serialization and lambdas (tens of milliseconds), and a spare
     * worker should not make the job it takes over pay that.
     */
    private static void warmUp(AllowList allow) throws IOException {
        DataOutputStream nowhere = new DataOutputStream(OutputStream.nullOutputStream());
        Inbox scratch = new Inbox(new DataInputStream(new ByteArrayInputStream(trainingFrames(1))), nowhere, 1 << 20);
        scratch.read();
        Frames.Frame f;
        while ((f = scratch.take()) != null) {
            answer(f, scratch, allow, 1 << 20, nowhere);
        }
    }

    /** {@code rounds} jobs of each kind a pool sends — a lambda, a map chunk, one that fails — as RUN frames. */
    private static byte[] trainingFrames(int rounds) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        String word = "warm";
        SerializableFunction<Integer, Long> square = x -> (long) x * x;
        for (int i = 0; i < rounds; i++) {
            int n = i;
            SerializableCallable<String> lambda = () -> word + n;
            SerializableCallable<Object> failing = () -> {
                throw new IllegalStateException("training " + n);
            };
            Frames.write(out, Frames.RUN, 3L * i, Frames.runCallable(Codec.serialize(lambda)));
            byte[] fn = i == 0 ? Codec.serialize(square) : new byte[0];
            Frames.write(out, Frames.RUN, 3L * i + 1, Frames.runChunk(7, fn, Values.encode(new ArrayList<>(List.of(i, n + 1)))));
            Frames.write(out, Frames.RUN, 3L * i + 2, Frames.runCallable(Codec.serialize(failing)));
        }
        return bytes.toByteArray();
    }
}
