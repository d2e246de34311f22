package dev.weft.profile;

/** The ways Weft can run a batch of work; {@link Classifier} recommends one, {@code weft bench} compares them. */
public enum Execution {
    /** One after another on the calling thread. */
    SEQUENTIAL("sequential"),
    /** Tasks on one event loop: one core, any number of waits overlapped. */
    LOOP("tasks on one loop"),
    /** Tasks spread over N event loops (a {@code LoopGroup}), one per core. */
    LOOPS("tasks on N loops"),
    /** A {@code ThreadPool} of N platform threads sharing the heap. */
    THREAD_POOL("thread pool"),
    /** A {@code ProcessPool} of N worker JVMs. */
    PROCESS_POOL("process pool");

    private final String label;

    Execution(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The mode with its size, as a recommendation reads: "a thread pool of 2". */
    public String describe(int n) {
        return switch (this) {
            case SEQUENTIAL -> "run it sequentially";
            case LOOP -> "tasks on one loop";
            case LOOPS -> "tasks on " + n + " loops (a LoopGroup of " + n + ")";
            case THREAD_POOL -> "a thread pool of " + n;
            case PROCESS_POOL -> "a process pool of " + n;
        };
    }
}
