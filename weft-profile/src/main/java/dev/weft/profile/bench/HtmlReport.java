package dev.weft.profile.bench;

import dev.weft.profile.Execution;
import dev.weft.profile.bench.BenchResults.Cell;
import dev.weft.profile.bench.BenchResults.PythonRow;
import dev.weft.profile.bench.BenchResults.WorkloadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code index.html}: the bench results as one self-contained page — styles inline, charts as
 * inline SVG ({@link SvgChart}), no script and nothing fetched — so that it reads offline and
 * can be mailed or archived as a single file.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(BenchResults r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>weft bench: ").append(escape(r.plan())).append(" run</title><style>")
                .append("body{font-family:sans-serif;max-width:980px;margin:24px auto;padding:0 16px;color:#222}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right;font-size:13px}th{background:#f4f4f4}td.mode,th.mode{text-align:left}")
                .append("section{margin:28px 0}p.note{color:#555;font-size:13px}svg.chart{display:block;margin:8px 0}")
                .append("</style></head><body>\n");
        sb.append("<h1>weft bench</h1>\n<p>Each workload ran sequentially, then as tasks on one loop, as tasks on")
                .append(" N loops, on a thread pool and on a process pool, at each parallelism level. Speedup is")
                .append(" the sequential time over the mode's time, for the same jobs.</p>\n");
        sb.append("<p class=\"note\">").append(escape(r.plan())).append(" plan, started ").append(escape(r.started()))
                .append(String.format(Locale.ROOT, ", %.1f s; Java %s; ", r.seconds(), escape(r.java())))
                .append(escape(r.machine())).append("</p>\n");
        sb.append(summary(r));
        for (int i = 0; i < r.workloads().size(); i++) {
            sb.append(section(r, r.workloads().get(i), i));
        }
        if (!r.skipped().isEmpty()) {
            sb.append("<section><h2>Not run</h2><ul>");
            r.skipped().forEach(s -> sb.append("<li>").append(escape(s.execution().label())).append(": ")
                    .append(escape(s.why())).append("</li>"));
            sb.append("</ul></section>\n");
        }
        r.python().ifPresent(py -> sb.append(pythonTable(py)));
        sb.append("<p class=\"note\">Reproduce with <code>./weft bench").append("quick".equals(r.plan()) ? " --quick" : "")
                .append(r.python().isPresent() ? " --compare-python" : "").append("</code>; the figures are in")
                .append(" <code>results.json</code> beside this page (schema: <code>results.schema.json</code>).</p>\n");
        return sb.append("</body></html>\n").toString();
    }

    private static String summary(BenchResults r) {
        List<Execution> modes = modes(r);
        List<String> names = modes.stream().map(Execution::label).toList();
        List<SvgChart.Group> groups = new ArrayList<>();
        for (WorkloadResult w : r.workloads()) {
            double[] best = new double[modes.size()];
            for (int m = 0; m < modes.size(); m++) {
                Execution e = modes.get(m);
                best[m] = w.cells().stream().filter(c -> c.execution() == e).mapToDouble(Cell::speedup).max()
                        .orElse(Double.NaN);
            }
            groups.add(new SvgChart.Group(w.label().label(), best));
        }
        return "<section><h2>Best speedup of each mode, by class of work</h2>\n"
                + SvgChart.bars("chart-summary", "Best speedup over sequential", "best speedup (×)", names, groups)
                + "\n</section>\n";
    }

    private static String section(BenchResults r, WorkloadResult w, int index) {
        StringBuilder sb = new StringBuilder("<section>");
        sb.append("<h2>").append(escape(w.label().label())).append(": ").append(escape(w.name())).append("</h2>");
        sb.append("<p>").append(escape(w.shape())).append(String.format(Locale.ROOT,
                ". %d jobs of %d units (%.2f ms a unit); sequentially %.3f s.</p>", w.jobs(), w.unitsPerJob(),
                w.unitSeconds() * 1e3, w.baselineSeconds()));
        if (w.verdict() != null) {
            sb.append("<p class=\"note\">Classified: ").append(escape(w.verdict().headline()))
                    .append("<br>Recommended: ").append(escape(w.verdict().recommendation())).append(".</p>");
        }
        List<Integer> levels = levels(r);
        List<SvgChart.Series> series = new ArrayList<>();
        List<Execution> modes = modes(r);
        for (int m = 0; m < modes.size(); m++) {
            Execution e = modes.get(m);
            List<double[]> points = w.cells().stream().filter(c -> c.execution() == e)
                    .map(c -> new double[] {c.parallelism(), c.speedup()}).toList();
            series.add(new SvgChart.Series(e.label(), SvgChart.COLOURS[m % SvgChart.COLOURS.length], false, points));
        }
        r.python().ifPresent(py -> {
            int c = modes.size();
            for (String mode : List.of("threading", "multiprocessing", "asyncio")) {
                List<double[]> points = py.rows().stream().filter(row -> row.bound() == w.label() && row.mode().equals(mode))
                        .map(row -> new double[] {row.parallelism(), row.speedup()}).toList();
                if (!points.isEmpty()) {
                    series.add(new SvgChart.Series("CPython " + mode, SvgChart.COLOURS[c++ % SvgChart.COLOURS.length],
                            true, points));
                }
            }
        });
        sb.append(SvgChart.speedup("chart-" + index, w.label().label() + " · " + w.name() + ": speedup",
                levels, series, r.cores()));
        sb.append(table(w, levels, modes));
        return sb.append("</section>\n").toString();
    }

    private static String table(WorkloadResult w, List<Integer> levels, List<Execution> modes) {
        StringBuilder sb = new StringBuilder("<table><tr><th class=\"mode\">mode</th>");
        levels.forEach(p -> sb.append("<th>P=").append(p).append("</th>"));
        sb.append("</tr>");
        sb.append(String.format(Locale.ROOT, "<tr><td class=\"mode\">sequential</td><td colspan=\"%d\">%.3f s</td></tr>",
                levels.size(), w.baselineSeconds()));
        for (Execution e : modes) {
            sb.append("<tr><td class=\"mode\">").append(escape(e.label())).append("</td>");
            for (int p : levels) {
                sb.append("<td>").append(w.cell(e, p).map(c -> String.format(Locale.ROOT, "%.3f s · %.2f×", c.seconds(), c.speedup()))
                        .orElse("–")).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</table>").toString();
    }

    private static String pythonTable(BenchResults.PythonResults py) {
        StringBuilder sb = new StringBuilder("<section><h2>CPython ").append(escape(py.version()))
                .append("</h2><p>The same classes of work in CPython, with <code>threading</code>,")
                .append(" <code>multiprocessing</code> and <code>asyncio</code>; speedup over its own sequential")
                .append(" run. The dashed lines in the charts above are these.</p><table><tr><th class=\"mode\">class</th>")
                .append("<th class=\"mode\">mode</th><th>P</th><th>seconds</th><th>speedup</th></tr>");
        for (PythonRow row : py.rows()) {
            sb.append(String.format(Locale.ROOT, "<tr><td class=\"mode\">%s</td><td class=\"mode\">%s</td><td>%d</td>"
                            + "<td>%.3f</td><td>%.2f×</td></tr>", escape(row.bound().label()), escape(row.mode()),
                    row.parallelism(), row.seconds(), row.speedup()));
        }
        return sb.append("</table></section>\n").toString();
    }

    private static List<Execution> modes(BenchResults r) {
        return java.util.Arrays.stream(Execution.values()).filter(e -> e != Execution.SEQUENTIAL)
                .filter(e -> r.workloads().stream().anyMatch(w -> w.cells().stream().anyMatch(c -> c.execution() == e)))
                .toList();
    }

    private static List<Integer> levels(BenchResults r) {
        return r.workloads().stream().flatMap(w -> w.cells().stream())
                .filter(c -> c.execution() != Execution.SEQUENTIAL).map(Cell::parallelism).distinct().sorted().toList();
    }

    /** Text made safe inside HTML and SVG elements and attributes. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
