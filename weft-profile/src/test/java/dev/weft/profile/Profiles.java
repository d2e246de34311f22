package dev.weft.profile;

import dev.weft.profile.Figure.Unit;
import java.time.Duration;
import java.util.List;

/** Hand-made profiles and machines for classifier tests: one second of wall time, adjusted per test. */
final class Profiles {
    static final Machine MACHINE = new Machine(2, 48 << 10, 2 << 20, 32 << 20,
            List.of(new Machine.Rung(32 << 10, 1.5), new Machine.Rung(1 << 20, 6), new Machine.Rung(16 << 20, 150),
                    new Machine.Rung(256 << 20, 200)), 16 << 20);

    /** A builder over every figure of a profile. */
    static final class Builder {
        double cpu = 1.0;
        double user = 0.98;
        double system = 0.02;
        double runQueue = 0;
        long reads;
        long writes;
        long readBytes;
        long storage;
        long voluntary;
        long workingSet = 64 << 10;
        long allocated;
        int running = 50;
        int sleeping;
        int disk;
        HardwareCounters counters = HardwareCounters.unavailable("no PMU in this test");

        Builder cpu(double seconds, double systemShare) {
            cpu = seconds;
            user = seconds * (1 - systemShare);
            system = seconds * systemShare;
            return this;
        }

        Profile build() {
            ThreadUse t = new ThreadUse(1, "main", false, (long) (cpu * 1e9), (long) (runQueue * 1e9), false, false,
                    running, sleeping, disk);
            return new Profile(Duration.ofSeconds(1), Figure.of(cpu, Unit.SECONDS), Figure.of(cpu, Unit.SECONDS),
                    Figure.of(user, Unit.SECONDS), Figure.of(system, Unit.SECONDS), Figure.of(runQueue, Unit.SECONDS),
                    Figure.of(0, Unit.SECONDS), Figure.of(0, Unit.SECONDS), Figure.of(0, Unit.SECONDS),
                    Figure.bytes(allocated), Figure.of(0, Unit.SECONDS), Figure.count(0), Figure.bytes(readBytes),
                    Figure.bytes(0), Figure.count(reads), Figure.count(writes), Figure.bytes(storage), Figure.bytes(0),
                    Figure.count(voluntary), Figure.count(0), Figure.count(0), Figure.count(0), Figure.bytes(workingSet),
                    Figure.bytes(workingSet), counters, List.of(t));
        }
    }

    static HardwareCounters counters(double cycles, double instructions, double references, double misses,
                                     double llcMisses) {
        return new HardwareCounters(Figure.of(cycles, Unit.COUNT), Figure.of(instructions, Unit.COUNT),
                Figure.of(references, Unit.COUNT), Figure.of(misses, Unit.COUNT), Figure.of(llcMisses, Unit.COUNT));
    }

    private Profiles() {
    }
}
