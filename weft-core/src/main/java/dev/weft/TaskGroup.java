package dev.weft;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * Tasks that live and die together: asyncio's {@code TaskGroup}, Trio's nursery, the JDK's
 * {@code StructuredTaskScope}. No child outlives its group; the first failure cancels the
 * other children; every failure is reported, none lost.
 *
 * <pre>{@code
 * List<String> pages = TaskGroup.run(g -> {
 *     Task<String> a = g.spawn(() -> fetch("a"));
 *     Task<String> b = g.spawn(() -> fetch("b"));
 *     return List.of(a, b);
 * }).stream().map(Task::join).toList();
 * }</pre>
 *
 * <p>Two ways to use it. {@link #run} is the nursery: the body runs, then the group waits for
 * every child; a failure in a child also cancels the body where it waits. With
 * {@link #open()} and try-with-resources the owner calls {@link #join()} to wait and learn of
 * failures; {@link #close()} cancels whatever is still running and waits for it. In that form
 * a failing child cancels its siblings but not the owner's own code (Java cannot swap the
 * exception a try block is already throwing), so call {@code join()} before the block ends.
 *
 * <p>A group belongs to the task that opened it and its loop; spawn and join from that loop.
 *
 * <p>Implementation notes: all state is touched on the loop's carrier thread only (owner and
 * children share it); the monitor exists because {@link WaitQueue} asks for one.
 * {@code failures} grows in the order children failed; {@code reported} is how many of them a
 * {@code join} or {@code close} has already thrown.
 */
public final class TaskGroup implements AutoCloseable {
    private final TaskImpl<?> owner;
    private final LinkedHashSet<TaskImpl<?>> children = new LinkedHashSet<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final WaitQueue idle = new WaitQueue(this, this, this::childThreads);
    private CancelScope scope;
    private int reported;
    private boolean cancelling;
    private boolean closed;

    private TaskGroup(TaskImpl<?> owner) {
        this.owner = owner;
    }

    /**
     * Opens a group owned by the current task.
     *
     * @throws IllegalStateException outside a task
     */
    public static TaskGroup open() {
        return new TaskGroup(Weft.requireTask("TaskGroup.open"));
    }

    /**
     * Runs {@code body} with a fresh group, then waits for all its children. A failure in a
     * child or in the body cancels the rest — the body too, at its next waiting point — and
     * ends in {@link TaskGroupException} listing every failure.
     *
     * <p><b>Cancellation.</b> A waiting point. If the calling task is cancelled, the children
     * are cancelled and awaited, then {@link CancellationException} is thrown (with any
     * failures suppressed on it).
     */
    public static <R> R run(Function<TaskGroup, R> body) {
        TaskGroup g = open();
        TaskImpl<?> owner = g.owner;
        g.scope = new CancelScope(owner.scope);
        owner.scope = g.scope;
        R result = null;
        CancellationException bodyCancelled = null;
        try {
            try {
                result = body.apply(g);
            } catch (CancellationException e) {
                // Not a failure: the owner's or the group's own cancellation, or one the body
                // met on its own (it joined a cancelled task), which run() passes on as asyncio does.
                bodyCancelled = e;
                g.cancelChildren();
            } catch (Throwable e) {
                if (!(CancelScope.isCancellation(e) && owner.cancelPending())) {
                    g.failed(e);
                }
            }
            g.awaitChildren();
        } finally {
            owner.scope = g.scope.parent;
            g.closed = true;
            if (g.scope.isCancelled() && !owner.cancelPending()) {
                Thread.interrupted();
            }
        }
        g.throwIfOwnerCancelled();
        if (!g.failures.isEmpty()) {
            throw new TaskGroupException(g.failures);
        }
        if (bodyCancelled != null && !g.scope.isCancelled()) {
            throw bodyCancelled;
        }
        return result;
    }

    /** Starts {@code body} as a child task. */
    public <T> Task<T> spawn(Callable<T> body) {
        return spawn(null, body);
    }

    /**
     * Starts {@code body} as a child task named {@code name}. A child spawned while the group
     * is cancelling starts cancelled.
     *
     * @throws IllegalStateException once the group has closed, or off the group's loop
     */
    public <T> Task<T> spawn(String name, Callable<T> body) {
        if (closed) {
            throw new IllegalStateException("task group is closed");
        }
        if (!owner.loop.inLoopThread()) {
            throw new IllegalStateException("spawn into a task group from its own loop");
        }
        TaskImpl<T> child = owner.loop.spawn(name, body);
        children.add(child);
        child.onExit = () -> childExited(child);
        if (cancelling) {
            child.cancel();
        }
        return child;
    }

    /**
     * Waits until every child has ended. The first failure cancels the others.
     *
     * <p><b>Cancellation.</b> A waiting point. If the owner is cancelled, the children are
     * cancelled and awaited before {@link CancellationException} is thrown.
     *
     * @throws TaskGroupException if children failed since the last {@code join}
     */
    public void join() {
        awaitChildren();
        throwIfOwnerCancelled();
        throwUnreported();
    }

    /**
     * Cancels the children still running and waits for them to end; then throws
     * {@link TaskGroupException} for any failure not yet thrown by {@link #join()}. Closing
     * twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        cancelChildren();
        awaitChildren();
        closed = true;
        throwUnreported();
    }

    /** The task that opened this group and waits for its children. */
    public Task<?> owner() {
        return owner;
    }

    /** How many children have not ended yet. */
    public int running() {
        return children.size();
    }

    /** Every child failure so far, in the order they happened. */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Cancels every child still running; later children start cancelled. */
    public void cancel() {
        cancelChildren();
    }

    static <T> List<T> gather(List<? extends Callable<T>> bodies) {
        TaskGroup g = new TaskGroup(Weft.requireTask("gather"));
        List<Task<T>> tasks = new ArrayList<>(bodies.size());
        for (Callable<T> body : bodies) {
            tasks.add(g.spawn(body));
        }
        g.awaitChildren();
        g.closed = true;
        g.throwIfOwnerCancelled();
        if (!g.failures.isEmpty()) {
            Throwable first = g.failures.getFirst();
            for (Throwable other : g.failures.subList(1, g.failures.size())) {
                if (other != first && !List.of(first.getSuppressed()).contains(other)) {
                    first.addSuppressed(other);
                }
            }
            throw TaskFailedException.unchecked("gather", first);
        }
        List<T> results = new ArrayList<>(tasks.size());
        for (Task<T> t : tasks) {
            // A body that ended cancelled on its own makes gather cancelled, as in asyncio.
            results.add(t.join());
        }
        return results;
    }

    private void childExited(TaskImpl<?> child) {
        children.remove(child);
        child.observed = true;
        Throwable failure = child.failure();
        if (failure != null) {
            failed(failure);
        }
        WaitQueue.Waiter waiting;
        synchronized (this) {
            if (children.isEmpty()) {
                idle.wakeAll(null);
                return;
            }
            waiting = idle.first();
        }
        // The owner now waits on fewer children: if those left are all stuck, so is the owner.
        WaitQueue.wakersChanged(waiting);
    }

    /** The children still running, for the wait-for graph: the owner's wait ends when they do. */
    private synchronized Thread[] childThreads() {
        Thread[] threads = new Thread[children.size()];
        int i = 0;
        for (TaskImpl<?> child : children) {
            threads[i++] = child.thread;
        }
        return threads;
    }

    private void failed(Throwable failure) {
        failures.add(failure);
        cancelChildren();
        if (scope != null) {
            scope.cancel(owner);
        }
    }

    private void cancelChildren() {
        cancelling = true;
        for (TaskImpl<?> child : List.copyOf(children)) {
            child.cancel();
        }
    }

    /**
     * Waits for every child; a cancellation of the owner cancels them and waits on. A wait the
     * wait-for graph refuses (the children wait, around a cycle, for the owner) cancels them too,
     * and that refusal is thrown once they have all ended.
     */
    private void awaitChildren() {
        RuntimeException refused = null;
        while (!children.isEmpty()) {
            if (!cancelling && owner.cancelPending()) {
                cancelChildren();
            }
            WaitQueue.Waiter w;
            synchronized (this) {
                w = idle.enqueue(null);
            }
            try {
                idle.await(w, -1, !cancelling);
            } catch (CancellationException e) {
                cancelChildren();
            } catch (RuntimeException e) {
                refused = refused == null ? e : refused;
                cancelChildren();
            }
        }
        if (refused != null) {
            throw refused;
        }
    }

    private void throwIfOwnerCancelled() {
        if (owner.cancelPending()) {
            CancellationException e = new CancellationException(owner.describe() + " was cancelled");
            for (Throwable f : failures.subList(reported, failures.size())) {
                e.addSuppressed(f);
            }
            reported = failures.size();
            throw e;
        }
    }

    private void throwUnreported() {
        if (reported < failures.size()) {
            List<Throwable> fresh = List.copyOf(failures.subList(reported, failures.size()));
            reported = failures.size();
            throw new TaskGroupException(fresh);
        }
    }

    @Override
    public String toString() {
        return "TaskGroup[owner " + owner.name() + ", " + children.size() + " running, "
                + failures.size() + " failed]";
    }
}
