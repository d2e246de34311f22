package dev.weft.profile.bench;

import dev.weft.profile.Bound;
import dev.weft.profile.Execution;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a bench run measured: the machine, one entry per workload with its cells, the modes
 * that could not run and why, and the CPython comparison when asked for. Written out as
 * {@code results.json} and drawn in {@code index.html}.
 *
 * @param plan        the plan's name
 * @param started     when the run started (ISO-8601)
 * @param seconds     how long the whole run took
 * @param machine     one line about the machine (cores, caches, the measured ladder)
 * @param cores       processors available
 * @param java        the JVM's version
 * @param workloads   one entry per workload
 * @param skipped     modes that could not run, each with why
 * @param python      the CPython comparison, or empty when not asked for or not possible
 */
public record BenchResults(String plan, String started, double seconds, String machine, int cores, String java,
                           List<WorkloadResult> workloads, List<Skipped> skipped, Optional<PythonResults> python) {
    public BenchResults {
        workloads = List.copyOf(workloads);
        skipped = List.copyOf(skipped);
    }

    /** A mode the run could not use. */
    public record Skipped(Execution execution, String why) {
    }

    /**
     * One workload's cells.
     *
     * @param name         the suite workload
     * @param label        its class
     * @param shape        what it does
     * @param jobs         jobs per batch
     * @param unitsPerJob  units per job
     * @param unitSeconds  one unit's time, sequentially, measured before the run
     * @param verdict      what the classifier said of it, or null when not classified
     * @param cells        every mode at every level, the sequential baseline first
     */
    public record WorkloadResult(String name, Bound label, String shape, int jobs, int unitsPerJob, double unitSeconds,
                                 Classified verdict, List<Cell> cells) {
        public WorkloadResult {
            cells = List.copyOf(cells);
        }

        /** The sequential baseline's seconds. */
        public double baselineSeconds() {
            return cells.stream().filter(c -> c.execution() == Execution.SEQUENTIAL).findFirst()
                    .map(Cell::seconds).orElseThrow();
        }

        /** The cell of {@code e} at parallelism {@code p}, if that ran. */
        public Optional<Cell> cell(Execution e, int p) {
            return cells.stream().filter(c -> c.execution() == e && c.parallelism() == p).findFirst();
        }

        /** The fastest cell. */
        public Cell best() {
            return cells.stream().min(Comparator.comparingDouble(Cell::seconds)).orElseThrow();
        }
    }

    /** The classifier's view of a workload: the bound, its headline, and what it recommended. */
    public record Classified(Bound bound, String headline, String recommendation) {
    }

    /**
     * One timed cell.
     *
     * @param execution   the mode
     * @param parallelism jobs at once
     * @param samples     each timed run's seconds
     * @param seconds     their median
     * @param speedup     the baseline's seconds over these
     */
    public record Cell(Execution execution, int parallelism, List<Double> samples, double seconds, double speedup) {
        public Cell {
            samples = List.copyOf(samples);
        }
    }

    /**
     * The same classes of work in CPython.
     *
     * @param version the interpreter's version
     * @param rows    one per class, mode and level
     */
    public record PythonResults(String version, List<PythonRow> rows) {
        public PythonResults {
            rows = List.copyOf(rows);
        }
    }

    /** One CPython cell: mode is sequential, threading, multiprocessing or asyncio. */
    public record PythonRow(Bound bound, String mode, int parallelism, double seconds, double speedup) {
    }
}
