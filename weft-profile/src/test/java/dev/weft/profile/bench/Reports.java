package dev.weft.profile.bench;

import dev.weft.profile.Bound;
import dev.weft.profile.Execution;
import dev.weft.profile.bench.BenchResults.Cell;
import dev.weft.profile.bench.BenchResults.Classified;
import dev.weft.profile.bench.BenchResults.PythonResults;
import dev.weft.profile.bench.BenchResults.PythonRow;
import dev.weft.profile.bench.BenchResults.WorkloadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Bench results made by hand, for the report tests: no bench run needed. */
final class Reports {
    private Reports() {
    }

    static BenchResults sample(boolean withPython) {
        List<WorkloadResult> workloads = new ArrayList<>();
        int i = 0;
        for (Bound b : Bound.values()) {
            List<Cell> cells = new ArrayList<>(List.of(new Cell(Execution.SEQUENTIAL, 1, List.of(0.4), 0.4, 1.0)));
            for (Execution e : List.of(Execution.LOOP, Execution.LOOPS, Execution.THREAD_POOL)) {
                for (int p : List.of(1, 2, 4, 8)) {
                    double speedup = b == Bound.IO ? p : e == Execution.LOOP ? 1 : Math.min(p, 2) * 0.95;
                    cells.add(new Cell(e, p, List.of(0.4 / speedup), 0.4 / speedup, speedup));
                }
            }
            workloads.add(new WorkloadResult("workload-" + i++, b, "a <shape> & more", 16, 4, 0.006,
                    new Classified(b, b.label() + ": \"evidence\"", "a thread pool of 2"), cells));
        }
        Optional<PythonResults> python = Optional.empty();
        if (withPython) {
            List<PythonRow> rows = new ArrayList<>();
            for (Bound b : Bound.values()) {
                rows.add(new PythonRow(b, "sequential", 1, 0.4, 1));
                for (int p : List.of(1, 2, 4, 8)) {
                    rows.add(new PythonRow(b, "threading", p, b == Bound.IO ? 0.4 / p : 0.42, b == Bound.IO ? p : 0.95));
                    rows.add(new PythonRow(b, "multiprocessing", p, 0.4 / Math.min(p, 2), Math.min(p, 2)));
                    rows.add(new PythonRow(b, "asyncio", p, b == Bound.IO ? 0.4 / p : 0.4, b == Bound.IO ? p : 1));
                }
            }
            python = Optional.of(new PythonResults("3.11.2", rows));
        }
        return new BenchResults("quick", "2026-12-01T20:00:00Z", 42.5, "2 cores; a test machine", 2, "25.0.3",
                workloads, List.of(new BenchResults.Skipped(Execution.PROCESS_POOL, "not in this build")), python);
    }
}
