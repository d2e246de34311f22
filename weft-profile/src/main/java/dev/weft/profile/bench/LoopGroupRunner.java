package dev.weft.profile.bench;

import dev.weft.Promise;
import dev.weft.net.LoopGroup;
import dev.weft.profile.Execution;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the jobs as tasks spread over a {@link LoopGroup} of N loops (one per core, or fewer
 * when the parallelism is lower), {@code parallelism} tasks in all, each taking the next job
 * when it finishes one. Its loops' stall watchdog is off, as {@link LoopRunner}'s is.
 */
final class LoopGroupRunner implements Runner {
    private final int parallelism;
    private final LoopGroup loops;

    LoopGroupRunner(int parallelism, int loops) {
        this.parallelism = parallelism;
        this.loops = LoopGroup.open(loops, LoopRunner.QUIET);
    }

    @Override
    public Execution execution() {
        return Execution.LOOPS;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public void runAll(List<Job> jobs) {
        JobQueue queue = new JobQueue(jobs);
        List<Promise<Void>> workers = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            workers.add(loops.submit(queue::drain));
        }
        for (Promise<Void> w : workers) {
            w.join();
        }
    }

    @Override
    public String describe() {
        return "tasks on " + loops.size() + " loops × " + parallelism;
    }

    @Override
    public void close() {
        loops.close();
    }
}
