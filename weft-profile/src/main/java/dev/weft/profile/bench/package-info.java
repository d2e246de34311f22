/**
 * {@code weft bench}: run workloads of the suite under each {@link dev.weft.profile.Execution}
 * — sequentially, tasks on one loop, tasks on N loops, a thread pool, a process pool — at
 * parallelism 1, 2, 4, 8…, and report times and speedups.
 *
 * <p>{@link dev.weft.profile.bench.BenchPlan} says what to run; {@link dev.weft.profile.bench.Bench}
 * runs it through one {@link dev.weft.profile.bench.Runner} per mode and level, with
 * {@link dev.weft.profile.bench.Progress} on the terminal; the {@link dev.weft.profile.bench.BenchResults}
 * become a text table ({@link dev.weft.profile.bench.BenchTable}), {@code results.json}
 * ({@link dev.weft.profile.bench.ResultsJson}, with its schema) and {@code index.html}
 * ({@link dev.weft.profile.bench.HtmlReport}, charts as inline SVG), written by
 * {@link dev.weft.profile.bench.ReportWriter}. {@link dev.weft.profile.bench.PythonComparison}
 * runs the same classes of work in CPython.
 */
package dev.weft.profile.bench;
