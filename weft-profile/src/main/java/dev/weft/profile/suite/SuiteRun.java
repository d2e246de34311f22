package dev.weft.profile.suite;

import dev.weft.profile.Classifier;
import dev.weft.profile.Machine;
import dev.weft.profile.Profile;
import dev.weft.profile.Profiler;
import dev.weft.profile.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classifies workloads of the suite: prepares each, runs it unmeasured for a warm-up (so that the
 * JIT has compiled it), then measures a window of whole units and classifies the profile.
 */
public final class SuiteRun {
    /** One workload's outcome. */
    public record Result(Workload workload, Profile profile, Verdict verdict) {
        public boolean correct() {
            return verdict.bound() == workload.label();
        }

        /** "ok   prime-trial-division   CPU-bound   CPU-bound: …". */
        public String line() {
            return String.format(Locale.ROOT, "%-4s %-20s %-13s %s", correct() ? "ok" : "MISS", workload.name(),
                    workload.label().label(), verdict.headline());
        }
    }

    private SuiteRun() {
    }

    /** Every workload of the suite, with the given warm-up and window. */
    public static List<Result> all(Duration warmup, Duration window) {
        Machine.current();                                   // measured once, before any window
        List<Result> results = new ArrayList<>();
        for (Workload w : Suite.all()) {
            results.add(run(w, warmup, window));
        }
        return results;
    }

    /**
     * Prepares {@code w}, warms it up, measures a window of at least {@code window} (whole units),
     * classifies it and frees its data.
     *
     * @throws dev.weft.profile.WorkFailedException if the workload failed
     */
    public static Result run(Workload w, Duration warmup, Duration window) {
        try (Workload.Prepared p = w.prepare()) {
            p.runFor(warmup);
            Profile profile = Profiler.measure(() -> p.runFor(window));
            return new Result(w, profile, Classifier.classify(profile));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new dev.weft.profile.WorkFailedException("workload " + w.name() + " failed: " + e, e);
        }
    }
}
