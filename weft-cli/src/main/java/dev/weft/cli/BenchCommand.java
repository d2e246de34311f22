package dev.weft.cli;

import dev.weft.profile.bench.Bench;
import dev.weft.profile.bench.BenchPlan;
import dev.weft.profile.bench.BenchResults;
import dev.weft.profile.bench.BenchTable;
import dev.weft.profile.bench.Progress;
import dev.weft.profile.bench.PythonComparison;
import dev.weft.profile.bench.ReportWriter;
import dev.weft.profile.suite.Suite;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench [--quick] [--compare-python]}: runs one workload of each class (CPU, I/O,
 * memory, cache) sequentially, as tasks on one loop, as tasks on N loops, on a thread pool and
 * on a process pool, at parallelism 1, 2, 4, 8…; prints times and speedups, and writes
 * {@code bench-report/index.html} and {@code results.json}.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        header = "Measure tasks, threads and processes on each kind of work.",
        description = {
                "Run each class of work (CPU, I/O, memory, cache) sequentially, as tasks on one loop,"
                        + " as tasks on N loops, on a thread pool and on a process pool, at parallelism 1, 2, 4,"
                        + " 8...; print times and speedups, and write an HTML report with charts and results.json.",
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "parallelism 1-8, one run per cell: under a minute on two cores")
    boolean quick;

    @Option(names = "--compare-python", description = "also run the same classes of work in CPython (threading,"
            + " multiprocessing, asyncio), where python3 exists")
    boolean comparePython;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write the report (default: ${DEFAULT-VALUE})")
    Path out = Path.of("bench-report");

    @Option(names = "--workloads", split = ",", paramLabel = "NAME", description = "suite workloads to run instead of"
            + " one per class, or 'all'")
    List<String> workloads;

    @Option(names = "--parallelism", split = ",", paramLabel = "P", description = "the levels, e.g. 1,2,4")
    List<Integer> parallelism;

    @Option(names = "--plain", description = "plain progress lines even on a terminal")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.standard();
        if (workloads != null) {
            List<String> names = workloads.equals(List.of("all")) ? Suite.names()
                    : workloads;
            for (String n : names) {
                if (Suite.find(n).isEmpty()) {
                    err.println("weft bench: no workload named '" + n + "'; the suite has: "
                            + String.join(", ", Suite.names()));
                    err.flush();
                    return ExitCode.USAGE;
                }
            }
            plan = plan.withWorkloads(names);
        }
        if (parallelism != null) {
            if (parallelism.stream().anyMatch(p -> p < 1 || p > 256)) {
                err.println("weft bench: each --parallelism level must be between 1 and 256");
                err.flush();
                return ExitCode.USAGE;
            }
            plan = plan.withParallelism(parallelism);
        }
        Progress progress = new Progress(err, !plain && Progress.onTerminal(),
                plan.cells() + (comparePython ? 1 : 0));
        BenchResults results = new Bench(plan, progress).run();
        if (comparePython) {
            results = PythonComparison.addTo(results, plan, progress);
        }
        stdout.print(BenchTable.render(results));
        Path index = ReportWriter.write(results, out);
        stdout.println("report: " + index.toAbsolutePath() + " (and results.json beside it)");
        stdout.flush();
        return ExitCode.OK;
    }
}
