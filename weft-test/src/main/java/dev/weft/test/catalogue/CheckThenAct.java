package dev.weft.test.catalogue;

import dev.weft.Task;
import dev.weft.sync.Lock;
import dev.weft.test.Simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * Check-then-act: a buyer checks that a seat is left, charges the card (through a shared
 * payment gateway), then takes the seat. Two buyers can both pass the check before either
 * takes a seat, and the show is oversold.
 */
public final class CheckThenAct {
    private static final int SEATS = 2;

    private CheckThenAct() {
    }

    public static Bug bug() {
        return new Bug("check-then-act", "a check and the act that relies on it, not atomic together, oversell",
                () -> scenario(false), () -> scenario(true));
    }

    private static void scenario(boolean fixed) {
        int[] sold = {0};
        Lock seats = new Lock("seats");
        Lock gateway = new Lock("gateway");
        List<Task<Object>> buyers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            buyers.add(Simulation.thread("buyer-" + i, () -> fixed ? buyFixed(sold, seats, gateway) : buy(sold, gateway)));
        }
        buyers.forEach(Task::join);
        Bug.check(sold[0] <= SEATS, "oversold: " + sold[0] + " tickets for " + SEATS + " seats");
    }

    private static Object buy(int[] sold, Lock gateway) {
        if (sold[0] < SEATS) {
            charge(gateway);
            sold[0]++;
        }
        return null;
    }

    /** Takes the seat under the lock first, then charges: the check and the act are one step. */
    private static Object buyFixed(int[] sold, Lock seats, Lock gateway) {
        boolean got;
        try (Lock.Held held = seats.hold()) {
            got = sold[0] < SEATS;
            if (got) {
                sold[0]++;
            }
        }
        if (got) {
            charge(gateway);
        }
        return null;
    }

    private static void charge(Lock gateway) {
        try (Lock.Held held = gateway.hold()) {
            Simulation.point();
        }
    }
}
