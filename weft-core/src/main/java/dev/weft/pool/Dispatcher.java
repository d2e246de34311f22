package dev.weft.pool;

import dev.weft.Promise;
import dev.weft.TaskFailedException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine of a {@link ProcessPool}: the queue of jobs, the workers, and what happens when a
 * job is submitted, a worker answers, a job is called off, a worker dies, or the pool closes.
 * This is the one long file of the package: every event of the pool, under one lock, reads best
 * in one place.
 *
 * <p>Invariants: a job runs on at most one worker at a time, and goes to another worker only if
 * the first never called it (no STARTED came) or the caller asked for retries; at most
 * {@code size} workers are busy, the rest (the spares) idle and ready; while the pool is open, a
 * dead worker is replaced. While closing, workers are replaced only as long as jobs wait for
 * them, and idle ones are told to exit once nothing is queued or running.
 *
 * <p>Implementation notes: {@code lock} guards the queue, the worker list, each worker's and
 * job's mutable fields, and the counters. Frames are written outside {@code lock} (each worker
 * has its own write lock, never held with this one). Each worker's stdout thread delivers its
 * frames and then its exit, so an answer, or the STARTED that says a job was called, is never
 * overtaken by the death that follows it. Tasks are settled, processes started and logs
 * written outside {@code lock}, since settling runs listeners and starting takes milliseconds.
 */
final class Dispatcher implements Worker.Listener {
    /** Frames at least this big are written from a thread of their own, never from a loop's. */
    static final int BIG_FRAME = 64 << 10;
    /** Consecutive workers dying before they are ready that make the pool broken. */
    static final int FAILED_STARTS = 3;
    /** How long a worker told to end itself for a job may take before it is killed outright. */
    static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger("dev.weft.pool");

    private final String name;
    private final ProcessPool.Options options;
    private final Launcher launcher;
    private final StartupCache cache;
    private final AllowList allow;
    private final Crashes crashes;
    private final Promise<Void> terminated;
    private final Promise<Void> allReady;
    private final Thread shutdownHook = Thread.ofPlatform().unstarted(this::killAll);
    private final Counters counts = new Counters();

    private final Object lock = new Object();
    private final ArrayDeque<ProcessJob> queue = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private int busy;
    private int stealing;
    private int launching;
    private int nextIndex;
    private int failedStarts;
    private boolean closing;
    private PoolBrokenException broken;

    Dispatcher(String name, ProcessPool.Options options, AllowList allow, byte[] initializer) {
        this.name = name;
        this.options = options;
        this.allow = allow;
        this.launcher = new Launcher(name, options, allow, initializer);
        this.cache = launcher.cache();
        this.crashes = new Crashes(options.retries, options.quarantineAfter);
        this.terminated = new Promise<>("termination of " + name);
        this.allReady = new Promise<>("start of the workers of " + name);
    }

    /** Starts the workers (and, the first time, the start-up cache's trainer). */
    void open() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        launcher.trainCache();
        cache.trained().thenRun(this::stopIfDone);
        synchronized (lock) {
            launching = options.workers + options.spares;
        }
        launch(options.workers + options.spares);
    }

    // ------------------------------------------------------------------ jobs

    /** Queues {@code job}, or fails it at once if its input is quarantined. */
    void submit(ProcessJob job) {
        WorkerCrashedException refused;
        synchronized (lock) {
            if (broken != null) {
                throw broken;
            }
            if (closing) {
                throw new PoolClosedException(name + " is closed: it takes no new jobs");
            }
            refused = crashes.refusal(job);
            if (refused == null) {
                queue.add(job);
            }
        }
        if (refused != null) {
            job.task.failWith(refused);
            return;
        }
        dispatch();
    }

    /**
     * Gives queued jobs to workers: to an idle one while fewer than {@code size} are busy, else
     * ahead to a busy one (up to {@code prefetch} waiting behind its current job), so that it
     * goes from one job to the next without waiting for a round trip. When a worker is idle and
     * nothing is queued, a job waiting ahead on a busy worker is recalled for it (stolen).
     */
    private void dispatch() {
        List<Worker> touched = new ArrayList<>();
        synchronized (lock) {
            while (!queue.isEmpty()) {
                Worker w = pickWorker();
                if (w == null) {
                    break;
                }
                ProcessJob job = queue.poll();
                if (job.task.isDone()) {
                    continue;
                }
                if (w.jobs.isEmpty()) {
                    w.state = Worker.State.BUSY;
                    busy++;
                }
                w.jobs.add(job);
                w.jobsRun++;
                job.worker = w;
                w.enqueue(Frames.RUN, job.id, job.payloadFor(w));
                touched.add(w);
            }
            if (queue.isEmpty()) {
                steal(touched);
            }
        }
        flush(touched);
    }

    /** An idle worker if fewer than {@code size} are busy (the warmest), else the busy one with least ahead. */
    private Worker pickWorker() {
        Worker best = null;
        if (busy < options.workers) {
            for (Worker w : workers) {
                if (w.state == Worker.State.IDLE && mayTakeMore(w) && (best == null || w.jobsRun > best.jobsRun)) {
                    best = w;
                }
            }
            if (best != null) {
                return best;
            }
        }
        for (Worker w : workers) {
            if (w.state == Worker.State.BUSY && w.killFor < 0 && !w.killedOnPurpose && w.jobs.size() <= options.prefetch
                    && mayTakeMore(w) && (best == null || w.jobs.size() < best.jobs.size())) {
                best = w;
            }
        }
        return best;
    }

    private boolean mayTakeMore(Worker w) {
        return options.maxTasksPerWorker == 0 || w.jobsRun < options.maxTasksPerWorker;
    }

    /**
     * Recalls jobs waiting ahead on busy workers, the last of the longest line first, one per
     * idle worker not yet served. Caller holds {@code lock}.
     */
    private void steal(List<Worker> touched) {
        int idle = 0;
        for (Worker w : workers) {
            if (w.state == Worker.State.IDLE && mayTakeMore(w)) {
                idle++;
            }
        }
        int wanted = Math.min(idle, options.workers - busy) - stealing;
        while (wanted-- > 0) {
            Worker from = null;
            for (Worker w : workers) {
                ProcessJob last = w.jobs.peekLast();
                if (w.jobs.size() > 1 && !last.started && last.recall == ProcessJob.Recall.NONE
                        && (from == null || w.jobs.size() > from.jobs.size())) {
                    from = w;
                }
            }
            if (from == null) {
                return;
            }
            ProcessJob last = from.jobs.peekLast();
            last.recall = ProcessJob.Recall.STOLEN;
            stealing++;
            from.enqueue(Frames.CANCEL, last.id, Frames.NO_PAYLOAD);
            touched.add(from);
        }
    }

    /** Writes the frames queued for these workers; big ones never from a loop's thread. */
    private void flush(List<Worker> touched) {
        for (Worker w : touched) {
            if (Thread.currentThread().isVirtual() && w.queuedAtLeast(BIG_FRAME)) {
                Thread.ofPlatform().daemon().name(name + "-send").start(w::flush);
            } else {
                w.flush();
            }
        }
    }

    /**
     * The job's task was called off: drop it from the queue; recall it from its worker if it has
     * not started there; kill the worker if it has.
     */
    void cancelled(ProcessJob job) {
        Worker kill = null;
        Worker recall = null;
        synchronized (lock) {
            counts.cancelled++;
            Worker w = job.worker;
            if (queue.remove(job) || w == null || !w.jobs.contains(job)) {
                // dropped from the queue, or already over
            } else if (job.started) {
                killFor(w, job);
                kill = w;
            } else if (job.recall == ProcessJob.Recall.NONE) {
                job.recall = ProcessJob.Recall.CANCELLED;
                w.enqueue(Frames.CANCEL, job.id, Frames.NO_PAYLOAD);
                recall = w;
            } else if (job.recall == ProcessJob.Recall.STOLEN) {
                job.recall = ProcessJob.Recall.CANCELLED;
                stealing--;
            }
        }
        if (kill != null) {
            kill.flush();
        } else if (recall != null) {
            recall.flush();
        } else {
            stopIfDone();
        }
    }

    /**
     * Tells {@code w} to end itself if it is still running {@code job} (a KILL frame: precise,
     * since the worker checks before any later job starts), and SIGKILLs it if it has neither
     * ended nor answered within {@link #KILL_GRACE}: a worker stuck in native code cannot read.
     * Caller holds {@code lock}, then flushes {@code w}.
     */
    private void killFor(Worker w, ProcessJob job) {
        if (w.killFor == job.id) {
            return;
        }
        w.killFor = job.id;
        w.enqueue(Frames.KILL, job.id, Frames.NO_PAYLOAD);
        w.killTimer = Waits.schedule(KILL_GRACE.toNanos(), () -> {
            synchronized (lock) {
                if (w.killFor != job.id || w.state == Worker.State.DEAD) {
                    return;
                }
            }
            w.kill();
        });
    }

    // ------------------------------------------------------------------ workers

    /** Starts one worker; the caller counted it in {@code launching}. */
    private void launch() {
        int index;
        synchronized (lock) {
            index = ++nextIndex;
        }
        Worker w = null;
        IOException failure = null;
        try {
            w = launcher.start(index, this);
        } catch (IOException e) {
            failure = e;
        }
        synchronized (lock) {
            launching--;
            if (w != null) {
                workers.add(w);
                counts.started++;
            }
        }
        if (w == null) {
            breakPool(new PoolBrokenException("cannot start a worker JVM for " + name + ": " + failure.getMessage()
                    + "; command: " + launcher.commandLine(), failure));
            return;
        }
        Worker started = w;
        var timer = Waits.schedule(options.startTimeout.toNanos(), () -> killIfStarting(started));
        synchronized (lock) {
            if (w.state == Worker.State.STARTING) {
                w.startTimer = timer;
            } else {
                timer.cancel(false);
            }
        }
    }

    private void killIfStarting(Worker w) {
        synchronized (lock) {
            if (w.state != Worker.State.STARTING) {
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "worker " + w.pid + " of " + name + " was not ready after "
                + options.startTimeout + "; killing it");
        w.kill();
    }

    @Override
    public void frame(Worker w, Frames.Frame f) {
        switch (f.type()) {
            case Frames.READY -> ready(w);
            case Frames.STARTED -> started(w, f.id());
            case Frames.OK, Frames.ERR -> answered(w, f);
            case Frames.SKIPPED -> skipped(w, f.id());
            case Frames.INIT_FAILED -> breakPool(new PoolBrokenException("the worker initializer failed in worker "
                    + w.pid + ", so " + name + " cannot run jobs", Codec.readFailure(f.payload(), allow)));
            default -> untrusted(w, "a frame of " + Frames.typeName(f.type()));
        }
    }

    /** The worker sent what it could not have: its stream cannot be trusted. */
    private void untrusted(Worker w, String what) {
        LOG.log(System.Logger.Level.WARNING, "worker " + w.pid + " of " + name + " sent " + what + "; killing it");
        w.kill();
    }

    private void ready(Worker w) {
        boolean all;
        synchronized (lock) {
            failedStarts = 0;
            counts.lastStartupNanos = System.nanoTime() - w.launchedNanos;
            if (w.state == Worker.State.STARTING) {
                w.state = Worker.State.IDLE;
            }
            if (w.startTimer != null) {
                w.startTimer.cancel(false);
            }
            all = readyWorkers() >= options.workers;
        }
        if (all) {
            allReady.complete(null);
        }
        dispatch();
        stopIfDone();
    }

    private void started(Worker w, long id) {
        boolean ok;
        boolean calledOff = false;
        synchronized (lock) {
            ProcessJob job = w.jobs.peekFirst();
            ok = job != null && job.id == id && !job.started;
            if (ok) {
                job.started = true;
                job.attempts++;
                if (job.recall == ProcessJob.Recall.STOLEN) {
                    stealing--;             // too late to recall: it runs here
                }
                job.recall = ProcessJob.Recall.NONE;
                calledOff = job.task.isDone();
                if (calledOff) {
                    killFor(w, job);
                } else if (job.timeoutNanos >= 0) {
                    job.timer = Waits.schedule(job.timeoutNanos,
                            () -> job.task.timeOut(Duration.ofNanos(job.timeoutNanos)));
                }
            }
        }
        if (!ok) {
            untrusted(w, "STARTED for job " + id + ", which is not its next");
        } else if (calledOff) {
            w.flush();                      // cancelled while its recall was on the way
        }
    }

    private void skipped(Worker w, long id) {
        ProcessJob job = null;
        synchronized (lock) {
            for (ProcessJob j : w.jobs) {
                if (j.id == id && !j.started && j.recall != ProcessJob.Recall.NONE) {
                    job = j;
                }
            }
            if (job != null) {
                counts.recalled++;
                w.jobs.remove(job);
                job.worker = null;
                if (job.recall == ProcessJob.Recall.STOLEN) {
                    stealing--;
                    if (!job.task.isDone()) {
                        queue.addFirst(job);
                    }
                }
                job.recall = ProcessJob.Recall.NONE;
                becameIdleIfEmpty(w);
            }
        }
        if (job == null) {
            untrusted(w, "SKIPPED for job " + id + ", which it was not asked to skip");
            return;
        }
        dispatch();
        stopIfDone();
    }

    /** After a job left {@code w}: if none is left, it is idle, or retiring if it ran its share. Caller holds {@code lock}. */
    private boolean becameIdleIfEmpty(Worker w) {
        if (!w.jobs.isEmpty() || w.state != Worker.State.BUSY) {
            return false;
        }
        busy--;
        boolean retire = !mayTakeMore(w) && !w.killedOnPurpose;
        w.state = w.killedOnPurpose ? Worker.State.BUSY : retire ? Worker.State.RETIRING : Worker.State.IDLE;
        return retire;
    }

    private void answered(Worker w, Frames.Frame f) {
        ProcessJob job;
        boolean retire = false;
        int replacements = 0;
        synchronized (lock) {
            job = w.jobs.peekFirst();
            if (job != null && job.id == f.id()) {
                w.jobs.poll();
                if (f.type() == Frames.OK) {
                    counts.completed++;
                } else {
                    counts.failed++;
                }
                if (w.killFor == job.id) {
                    w.killFor = -1;           // it ended before the KILL came: the worker lives on
                    w.killTimer.cancel(false);
                }
                if (job.timer != null) {
                    job.timer.cancel(false);
                }
                retire = becameIdleIfEmpty(w);
                if (retire) {
                    counts.retired++;
                    replacements = replacementsNeeded();
                    launching += replacements;
                }
            } else {
                job = null;
            }
        }
        if (job == null) {
            untrusted(w, "an answer to job " + f.id() + ", which is not its current one");
            return;
        }
        if (retire) {
            w.closeInput();
            launch(replacements);
        }
        dispatch();
        settle(job, f);
        stopIfDone();
    }

    private void settle(ProcessJob job, Frames.Frame f) {
        if (f.type() != Frames.OK) {
            job.task.failWith(Codec.readFailure(f.payload(), allow));
            return;
        }
        try {
            job.task.succeed(Values.decode(f.payload(), allow, "the pool"));
        } catch (ClassNotAllowedException e) {
            job.task.failWith(e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            job.task.failWith(new TaskFailedException("the result of " + job.task.name()
                    + " could not be read back from its worker: " + e, e));
        }
    }

    @Override
    public void exited(Worker w, int status) {
        List<String> tail = w.stderrTail();
        ProcessJob lost = null;
        WorkerCrashedException crash = null;
        PoolBrokenException brokenNow = null;
        int replacements = 0;
        synchronized (lock) {
            workers.remove(w);
            Worker.State was = w.state;
            w.state = Worker.State.DEAD;
            ProcessJob running = w.jobs.isEmpty() || !w.jobs.peekFirst().started ? null : w.jobs.peekFirst();
            boolean onPurpose = w.killedOnPurpose
                    || w.killFor >= 0 && (running == null || running.id == w.killFor || running.task.isDone());
            if (w.killTimer != null) {
                w.killTimer.cancel(false);
            }
            if (onPurpose) {
                counts.killed++;
            } else if (running != null || was != Worker.State.RETIRING) {
                counts.crashed++;
            }
            if (!w.jobs.isEmpty()) {
                busy--;
            }
            if (running != null) {
                w.jobs.poll();
                if (running.timer != null) {
                    running.timer.cancel(false);
                }
                if (!running.task.isDone()) {
                    crash = crashes.triage(w, running, status, tail);
                    running.worker = null;
                    running.started = false;
                    if (crash == null) {
                        queue.addFirst(running);
                    } else {
                        lost = running;
                    }
                }
            }
            requeueNeverStarted(w);
            if (was == Worker.State.STARTING && !onPurpose && ++failedStarts >= FAILED_STARTS
                    && broken == null) {
                brokenNow = new PoolBrokenException(FAILED_STARTS + " worker JVMs of " + name
                        + " in a row died before they were ready; the last ended with exit status " + status
                        + ", its last stderr lines: " + tail + "; command: " + launcher.commandLine(), null);
            }
            if (brokenNow == null && broken == null) {
                replacements = replacementsNeeded();
                launching += replacements;
            }
        }
        launch(replacements);
        if (lost != null) {
            lost.task.failWith(crash);
            synchronized (lock) {
                counts.failed++;
            }
        }
        if (brokenNow != null) {
            breakPool(brokenNow);
        }
        dispatch();
        stopIfDone();
    }

    /** Puts back at the front of the queue, in order, the jobs a dead worker never started. Caller holds {@code lock}. */
    private void requeueNeverStarted(Worker w) {
        ProcessJob j;
        while ((j = w.jobs.pollLast()) != null) {
            if (j.recall == ProcessJob.Recall.STOLEN) {
                stealing--;
            }
            j.recall = ProcessJob.Recall.NONE;
            j.worker = null;
            if (!j.task.isDone()) {
                queue.addFirst(j);
            }
        }
    }

    /** How many workers to start now to make up the numbers. Caller holds {@code lock}. */
    private int replacementsNeeded() {
        int live = launching;
        for (Worker w : workers) {
            if (w.state != Worker.State.RETIRING && w.state != Worker.State.DEAD) {
                live++;
            }
        }
        int wanted = !closing ? options.workers + options.spares
                : queue.isEmpty() ? 0 : Math.min(options.workers, busy + queue.size());
        return Math.max(0, wanted - live);
    }

    private void launch(int n) {
        for (int i = 0; i < n; i++) {
            launch();
        }
    }

    // ------------------------------------------------------------------ breaking and closing

    /** Fails every queued job with {@code cause} and stops the workers: the pool cannot run jobs. */
    private void breakPool(PoolBrokenException cause) {
        List<ProcessJob> dropped;
        synchronized (lock) {
            if (broken == null) {
                broken = cause;
            }
            closing = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        LOG.log(System.Logger.Level.ERROR, name + " is broken: " + broken.getMessage());
        allReady.fail(broken);
        for (ProcessJob j : dropped) {
            j.task.failWith(broken);
        }
        stopIfDone();
    }

    /** Once closing and nothing is queued or running, tells idle workers to exit; settles termination when all are gone. */
    private void stopIfDone() {
        List<Worker> stop = new ArrayList<>();
        boolean done;
        synchronized (lock) {
            if (!closing || !queue.isEmpty() || busy > 0) {
                return;
            }
            for (Worker w : workers) {
                if (w.state == Worker.State.IDLE || w.state == Worker.State.STARTING) {
                    w.state = Worker.State.RETIRING;
                    stop.add(w);
                }
            }
            done = workers.isEmpty() && launching == 0 && cache.trained().isDone();
        }
        for (Worker w : stop) {
            w.closeInput();
        }
        if (done) {
            allReady.fail(new PoolClosedException(name + " closed before all its workers were ready"));
        }
        if (done && terminated.complete(null)) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException exiting) {
                // the JVM is shutting down: the hook runs anyway, and finds nothing to kill
            }
        }
    }

    private void killAll() {
        List<Worker> all;
        synchronized (lock) {
            closing = true;
            all = new ArrayList<>(workers);
            for (Worker w : all) {
                w.killedOnPurpose = true;
            }
        }
        all.forEach(Worker::kill);
        cache.killTrainer();
    }

    /** Stops taking jobs and waits until every job has ended and every worker has exited. */
    void close() {
        synchronized (lock) {
            closing = true;
        }
        stopIfDone();
        Waits.outside(terminated::join);
    }

    /** {@link #close()} for at most {@code timeout}, then calls everything off and kills the workers. */
    boolean close(Duration timeout) {
        synchronized (lock) {
            closing = true;
        }
        stopIfDone();
        if (Waits.settledWithin(terminated, timeout)) {
            return true;
        }
        // the time ran out: call off everything, then wait for the processes to end
        shutdownNow();
        List<ProcessJob> running = new ArrayList<>();
        synchronized (lock) {
            for (Worker w : workers) {
                running.addAll(w.jobs);
            }
        }
        running.forEach(j -> j.task.cancel());
        killAll();
        Waits.outside(terminated::join);
        return false;
    }

    /** Stops taking jobs and cancels those that have not started (queued, or waiting in a worker); running jobs go on. */
    List<PoolTask<?>> shutdownNow() {
        List<ProcessJob> dropped;
        synchronized (lock) {
            closing = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
            for (Worker w : workers) {
                for (ProcessJob j : w.jobs) {
                    if (!j.started) {
                        dropped.add(j);
                    }
                }
            }
        }
        List<PoolTask<?>> out = new ArrayList<>();
        for (ProcessJob j : dropped) {
            if (j.task.cancel()) {
                out.add(j.task);
            }
        }
        stopIfDone();
        return out;
    }

    boolean isClosed() {
        synchronized (lock) {
            return closing;
        }
    }

    // ------------------------------------------------------------------ introspection

    /**
     * Waits until as many workers as the pool's size have been ready at once, the first time; false
     * if {@code timeout} passed first.
     *
     * @throws PoolBrokenException if the pool broke first, its workers unable to start
     * @throws PoolClosedException if it closed first
     */
    boolean awaitReady(Duration timeout) {
        return Waits.settledWithin(allReady, timeout);
    }

    /** Workers that have started and are running a job or ready for one. Under {@code lock}. */
    private int readyWorkers() {
        int ready = 0;
        for (Worker w : workers) {
            if (w.state == Worker.State.IDLE || w.state == Worker.State.BUSY) {
                ready++;
            }
        }
        return ready;
    }

    ProcessPool.Statistics statistics() {
        synchronized (lock) {
            int ready = readyWorkers();
            return new ProcessPool.Statistics(options.workers, workers.size(), ready, counts.started, counts.crashed,
                    counts.killed, counts.retired, counts.completed, counts.failed, counts.cancelled, counts.recalled,
                    crashes.quarantined().size(),
                    counts.lastStartupNanos < 0 ? null : Duration.ofNanos(counts.lastStartupNanos), cache.status());
        }
    }

    List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        synchronized (lock) {
            for (Worker w : workers) {
                pids.add(w.pid);
            }
        }
        pids.addAll(cache.pids());
        return pids;
    }

    List<CrashReport> quarantined() {
        synchronized (lock) {
            return crashes.quarantined();
        }
    }

    List<String> workerCommand() {
        return launcher.commandLine();
    }

    /** The counters behind {@link ProcessPool.Statistics}; guarded by {@code lock}. */
    private static final class Counters {
        long started;
        long crashed;
        long killed;
        long retired;
        long completed;
        long failed;
        long cancelled;
        long recalled;
        long lastStartupNanos = -1;
    }
}
