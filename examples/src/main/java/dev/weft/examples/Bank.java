// bank — thousands of transfers run at once between a handful of accounts. Each
// transfer reads a balance, waits (a call to the ledger, say), then writes: a waiting
// point in the middle of a read-modify-write, where another transfer could slip in.
// A lock per account makes each transfer whole; taking the two locks in a fixed order
// (lower account number first) means two transfers can never hold one lock each while
// waiting for the other's. The transfers are tasks of one TaskGroup, which waits for all
// of them. At the end the total must be what it was: money is moved, never made or lost.
// Run it with --no-locks to see what the locks prevent. Virtual time, seeded.
//
//   weft example bank [--no-locks] [SEED]                     (default seed: 42)
package dev.weft.examples;

import dev.weft.EventLoop;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.sync.Lock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

public final class Bank {
    static final int ACCOUNTS = 10;
    static final int TRANSFERS = 2_000;
    static final long OPENING_BALANCE = 1_000;

    /** The books at the end. */
    public record Result(int transfers, int completed, int declined, long totalBefore, long totalAfter,
                         List<Long> balances, Duration virtualTime) {
        public boolean conserved() {
            return totalAfter == totalBefore;
        }

        public boolean noOverdraft() {
            return balances.stream().allMatch(b -> b >= 0);
        }

        @Override
        public String toString() {
            return String.format("""
                    transfers  %d: %d completed, %d declined for want of funds
                    balances   %s
                    total      %d before, %d after: %s
                    virtual time %d ms""",
                    transfers, completed, declined, balances, totalBefore, totalAfter,
                    conserved() ? "conserved" : "NOT conserved", virtualTime.toMillis());
        }
    }

    private static final class Account {
        final int number;
        final Lock lock;
        long balance = OPENING_BALANCE;

        Account(int number) {
            this.number = number;
            this.lock = new Lock("account-" + number);
        }
    }

    public static Result run(long seed, boolean useLocks) {
        EventLoop.Options options = EventLoop.Options.defaults().withVirtualTime().withSeed(seed);
        return Weft.run(options, () -> {
            long start = Weft.loop().nanoTime();
            Account[] accounts = new Account[ACCOUNTS];
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts[i] = new Account(i);
            }
            long totalBefore = total(accounts);
            Random random = new Random(seed);
            int[] completed = {0};
            int[] declined = {0};

            TaskGroup.run(group -> {
                for (int t = 0; t < TRANSFERS; t++) {
                    Account from = accounts[random.nextInt(ACCOUNTS)];
                    Account to = accounts[(from.number + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS];
                    long amount = 1 + random.nextInt(200);
                    Duration ledgerCall = Duration.ofMillis(1 + random.nextInt(20));
                    group.spawn("transfer-" + t, () -> {
                        Account first = from.number < to.number ? from : to;   // the fixed order
                        Account second = first == from ? to : from;
                        try (var _ = hold(first, useLocks); var _ = hold(second, useLocks)) {
                            long balance = from.balance;
                            Weft.sleep(ledgerCall);   // other transfers run here
                            if (balance < amount) {
                                declined[0]++;
                                return false;
                            }
                            from.balance = balance - amount;
                            to.balance += amount;
                            completed[0]++;
                            return true;
                        }
                    });
                }
                return null;
            });
            return new Result(TRANSFERS, completed[0], declined[0], totalBefore, total(accounts),
                    Arrays.stream(accounts).map(a -> a.balance).toList(),
                    Duration.ofNanos(Weft.loop().nanoTime() - start));
        });
    }

    /** The account's lock, held until closed; with {@code useLocks} off, nothing. */
    private static Held hold(Account account, boolean useLocks) {
        return useLocks ? account.lock.hold()::close : () -> { };
    }

    private interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static long total(Account[] accounts) {
        return Arrays.stream(accounts).mapToLong(a -> a.balance).sum();
    }

    public static void main(String[] args) {
        boolean useLocks = args.length == 0 || !args[0].equals("--no-locks");
        long seed = Examples.number(args, useLocks ? 0 : 1, "SEED", 42);
        Result result = run(seed, useLocks);
        System.out.println(result);
        if (useLocks && !(result.conserved() && result.noOverdraft())) {
            throw new IllegalStateException("the books do not balance");
        }
    }
}
