package dev.weft.pool;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ScheduledFuture;

/**
 * One job of a {@link ProcessPool}, from the queue to its answer: its task, its serialized form,
 * and where it is.
 *
 * <p>State (the fields below the final ones are guarded by the dispatcher's lock):
 * <pre>
 * queued (worker == null) --given to a worker--> assigned --STARTED--> started --answer--> done
 *   started --worker died--> failed, or queued again if retries allow
 *   assigned --worker died--> queued again: the worker never called it
 *   assigned --CANCEL sent, SKIPPED came back--> dropped (cancelled) or queued again (stolen)
 * </pre>
 *
 * <p>Implementation notes: {@code input} keeps the job itself only to describe it in a crash
 * report; the worker gets {@code bytes}. {@link #digest()} identifies an input for quarantine:
 * two submissions of the same lambda with equal captured values have the same bytes.
 */
final class ProcessJob {
    final long id;
    final PoolTask<Object> task;
    final byte[] bytes;
    final Object body;
    final long timeoutNanos;
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

    ProcessJob(long id, PoolTask<Object> task, byte[] bytes, Object body, long timeoutNanos) {
        this.id = id;
        this.task = task;
        this.bytes = bytes;
        this.body = body;
        this.timeoutNanos = timeoutNanos;
    }

    /** A digest of the serialized job: equal inputs, equal digests. */
    synchronized String digest() {
        if (digest == null) {
            try {
                digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no SHA-256", e);
            }
        }
        return digest;
    }

    @Override
    public String toString() {
        return "ProcessJob[" + id + ", " + task.name() + "]";
    }
}
