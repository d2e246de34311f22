package dev.weft.test.catalogue;

import dev.weft.Task;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.sync.Lock;

import java.time.Duration;

/**
 * A timeout that leaks a held lock: a job gives up after 5 ms, but releases the printer's
 * lock only on its normal path. When it has to queue behind another job, the timeout strikes
 * while it holds the lock, and nobody can print again.
 */
public final class TimeoutLeaksLock {
    private static final Duration PRINT = Duration.ofMillis(3);

    private TimeoutLeaksLock() {
    }

    public static Bug bug() {
        return new Bug("timeout-leaks-lock", "a timeout that strikes between acquire and release leaves the lock held",
                () -> scenario(false), () -> scenario(true));
    }

    private static void scenario(boolean fixed) {
        Lock printer = new Lock("printer");
        Task<Object> hurried = Weft.spawn("hurried-job", () -> {
            try {
                return Weft.withTimeout(Duration.ofMillis(5), () -> print(printer, fixed));
            } catch (TimedOutException gaveUp) {
                return null;
            }
        });
        Task<Object> patient = Weft.spawn("patient-job", () -> print(printer, fixed));
        hurried.join();
        patient.join();
        boolean free = printer.tryAcquire(Duration.ofSeconds(1));
        Bug.check(free, "the printer's lock is still held by " + printer.holder() + " after every job ended");
        printer.release();
    }

    private static Object print(Lock printer, boolean fixed) {
        if (fixed) {
            try (Lock.Held held = printer.hold()) {
                Weft.sleep(PRINT);
            }
        } else {
            printer.acquire();
            Weft.sleep(PRINT);
            printer.release();
        }
        return null;
    }
}
