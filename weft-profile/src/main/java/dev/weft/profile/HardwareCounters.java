package dev.weft.profile;

import dev.weft.profile.Figure.Unit;
import java.util.Map;

/**
 * The CPU's own counts over a measured window, read through {@code perf stat}: cycles,
 * instructions, cache references and misses, and last-level-cache load misses. Each is a
 * {@link Figure}, unavailable with the reason when the machine does not expose it (a VM
 * without a virtual PMU, {@code perf} missing, {@code perf_event_paranoid} too strict).
 *
 * @param cycles          core cycles
 * @param instructions    instructions retired
 * @param cacheReferences references to the cache level perf calls "cache" (usually the LLC)
 * @param cacheMisses     misses at that level
 * @param llcLoadMisses   loads that missed the last-level cache and went to memory
 */
public record HardwareCounters(Figure cycles, Figure instructions, Figure cacheReferences, Figure cacheMisses,
                               Figure llcLoadMisses) {
    /** The perf event names, in the order of the components. */
    static final String EVENTS = "cycles,instructions,cache-references,cache-misses,LLC-load-misses";

    /** Every counter unavailable, for the same reason. */
    public static HardwareCounters unavailable(String why) {
        Figure none = Figure.unavailable(Unit.COUNT, why);
        return new HardwareCounters(none, none, none, none, none);
    }

    /** From perf's counts by event name (a missing name is unavailable with {@code whyMissing}). */
    static HardwareCounters of(Map<String, Figure> byEvent, String whyMissing) {
        Figure none = Figure.unavailable(Unit.COUNT, whyMissing);
        return new HardwareCounters(byEvent.getOrDefault("cycles", none), byEvent.getOrDefault("instructions", none),
                byEvent.getOrDefault("cache-references", none), byEvent.getOrDefault("cache-misses", none),
                byEvent.getOrDefault("LLC-load-misses", none));
    }

    /** Whether any counter was read. */
    public boolean anyAvailable() {
        return cycles.isAvailable() || instructions.isAvailable() || cacheReferences.isAvailable()
                || cacheMisses.isAvailable() || llcLoadMisses.isAvailable();
    }

    /** Instructions per cycle. */
    public Figure ipc() {
        return Figure.ratio(instructions, cycles);
    }

    /** Cache misses per cache reference. */
    public Figure cacheMissRatio() {
        return Figure.ratio(cacheMisses, cacheReferences);
    }

    /** LLC load misses per thousand instructions (MPKI). */
    public Figure llcMissesPerKiloInstruction() {
        Figure r = Figure.ratio(llcLoadMisses, instructions);
        return r.isAvailable() ? Figure.of(r.value() * 1000, Unit.RATIO) : r;
    }

    /** Cache references per thousand instructions: how much the work leans on the cache hierarchy. */
    public Figure cacheReferencesPerKiloInstruction() {
        Figure r = Figure.ratio(cacheReferences, instructions);
        return r.isAvailable() ? Figure.of(r.value() * 1000, Unit.RATIO) : r;
    }
}
