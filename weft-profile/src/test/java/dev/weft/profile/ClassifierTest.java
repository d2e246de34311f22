package dev.weft.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClassifierTest {
    private static Verdict classify(Profiles.Builder b) {
        return Classifier.classify(b.build(), Profiles.MACHINE);
    }

    @Test
    void workThatKeepsACoreBusyOnASmallWorkingSetIsCpuBoundAndGetsAThreadPoolOfTheCores() {
        Verdict v = classify(new Profiles.Builder());

        assertThat(v.bound()).isEqualTo(Bound.CPU);
        assertThat(v.headline()).startsWith("CPU-bound: CPU 1.00 s of 1.00 s wall");
        assertThat(v.recommendation().execution()).isEqualTo(Execution.THREAD_POOL);
        assertThat(v.recommendation().size()).isEqualTo(2);
    }

    @Test
    void withoutCountersItSaysTheCacheAndMemoryVerdictRestsOnTheWorkingSetAlone() {
        Verdict v = classify(new Profiles.Builder());

        assertThat(v.notConcluded()).anySatisfy(n -> assertThat(n)
                .contains("Hardware counters are unavailable (no PMU in this test)", "rests on the working set alone"));
    }

    @Test
    void busyWorkOnAWorkingSetBeyondTheMeasuredReachIsMemoryBound() {
        Profiles.Builder b = new Profiles.Builder();
        b.workingSet = 256L << 20;

        assertThat(classify(b).bound()).isEqualTo(Bound.MEMORY);
    }

    @Test
    void busyWorkOnAWorkingSetBetweenHalfOfL2AndTheReachIsCacheBound() {
        Profiles.Builder b = new Profiles.Builder();
        b.workingSet = (3L << 20) / 2;

        Verdict v = classify(b);

        assertThat(v.bound()).isEqualTo(Bound.CACHE);
        assertThat(v.recommendation().why()).contains("L2 (2.0 MiB)");
    }

    @Test
    void freshlyAllocatedMemoryDoesNotCountAsTheWorkingSet() {
        Profiles.Builder b = new Profiles.Builder();
        b.workingSet = 300L << 20;
        b.allocated = 300L << 20;

        assertThat(classify(b).bound()).isEqualTo(Bound.CPU);
    }

    @Test
    void workWaitingOnTimersOrSocketsIsIoBoundAndGetsTasksOnALoop() {
        Profiles.Builder b = new Profiles.Builder().cpu(0.0625, 0.5);
        b.running = 1;
        b.sleeping = 49;
        b.voluntary = 250;

        Verdict v = classify(b);

        assertThat(v.bound()).isEqualTo(Bound.IO);
        assertThat(v.recommendation().execution()).isEqualTo(Execution.LOOP);
        assertThat(v.recommendation().why()).contains("94% of the time", "about 16 such units in flight");
    }

    @Test
    void workWaitingOnStorageIsIoBoundAndGetsAThreadPoolSizedByItsWaits() {
        Profiles.Builder b = new Profiles.Builder().cpu(0.2, 0.5);
        b.sleeping = 10;
        b.disk = 40;
        b.storage = 64 << 20;

        Verdict v = classify(b);

        assertThat(v.bound()).isEqualTo(Bound.IO);
        assertThat(v.headline()).contains("waiting on storage");
        assertThat(v.recommendation().execution()).isEqualTo(Execution.THREAD_POOL);
        assertThat(v.recommendation().size()).isEqualTo(10);       // 2 cores x (1 + 0.8 / 0.2)
    }

    @Test
    void workWaitingOnStorageIsIoBoundEvenWhenALoadedMachineKeepsItQueuedForACpu() {
        Profiles.Builder b = new Profiles.Builder().cpu(0.1, 0.7);
        b.runQueue = 0.6;
        b.running = 10;
        b.disk = 30;
        b.sleeping = 10;

        assertThat(classify(b).bound()).isEqualTo(Bound.IO);
    }

    @Test
    void workThatWakesOftenForLittleCpuIsWaitingEvenWhenEachWakeUpQueuesForACpu() {
        Profiles.Builder b = new Profiles.Builder().cpu(0.0015, 0.5);
        b.runQueue = 0.2;
        b.voluntary = 60;

        assertThat(classify(b).bound()).isEqualTo(Bound.IO);
    }

    @Test
    void busyWorkMadeOfSystemCallsThatWaitIsIoBoundOnLoops() {
        Profiles.Builder b = new Profiles.Builder().cpu(1.0, 0.4);
        b.reads = 30_000;
        b.writes = 30_000;
        b.voluntary = 30_000;

        Verdict v = classify(b);

        assertThat(v.bound()).isEqualTo(Bound.IO);
        assertThat(v.headline()).contains("system calls");
        assertThat(v.recommendation().execution()).isEqualTo(Execution.LOOPS);
    }

    @Test
    void busyWorkMadeOfSystemCallsThatNeverWaitGetsAThreadPool() {
        Profiles.Builder b = new Profiles.Builder().cpu(1.0, 0.9);
        b.reads = 40_000;
        b.readBytes = 40_000L * 65536;

        Verdict v = classify(b);

        assertThat(v.bound()).isEqualTo(Bound.IO);
        assertThat(v.recommendation().execution()).isEqualTo(Execution.THREAD_POOL);
        assertThat(v.recommendation().why()).contains("rarely wait");
    }

    @Test
    void busyWorkDelayedByOtherLoadIsStillBusy() {
        Profiles.Builder b = new Profiles.Builder().cpu(0.3, 0.0);
        b.runQueue = 0.65;

        assertThat(classify(b).bound()).isEqualTo(Bound.CPU);
    }

    @Test
    void withCountersManyLastLevelMissesMeanMemoryBound() {
        Profiles.Builder b = new Profiles.Builder();
        b.counters = Profiles.counters(3e9, 1e9, 5e7, 2e7, 1e7);     // IPC 0.33, 10 LLC misses per 1000 instructions

        Verdict v = classify(b);

        assertThat(v.bound()).isEqualTo(Bound.MEMORY);
        assertThat(v.headline()).contains("IPC 0.33", "10.00 LLC misses");
        assertThat(v.notConcluded()).isEmpty();
    }

    @Test
    void withCountersManyCacheReferencesAtLowIpcButFewMissesMeanCacheBound() {
        Profiles.Builder b = new Profiles.Builder();
        b.counters = Profiles.counters(3e9, 2e9, 1e8, 1e6, 1e5);     // IPC 0.67, 50 references per 1000 instructions

        assertThat(classify(b).bound()).isEqualTo(Bound.CACHE);
    }

    @Test
    void withCountersAHighIpcOnFewReferencesMeansCpuBoundWhateverTheWorkingSet() {
        Profiles.Builder b = new Profiles.Builder();
        b.workingSet = 512L << 20;
        b.counters = Profiles.counters(3e9, 9e9, 1e6, 1e5, 1e4);

        Verdict v = classify(b);

        assertThat(v.bound()).isEqualTo(Bound.CPU);
        assertThat(v.headline()).contains("IPC 3.00");
    }

    @Test
    void withoutCpuTimeItSaysItCouldNotTellWaitingFromComputing() {
        Profile p = new Profiles.Builder().build();
        Profile blind = new Profile(p.wall(), p.processCpu(), Figure.unavailable(Figure.Unit.SECONDS, "no clock"),
                p.userCpu(), p.systemCpu(), p.runQueueWait(), p.jvmServiceCpu(), p.blocked(), p.waited(), p.allocated(),
                p.gcTime(), p.gcCount(), p.readBytes(), p.writeBytes(), p.readCalls(), p.writeCalls(),
                p.storageReadBytes(), p.storageWriteBytes(), p.voluntarySwitches(), p.involuntarySwitches(),
                p.minorFaults(), p.majorFaults(), p.workingSet(), p.workingSetTotal(), p.counters(), p.threads());

        Verdict v = Classifier.classify(blind, Profiles.MACHINE);

        assertThat(v.notConcluded()).anySatisfy(n -> assertThat(n).contains("CPU time was not measured (no clock)"));
    }

    @Test
    void theTextNamesTheBoundTheEvidenceTheRecommendationAndWhatWasNotConcluded() {
        String text = classify(new Profiles.Builder()).toText();

        assertThat(text).containsSubsequence("CPU-bound:", "evidence:", "recommendation: a thread pool of 2.",
                "not concluded:");
    }
}
