package dev.weft.pool;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;
import java.util.function.Supplier;

/**
 * Worker JVMs are expensive (tens of milliseconds of CPU each): the test classes that need only
 * a well-behaved pool share one, opened on first use and closed when the whole test run ends (a
 * JUnit root-store resource). Tests that break, kill or close workers open pools of their own.
 * With {@code @ExtendWith(SharedPools.Resolver.class)}, a test method or lifecycle method gets
 * them as parameters: a {@link ProcessPool}, a {@link ThreadPool}, or a {@code List<Pool>} of both.
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

    /** Resolves {@code ProcessPool}, {@code ThreadPool} and {@code List<Pool>} parameters to the shared pools. */
    static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            Class<?> type = p.getParameter().getType();
            return type == ProcessPool.class || type == ThreadPool.class || type == List.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            Class<?> type = p.getParameter().getType();
            return type == ProcessPool.class ? process(e) : type == ThreadPool.class ? threads(e)
                    : List.of(threads(e), process(e));
        }
    }

    @SuppressWarnings("unchecked")
    private static <P extends Pool> P shared(ExtensionContext context, String key, Supplier<P> open) {
        return ((Holder<P>) context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(key, k -> new Holder<>(open.get()), Holder.class)).pool;
    }

    private record Holder<P extends Pool>(P pool) implements AutoCloseable {
        @Override
        public void close() {
            pool.close();
        }
    }
}
