package dev.weft.pool;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of a {@link ProcessPool} worker: a child JVM that reads jobs from its stdin and
 * writes their outcomes to its stdout, one at a time, until its stdin ends. Not an API: the pool
 * starts it. Arguments: {@code --init} when an initializer frame comes first; {@code --train}
 * to run the worker's own path over a few built-in jobs in memory and exit (the start-up cache
 * learns from that run which classes a worker needs).
 *
 * <p>Implementation notes: stdout carries frames only, so {@code System.out} is pointed at
 * stderr before anything else runs (a job's prints land in the worker's stderr, which the pool
 * reads) and the JVM's own messages go there too (flags in {@link WorkerCommand}). The
 * initializer runs on the main thread; jobs run, in the order they came, on the main thread and
 * one helper, whichever read them ({@link Crew}). Stopping a running job means killing this
 * process, so nothing here needs to be interruptible. A worker whose parent dies halts: its
 * stdin ends too, but a long job would not notice that until it ended.
 */
public final class WorkerMain {
    static final String MAX_FRAME_PROPERTY = "weft.pool.maxFrameBytes";

    private WorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        List<String> flags = List.of(args);
        boolean train = flags.contains("--train");
        InputStream in = train ? new ByteArrayInputStream(trainingFrames(50)) : new FileInputStream(FileDescriptor.in);
        OutputStream out = train ? OutputStream.nullOutputStream() : new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        serve(in, new DataOutputStream(new BufferedOutputStream(out, 1 << 16)), flags.contains("--init"), train);
    }

    private static void serve(InputStream in, DataOutputStream out, boolean init, boolean alone) throws IOException {
        AllowList allow = AllowList.fromSystemProperty();
        int maxFrame = Integer.getInteger(MAX_FRAME_PROPERTY, 256 << 20);
        Crew crew = new Crew(in, out, allow, maxFrame);
        if (init && !initialize(crew.firstFrame(), out, allow)) {
            return;
        }
        if (!alone) {
            Thread.ofPlatform().daemon().name("weft-worker-warm-up").start(() -> warmUp(allow));
        }
        Frames.write(out, Frames.READY, 0, Frames.NO_PAYLOAD);
        if (!alone) {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        }
        crew.serve(alone ? 0 : 1);
    }

    /** Runs the initializer that comes first; false (after telling the pool) if it failed. */
    private static boolean initialize(Frames.Frame f, DataOutputStream out, AllowList allow) throws IOException {
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
     * Runs a few built-in jobs, into nowhere, on a thread of its own beside the worker's first
     * jobs: the first job a JVM runs pays for loading and linking serialization and lambdas
     * (tens of milliseconds, interpreted), and a spare worker should not make the job it takes
     * over pay that. Saying READY first lets a fresh pool's first jobs start meanwhile.
     */
    private static void warmUp(AllowList allow) {
        try {
            new Crew(new ByteArrayInputStream(trainingFrames(1)), new DataOutputStream(OutputStream.nullOutputStream()),
                    allow, 1 << 20).serve(0);
            openClassPath();
        } catch (IOException | RuntimeException e) {
            System.err.println("weft worker: the warm-up failed, which only makes the first job slower: " + e);
        }
    }

    /**
     * Opens every jar on the class path. With the start-up cache a worker's own classes come from
     * the cache's file, so the jars may not have been read at all, and the first job whose class
     * is not cached would pay for reading a big jar's directory (~20 ms for a 4 MB jar here).
     */
    private static void openClassPath() throws IOException {
        var manifests = ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            manifests.nextElement();
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
            byte[] fn = i == 0 ? Codec.serialize(square) : Frames.NO_PAYLOAD;
            Frames.write(out, Frames.RUN, 3L * i + 1, Frames.runChunk(7, fn, Values.encode(new ArrayList<>(List.of(i, n + 1)))));
            Frames.write(out, Frames.RUN, 3L * i + 2, Frames.runCallable(Codec.serialize(failing)));
        }
        return bytes.toByteArray();
    }
}
