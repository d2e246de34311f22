package dev.weft.profile.bench;

import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.profile.Execution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the jobs as tasks on one event loop, {@code parallelism} of them at once: each of that
 * many tasks takes the next job when it finishes one. Waits overlap (a sleeping or reading
 * task parks and the loop runs another); computation does not, since the loop has one carrier.
 * A computing job holds its loop on purpose here, so the loop's stall watchdog is off.
 */
final class LoopRunner implements Runner {
    /** Loops on which a job may hold its loop as long as it computes, unreported. */
    static final EventLoop.Options QUIET = EventLoop.Options.defaults().withStallThreshold(Duration.ZERO);
    private final int parallelism;

    LoopRunner(int parallelism) {
        this.parallelism = parallelism;
    }

    @Override
    public Execution execution() {
        return Execution.LOOP;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public void runAll(List<Job> jobs) {
        Weft.run(QUIET, () -> {
            JobQueue queue = new JobQueue(jobs);
            List<Task<Void>> workers = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                workers.add(Weft.spawn("bench-" + i, queue::drain));
            }
            for (Task<Void> w : workers) {
                w.join();
            }
            return null;
        });
    }

    @Override
    public void close() {
    }
}
