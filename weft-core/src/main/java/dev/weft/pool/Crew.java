package dev.weft.pool;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;

/**
 * The threads of a worker process that read its stdin and run its jobs, one job at a time, in
 * the order they came: each in turn is the <em>reader</em> (blocked reading stdin) and, when a job
 * comes and none runs, that same thread runs it while another takes over the reading. So a job
 * starts on the thread that read it, with no hand-off between threads, and stdin is still read
 * while a job runs — a CANCEL for a job waiting behind it takes that one out (SKIPPED), a KILL
 * for the running one ends the process before any other starts, and a big frame never waits
 * for a job to end.
 *
 * <p>Implementation notes: this object's monitor guards {@code waiting}, {@code functions} and the
 * role flags; the stream {@code out}'s monitor guards writing. The order is always {@code out},
 * then this; never the other way, so a thread holding this monitor never writes. Jobs run on
 * whichever thread of the crew read them: {@link WorkerMain}'s main thread or its helper.
 */
final class Crew {

    /** A RUN frame read and taken apart once, waiting its turn. */
    private record Pending(long id, Frames.Run run) {
    }

    private final Input in;
    private final DataOutputStream out;
    private final AllowList allow;
    private final int maxFrame;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final LinkedHashMap<Long, Object> functions = new LinkedHashMap<>();
    private boolean running;
    private long runningId = -1;
    private boolean reading;
    private boolean ended;
    private IOException broken;

    Crew(InputStream in, DataOutputStream out, AllowList allow, int maxFrame) {
        this.in = new Input(in);
        this.out = out;
        this.allow = allow;
        this.maxFrame = maxFrame;
    }

    /** The first frame, read before serving: the initializer, when one comes. */
    Frames.Frame firstFrame() throws IOException {
        return Frames.read(in.data, maxFrame);
    }

    /** Serves until stdin ends and every job read has been answered, on this thread and {@code helpers} more. */
    void serve(int helpers) throws IOException {
        for (int i = 0; i < helpers; i++) {
            Thread.ofPlatform().daemon().name("weft-worker-crew-" + (i + 1)).start(this::work);
        }
        work();
        synchronized (out) {
            out.flush();
        }
        synchronized (this) {
            if (broken != null) {
                throw broken;
            }
        }
    }

    /**
     * One crew member's loop: run the next job if none runs and no frame is half-way in, else
     * read if no one reads, else wait. A job waiting in line starts only once every byte already
     * sent to this worker has been read: a CANCEL the pool sent before the job ahead ended is
     * always seen before the job it cancels could start.
     */
    private void work() {
        while (true) {
            Pending job = null;
            synchronized (this) {
                while (true) {
                    if (!running && !waiting.isEmpty() && !in.pending()) {
                        job = waiting.poll();
                        running = true;
                        runningId = job.id();
                        break;
                    }
                    if (!reading && !ended) {
                        reading = true;
                        break;
                    }
                    if (ended && waiting.isEmpty() && !running) {
                        notifyAll();
                        return;
                    }
                    waitUninterruptibly();
                }
            }
            if (job != null) {
                run(job);
            } else {
                readOne();
            }
        }
    }

    private void run(Pending job) {
        try {
            answer(job);
        } catch (IOException e) {
            synchronized (this) {
                broken = broken != null ? broken : e;
                ended = true;   // the pool is gone, or the pipe is: nothing more to do
            }
        } finally {
            synchronized (this) {
                running = false;
                runningId = -1;
                notifyAll();
            }
        }
    }

    private void readOne() {
        Frames.Frame f;
        Pending pending = null;
        try {
            f = Frames.read(in.data, maxFrame);
            if (f != null && f.type() == Frames.RUN) {
                pending = new Pending(f.id(), Frames.parseRun(f.payload()));
                remember(pending.run());
            } else if (f != null && f.type() != Frames.CANCEL && f.type() != Frames.KILL) {
                throw new IOException("a worker expects RUN, CANCEL and KILL frames, not " + Frames.typeName(f.type()));
            }
        } catch (IOException e) {
            f = null;
            synchronized (this) {
                broken = e;
            }
        }
        if (f != null && f.type() == Frames.CANCEL) {
            cancel(f.id());
        } else if (f != null && f.type() == Frames.KILL) {
            killIfRunning(f.id());
        }
        synchronized (this) {
            reading = false;
            if (f == null) {
                ended = true;
            } else if (f.type() == Frames.RUN) {
                waiting.add(pending);
            }
            notifyAll();
        }
    }

    /**
     * Takes a job that has not started out of the line and says SKIPPED, holding the stream
     * meanwhile: no later job's STARTED can go out before it, as the pool expects.
     */
    private void cancel(long id) {
        synchronized (out) {
            boolean removed;
            synchronized (this) {
                removed = waiting.removeIf(w -> w.id() == id);
            }
            if (removed) {
                try {
                    Frames.write(out, Frames.SKIPPED, id, Frames.NO_PAYLOAD);
                } catch (IOException e) {
                    synchronized (this) {
                        broken = e;
                        ended = true;
                    }
                }
            }
        }
    }

    /**
     * Ends this process at once if job {@code id} is running; holding the monitor, so that no
     * later job can start meanwhile. If it is over, there is nothing to stop.
     */
    private synchronized void killIfRunning(long id) {
        if (running && runningId == id) {
            Runtime.getRuntime().halt(Frames.KILLED);
        }
    }

    /**
     * Stdin, buffered, able to tell whether bytes have come that no frame took yet — in its
     * buffer, or in the pipe — without taking the lock the reading thread holds.
     */
    private static final class Input extends BufferedInputStream {
        final DataInputStream data = new DataInputStream(this);
        private final InputStream raw;
        private volatile int buffered;

        Input(InputStream raw) {
            super(raw, 1 << 16);
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            buffered = count - pos;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            buffered = count - pos;
            return n;
        }

        /** True if bytes are waiting to be read. Never blocks. */
        boolean pending() {
            if (buffered > 0) {
                return true;
            }
            try {
                return raw.available() > 0;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private void waitUninterruptibly() {
        try {
            wait();
        } catch (InterruptedException e) {
            // a job's interrupt is not the crew's business: jobs stop by the process being killed
        }
    }

    /**
     * Keeps the function a chunk brings, as the frames come (not as jobs run, since a job may be
     * skipped), so that this worker forgets what the pool thinks it forgets.
     */
    private synchronized void remember(Frames.Run run) {
        if (run.chunk() && run.fn().length > 0) {
            functions.put(run.fnKey(), run.fn());
            if (functions.size() > Worker.FUNCTIONS) {
                functions.pollFirstEntry();
            }
        }
    }

    /** The job a RUN frame carries: a callable, or a chunk of a map whose function came before. */
    private Callable<?> job(Pending p) throws IOException, ClassNotFoundException {
        Frames.Run run = p.run();
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

    /**
     * Runs one job and writes its outcome: STARTED (flushed: if this process dies from here on,
     * the pool knows the job ran), then OK or ERR, flushed at once unless the next job is
     * already waiting — then it goes out with that job's STARTED, in one write.
     */
    private void answer(Pending pending) throws IOException {
        long id = pending.id();
        Callable<?> job;
        try {
            job = job(pending);
        } catch (Throwable e) {
            send(Frames.ERR, id, Codec.failure(e));
            return;
        }
        Frames.write(out, Frames.STARTED, id, Frames.NO_PAYLOAD);
        Object result;
        try {
            result = job.call();
        } catch (Throwable e) {
            send(Frames.ERR, id, Codec.failure(e));
            return;
        }
        byte[] bytes;
        try {
            bytes = Values.encode(result);
        } catch (NotSerializableException e) {
            bytes = Codec.failure(new IllegalStateException(
                    "the job's result cannot travel back to the pool: " + e.getMessage() + " is not serializable"));
            send(Frames.ERR, id, bytes);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            send(Frames.ERR, id, Codec.failure(e));
            return;
        }
        if (bytes.length > maxFrame) {
            send(Frames.ERR, id, Codec.failure(new IllegalStateException("the job's result serializes to "
                    + bytes.length + " bytes, more than ProcessPool.Options.maxFrameBytes (" + maxFrame
                    + "); return a smaller result, or pass big arrays through SharedMemory")));
            return;
        }
        send(Frames.OK, id, bytes);
    }

    private void send(byte type, long id, byte[] payload) throws IOException {
        synchronized (out) {
            Frames.writeHeld(out, type, id, payload);
            boolean next;
            synchronized (this) {
                next = !waiting.isEmpty();
            }
            if (!next) {
                out.flush();
            }
        }
    }
}
