package dev.weft.pool;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * Worker JVMs are expensive (tens of milliseconds of CPU each): the test classes that need only
 * a well-behaved pool share one, opened on first use and closed when the whole test run ends (a
 * JUnit root-store resource). Tests that break, kill or close workers open pools of their own.
 */
final class SharedPools {
    private SharedPools() {
    }

    /** A 2-worker process pool shared by the test classes, quiet on stderr. */
    static ProcessPool process(ExtensionContext context) {
        return shared(context, "weft-shared-process-pool", () -> ProcessPool.open(
                ProcessPool.Options.workers(2).name("shared-test-pool").forwardStderr(false)));
    }

    /** A 2-thread pool shared by the test classes. */
    static ThreadPool threads(ExtensionContext context) {
        return shared(context, "weft-shared-thread-pool", () -> ThreadPool.open("shared-test-threads", 2));
    }

    @SuppressWarnings("unchecked")
    private static <P extends Pool> P shared(ExtensionContext context, String key, Supplier<P> open) {
        return ((Holder<P>) context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(key, k -> new Holder<>(open.get()), Holder.class)).pool;
    }

    private record Holder<P extends Pool>(P pool) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            pool.close();
        }
    }
}
