package dev.weft.profile.bench;

import java.io.Serializable;

/**
 * One job of a bench run: {@code units} units of a suite workload. A job names its workload
 * rather than holding it, so that it can cross into a worker process, which prepares the
 * workload's data once for itself ({@link PreparedWorkloads}).
 *
 * @param workload a suite workload's name
 * @param units    how many units to run
 */
public record Job(String workload, int units) implements Serializable {
    public Job {
        if (units < 1) {
            throw new IllegalArgumentException("a job needs at least one unit, got " + units);
        }
    }

    /** Runs the units in this JVM, preparing the workload first if this JVM has not. */
    public Void run() throws Exception {
        var prepared = PreparedWorkloads.get(workload);
        for (int i = 0; i < units; i++) {
            prepared.unit();
        }
        return null;
    }
}
