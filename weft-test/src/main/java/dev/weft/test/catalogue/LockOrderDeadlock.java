package dev.weft.test.catalogue;

import dev.weft.Task;
import dev.weft.sync.Lock;
import dev.weft.test.Simulation;

/**
 * A lock-order deadlock: two transfers between the same accounts, in opposite directions,
 * each take the lock of the account they draw from first. Each can hold one lock and wait
 * for the other's.
 */
public final class LockOrderDeadlock {
    private LockOrderDeadlock() {
    }

    public static Bug bug() {
        return new Bug("lock-order-deadlock", "two parties take the same two locks in opposite orders",
                () -> scenario(false), () -> scenario(true));
    }

    private static void scenario(boolean fixed) {
        int[] balances = {100, 100};
        Lock[] locks = {new Lock("account-0"), new Lock("account-1")};
        Task<Object> one = Simulation.thread("0-to-1", () -> transfer(balances, locks, 0, 1, fixed));
        Task<Object> two = Simulation.thread("1-to-0", () -> transfer(balances, locks, 1, 0, fixed));
        one.join();
        two.join();
        Bug.check(balances[0] + balances[1] == 200, "money was made or lost: " + balances[0] + " + " + balances[1]);
    }

    private static Object transfer(int[] balances, Lock[] locks, int from, int to, boolean fixed) {
        Lock first = locks[fixed ? Math.min(from, to) : from];
        Lock second = locks[fixed ? Math.max(from, to) : to];
        try (Lock.Held x = first.hold(); Lock.Held y = second.hold()) {
            balances[from] -= 10;
            balances[to] += 10;
        }
        return null;
    }
}
