package dev.weft;

import dev.weft.spi.LoopObserver;
import dev.weft.spi.WaitObserver;

import java.util.ServiceLoader;

/**
 * The diagnostics plugged into the kernel through {@link ServiceLoader}, found once. The kernel
 * knows only the {@code dev.weft.spi} interfaces, so {@code dev.weft.diag} (or a program's own
 * observer) attaches without the kernel depending on it. The system property
 * {@code weft.diagnostics=off} leaves them all out: then the kernel pays one null check per wait.
 */
final class Observers {
    static final boolean ENABLED = !"off".equals(System.getProperty("weft.diagnostics"));
    static final WaitObserver WAITS = load(WaitObserver.class);
    static final LoopObserver LOOPS = load(LoopObserver.class);

    private Observers() {
    }

    private static <S> S load(Class<S> type) {
        if (!ENABLED) {
            return null;
        }
        return ServiceLoader.load(type, Observers.class.getClassLoader()).findFirst().orElse(null);
    }
}
