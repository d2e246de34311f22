package dev.weft.profile.bench;

import dev.weft.profile.Execution;
import java.util.List;

/** Runs the jobs one after another on the calling thread: the baseline every speedup is measured against. */
final class SequentialRunner implements Runner {
    @Override
    public Execution execution() {
        return Execution.SEQUENTIAL;
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public void runAll(List<Job> jobs) throws Exception {
        for (Job job : jobs) {
            job.run();
        }
    }

    @Override
    public void close() {
    }
}
