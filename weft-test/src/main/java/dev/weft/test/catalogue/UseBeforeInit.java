package dev.weft.test.catalogue;

import dev.weft.Task;
import dev.weft.sync.Event;
import dev.weft.sync.Lock;
import dev.weft.test.Simulation;

/**
 * An order violation, use before init: a worker reads the service's configuration, which
 * another thread sets up — and nothing makes the worker wait for it.
 */
public final class UseBeforeInit {
    private UseBeforeInit() {
    }

    public static Bug bug() {
        return new Bug("use-before-init", "a reader that does not wait for initialisation can see it unfinished",
                () -> scenario(false), () -> scenario(true));
    }

    /** What the initialiser builds. */
    private record Config(int port) {
    }

    private static final class Service {
        Config config;
    }

    private static void scenario(boolean fixed) {
        Service service = new Service();
        Event initialised = new Event("initialised");
        Lock registry = new Lock("registry");
        Task<Object> init = Simulation.thread("initialiser", () -> {
            try (Lock.Held held = registry.hold()) {
                service.config = new Config(8080);
            }
            initialised.set();
            return null;
        });
        Task<Integer> worker = Simulation.thread("worker", () -> {
            if (fixed) {
                initialised.await();
            }
            return service.config.port();
        });
        init.join();
        Bug.check(worker.join() == 8080, "the worker saw the wrong port");
    }
}
