package dev.weft.profile.bench;

import dev.weft.profile.Execution;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a bench run covers: which workloads, under which modes, at which parallelism levels,
 * with how much work and how many repetitions.
 *
 * @param name             "quick" or "standard", for the report
 * @param workloads        suite workload names, one per class by default
 * @param executions       the modes, sequential first
 * @param parallelism      the levels: 1, 2, 4, 8, …
 * @param jobs             jobs per batch (the work is split into this many)
 * @param sequentialTarget how long a batch should take sequentially; sets units per job
 * @param repetitions      timed runs per cell; the median is reported
 * @param classify         whether to classify each workload first (a 250 ms profile each)
 */
public record BenchPlan(String name, List<String> workloads, List<Execution> executions, List<Integer> parallelism,
                        int jobs, Duration sequentialTarget, int repetitions, boolean classify) {
    /** One workload of each class: primes (CPU), sleeping (I/O), pointer chasing in DRAM (memory), random reads in L2 (cache). */
    public static final List<String> REPRESENTATIVES =
            List.of("prime-trial-division", "sleeping", "pointer-chase-256m", "random-read-1.5m");

    public BenchPlan {
        workloads = List.copyOf(workloads);
        executions = List.copyOf(executions);
        parallelism = List.copyOf(parallelism);
        Objects.requireNonNull(sequentialTarget, "sequentialTarget");
        if (workloads.isEmpty() || parallelism.isEmpty() || jobs < 1 || repetitions < 1) {
            throw new IllegalArgumentException("a bench plan needs workloads, parallelism levels, jobs >= 1 and"
                    + " repetitions >= 1");
        }
        if (executions.isEmpty() || executions.getFirst() != Execution.SEQUENTIAL) {
            throw new IllegalArgumentException("a bench plan starts with the sequential baseline");
        }
    }

    /** Under a minute on two cores: parallelism 1–8, one timed run per cell, 0.25 s of work per batch. */
    public static BenchPlan quick() {
        return new BenchPlan("quick", REPRESENTATIVES, List.of(Execution.values()), List.of(1, 2, 4, 8), 16,
                Duration.ofMillis(250), 1, true);
    }

    /** Under five minutes on two cores: parallelism 1–16, median of three, 0.5 s of work per batch. */
    public static BenchPlan standard() {
        return new BenchPlan("standard", REPRESENTATIVES, List.of(Execution.values()), List.of(1, 2, 4, 8, 16), 32,
                Duration.ofMillis(500), 3, true);
    }

    public BenchPlan withWorkloads(List<String> names) {
        return new BenchPlan(name, names, executions, parallelism, jobs, sequentialTarget, repetitions, classify);
    }

    public BenchPlan withParallelism(List<Integer> levels) {
        return new BenchPlan(name, workloads, executions, levels, jobs, sequentialTarget, repetitions, classify);
    }

    public BenchPlan withExecutions(List<Execution> modes) {
        return new BenchPlan(name, workloads, modes, parallelism, jobs, sequentialTarget, repetitions, classify);
    }

    public BenchPlan withSequentialTarget(Duration target) {
        return new BenchPlan(name, workloads, executions, parallelism, jobs, target, repetitions, classify);
    }

    public BenchPlan withoutClassifying() {
        return new BenchPlan(name, workloads, executions, parallelism, jobs, sequentialTarget, repetitions, false);
    }

    /** How many timed cells the plan has (for progress): per workload, the baseline plus every mode at every level. */
    public int cells() {
        return workloads.size() * (1 + (executions.size() - 1) * parallelism.size());
    }
}
