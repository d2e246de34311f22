package dev.weft.profile.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Hands out a batch's jobs to whoever asks next: the workers of a loop, a loop group or a plain pool. */
final class JobQueue {
    private final List<Job> jobs;
    private final AtomicInteger next = new AtomicInteger();

    JobQueue(List<Job> jobs) {
        this.jobs = List.copyOf(jobs);
    }

    /** Runs jobs until none is left; a failing job ends this worker with its failure. */
    Void drain() throws Exception {
        for (int i = next.getAndIncrement(); i < jobs.size(); i = next.getAndIncrement()) {
            jobs.get(i).run();
        }
        return null;
    }
}
