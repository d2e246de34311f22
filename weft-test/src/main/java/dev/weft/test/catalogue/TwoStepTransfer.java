package dev.weft.test.catalogue;

import dev.weft.Task;
import dev.weft.sync.Lock;
import dev.weft.test.Simulation;

/**
 * An atomicity violation in a two-step transfer: the withdrawal and the deposit are each
 * locked, but not together, so an auditor that locks both accounts can see the money in
 * neither.
 */
public final class TwoStepTransfer {
    private TwoStepTransfer() {
    }

    public static Bug bug() {
        return new Bug("two-step-transfer", "two steps locked one at a time let an observer see the state in between",
                () -> scenario(false), () -> scenario(true));
    }

    private static void scenario(boolean fixed) {
        int[] balances = {100, 0};
        Lock a = new Lock("account-a");
        Lock b = new Lock("account-b");
        Task<Object> transfer = Simulation.thread("transfer", () -> {
            if (fixed) {
                try (Lock.Held x = a.hold(); Lock.Held y = b.hold()) {
                    balances[0] -= 40;
                    balances[1] += 40;
                }
            } else {
                try (Lock.Held x = a.hold()) {
                    balances[0] -= 40;
                }
                try (Lock.Held y = b.hold()) {
                    balances[1] += 40;
                }
            }
            return null;
        });
        Task<Integer> audit = Simulation.thread("auditor", () -> {
            try (Lock.Held x = a.hold(); Lock.Held y = b.hold()) {
                return balances[0] + balances[1];
            }
        });
        transfer.join();
        int total = audit.join();
        Bug.check(total == 100, "the auditor saw a total of " + total + ", expected 100");
    }
}
