package dev.weft.pool;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ScheduledFuture;

/**
 * One job of a {@link ProcessPool}, from the queue to its answer: its task, what travels to the
 * worker, and where it is.
 *
 * <p>State (the fields below the final ones are guarded by the dispatcher's lock):
 * <pre>
 * queued (worker == null) --given to a worker--> assigned --STARTED--> started --answer--> done
 *   started --worker died--> failed, or queued again if retries allow
 *   assigned --worker died--> queued again: the worker never called it
 *   assigned --CANCEL sent, SKIPPED came back--> dropped (cancelled) or queued again (stolen)
 * </pre>
 *
 * <p>A job is a serialized callable, or a map chunk: its map's function (serialized once per
 * map, sent once per worker) and its items. Implementation notes: {@code body} is kept only to
 * describe the job in a crash report. {@link #digest()} identifies an input for quarantine: two
 * submissions of the same lambda with equal captured values have the same bytes.
 */
final class ProcessJob {
    final long id;
    final PoolTask<Object> task;
    final Object body;
    final long timeoutNanos;
    private final byte[] callable;
    private final long fnKey;
    private final byte[] fn;
    private final byte[] items;
    private String digest;

    int attempts;
    Worker worker;
    boolean started;
    Recall recall = Recall.NONE;
    ScheduledFuture<?> timer;

    /** Why the pool sent a CANCEL for this job to its worker, if it did. */
    enum Recall {
        NONE,
        /** its task was cancelled: it must not start */
        CANCELLED,
        /** an idle worker could run it sooner: it goes back to the queue */
        STOLEN
    }

    private ProcessJob(long id, PoolTask<Object> task, Object body, long timeoutNanos, byte[] callable, long fnKey,
                       byte[] fn, byte[] items) {
        this.id = id;
        this.task = task;
        this.body = body;
        this.timeoutNanos = timeoutNanos;
        this.callable = callable;
        this.fnKey = fnKey;
        this.fn = fn;
        this.items = items;
    }

    /** A job of a serialized callable. */
    static ProcessJob callable(long id, PoolTask<Object> task, Object body, long timeoutNanos, byte[] serialized) {
        return new ProcessJob(id, task, body, timeoutNanos, Frames.runCallable(serialized), 0, null, null);
    }

    /** A map chunk: the function serialized under {@code fnKey}, and the encoded items. */
    static ProcessJob chunk(long id, PoolTask<Object> task, Chunk<?, ?> body, long fnKey, byte[] fn, byte[] items) {
        return new ProcessJob(id, task, body, -1, null, fnKey, fn, items);
    }

    /** The RUN payload for {@code w}: a chunk carries its function only to a worker that lacks it. Caller holds the dispatcher's lock. */
    byte[] payloadFor(Worker w) {
        if (callable != null) {
            return callable;
        }
        return Frames.runChunk(fnKey, w.sendsFunction(fnKey) ? fn : Frames.NO_PAYLOAD, items);
    }

    /** The bytes that travel, at most. */
    long size() {
        return callable != null ? callable.length : fn.length + items.length;
    }

    /** A digest of what the job is and is given: equal inputs, equal digests. */
    synchronized String digest() {
        if (digest == null) {
            MessageDigest d = StartupCache.sha256();
            if (callable != null) {
                d.update(callable);
            } else {
                d.update(fn);
                d.update(items);
            }
            digest = HexFormat.of().formatHex(d.digest());
        }
        return digest;
    }

    @Override
    public String toString() {
        return "ProcessJob[" + id + ", " + task.name() + "]";
    }
}
