package dev.weft.test.catalogue;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;

/**
 * A lost update across a wait: each deposit reads the balance, writes an audit record to a
 * small queue — which may wait for room — and then writes the balance it computed before
 * the wait. A deposit that ran during the wait is overwritten.
 */
public final class LostUpdate {
    private LostUpdate() {
    }

    public static Bug bug() {
        return new Bug("lost-update", "a read-modify-write split by a wait loses a concurrent update",
                () -> scenario(false), () -> scenario(true));
    }

    private static void scenario(boolean fixed) {
        int[] balance = {100};
        Lock lock = new Lock("account");
        Queue<String> audit = new Queue<>("audit", 1);
        Task<Object> auditor = Weft.spawn("auditor", () -> {
            for (String ignored : audit) {
                Weft.yieldNow();
            }
            return null;
        });
        Task<Object> a = Weft.spawn("deposit-10", () -> deposit(balance, 10, audit, fixed ? lock : null));
        Task<Object> b = Weft.spawn("deposit-20", () -> deposit(balance, 20, audit, fixed ? lock : null));
        a.join();
        b.join();
        audit.close();
        auditor.join();
        Bug.check(balance[0] == 130, "lost an update: balance is " + balance[0] + ", expected 130");
    }

    private static Object deposit(int[] balance, int amount, Queue<String> audit, Lock lock) {
        if (lock != null) {
            lock.acquire();
        }
        try {
            int seen = balance[0];
            audit.put("deposit " + amount + " on " + seen);
            balance[0] = seen + amount;
        } finally {
            if (lock != null) {
                lock.release();
            }
        }
        return null;
    }
}
