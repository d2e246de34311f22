package dev.weft.profile.bench;

import dev.weft.profile.Execution;
import dev.weft.profile.bench.BenchResults.Cell;
import dev.weft.profile.bench.BenchResults.PythonRow;
import dev.weft.profile.bench.BenchResults.WorkloadResult;
import java.util.List;
import java.util.Locale;

/** The bench results as a plain-text table per workload: time and speedup for each mode at each level. */
public final class BenchTable {
    private BenchTable() {
    }

    public static String render(BenchResults r) {
        StringBuilder sb = new StringBuilder();
        List<Integer> levels = r.workloads().stream().flatMap(w -> w.cells().stream()).map(Cell::parallelism)
                .distinct().sorted().toList();
        for (WorkloadResult w : r.workloads()) {
            sb.append(String.format(Locale.ROOT, "%n%s · %s — %s%n", w.label().label(), w.name(), w.shape()));
            sb.append(String.format(Locale.ROOT, "  %d jobs × %d units of %.2f ms; sequential %s%n", w.jobs(),
                    w.unitsPerJob(), w.unitSeconds() * 1e3, Bench.seconds(w.baselineSeconds())));
            if (w.verdict() != null) {
                sb.append("  classified: ").append(w.verdict().headline()).append('\n')
                        .append("  recommended: ").append(w.verdict().recommendation()).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "  %-18s", "mode \\ parallelism"));
            levels.forEach(p -> sb.append(String.format(Locale.ROOT, "%16s", "P=" + p)));
            sb.append('\n');
            for (Execution e : Execution.values()) {
                if (e == Execution.SEQUENTIAL || w.cells().stream().noneMatch(c -> c.execution() == e)) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "  %-18s", e.label()));
                for (int p : levels) {
                    sb.append(w.cell(e, p)
                            .map(c -> String.format(Locale.ROOT, "%9.3fs %5.2fx", c.seconds(), c.speedup()))
                            .orElse(String.format(Locale.ROOT, "%16s", "-")));
                }
                sb.append('\n');
            }
            Cell best = w.best();
            sb.append(String.format(Locale.ROOT, "  fastest: %s at parallelism %d, %.2fx the sequential time%n",
                    best.execution().label(), best.parallelism(), best.speedup()));
        }
        r.skipped().forEach(s -> sb.append(String.format(Locale.ROOT, "%nnot run: %s — %s%n", s.execution().label(), s.why())));
        r.python().ifPresent(py -> {
            sb.append(String.format(Locale.ROOT, "%nCPython %s, the same classes of work (speedup over its own"
                    + " sequential run):%n", py.version()));
            for (dev.weft.profile.Bound b : dev.weft.profile.Bound.values()) {
                List<PythonRow> rows = py.rows().stream().filter(row -> row.bound() == b).toList();
                if (rows.isEmpty()) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "  %-13s sequential %.3f s%n", b.label(), rows.stream()
                        .filter(row -> row.mode().equals("sequential")).mapToDouble(PythonRow::seconds).findFirst()
                        .orElse(Double.NaN)));
                for (String mode : List.of("threading", "multiprocessing", "asyncio")) {
                    sb.append(String.format(Locale.ROOT, "    %-16s", mode));
                    for (int p : levels) {
                        sb.append(rows.stream().filter(row -> row.mode().equals(mode) && row.parallelism() == p)
                                .findFirst().map(row -> String.format(Locale.ROOT, "%9.3fs %5.2fx", row.seconds(),
                                        row.speedup())).orElse(String.format(Locale.ROOT, "%16s", "-")));
                    }
                    sb.append('\n');
                }
            }
        });
        sb.append(String.format(Locale.ROOT, "%nmachine: %s%nrun: %s plan, %.1f s%n", r.machine(), r.plan(), r.seconds()));
        return sb.toString();
    }
}
