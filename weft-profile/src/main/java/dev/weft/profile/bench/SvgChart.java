package dev.weft.profile.bench;

import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG, with no script and nothing fetched: a report that opens offline. Two
 * kinds: speedup against parallelism, one line per mode; and grouped bars.
 *
 * <p>Implementation notes: the x axis puts the levels at even steps (1, 2, 4, 8 are a log
 * scale); the y axis starts at 0 and ends at a round number above the largest value. Every
 * point carries a {@code <title>} with its figures, which browsers show on hover.
 */
final class SvgChart {
    /** One line of a chart. */
    record Series(String name, String colour, boolean dashed, List<double[]> points) {
    }

    /** One group of bars: a label and a value per series (NaN for none). */
    record Group(String label, double[] values) {
    }

    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
            "#17becf"};
    private static final int W = 680;
    private static final int H = 320;
    private static final int LEFT = 56;
    private static final int RIGHT = 200;
    private static final int TOP = 34;
    private static final int BOTTOM = 44;

    private SvgChart() {
    }

    /** Speedup (y) against parallelism (x), with a dotted line at the number of cores. */
    static String speedup(String id, String title, List<Integer> levels, List<Series> series, int cores) {
        double max = Math.max(cores, 1.0);
        for (Series s : series) {
            for (double[] p : s.points()) {
                max = Math.max(max, p[1]);
            }
        }
        double top = niceCeiling(max * 1.1);
        StringBuilder sb = open(id, title);
        axes(sb, top, "speedup over sequential (×)");
        for (int i = 0; i < levels.size(); i++) {
            double x = x(i, levels.size());
            sb.append(text(x, H - BOTTOM + 18, "middle", "P=" + levels.get(i)));
        }
        sb.append(text(LEFT + (W - LEFT - RIGHT) / 2.0, H - 6, "middle", "parallelism (jobs at once)"));
        double coresY = y(cores, top);
        sb.append(String.format(Locale.ROOT, "<line class=\"cores\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                + " stroke=\"#999\" stroke-dasharray=\"2 4\"/>", LEFT, coresY, W - RIGHT, coresY));
        sb.append(text(W - RIGHT - 4, coresY - 4, "end", cores + " cores"));
        int row = 0;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                int i = levels.indexOf((int) p[0]);
                if (i >= 0) {
                    path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                            x(i, levels.size()), y(p[1], top)));
                }
            }
            sb.append(String.format(Locale.ROOT, "<path class=\"series\" d=\"%s\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"2.5\"%s/>", path, s.colour(), s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            for (double[] p : s.points()) {
                int i = levels.indexOf((int) p[0]);
                if (i >= 0) {
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\">"
                                    + "<title>%s, P=%d: %.2f×</title></circle>", x(i, levels.size()), y(p[1], top),
                            s.colour(), HtmlReport.escape(s.name()), (int) p[0], p[1]));
                }
            }
            legend(sb, row++, s.name(), s.colour(), s.dashed());
        }
        return sb.append("</svg>").toString();
    }

    /** Grouped bars: one group per label, one bar per series name. */
    static String bars(String id, String title, String yLabel, List<String> names, List<Group> groups) {
        double max = 1;
        for (Group g : groups) {
            for (double v : g.values()) {
                max = Double.isNaN(v) ? max : Math.max(max, v);
            }
        }
        double top = niceCeiling(max * 1.1);
        StringBuilder sb = open(id, title);
        axes(sb, top, yLabel);
        double groupWidth = (W - LEFT - RIGHT) / (double) Math.max(1, groups.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, names.size());
        for (int g = 0; g < groups.size(); g++) {
            double gx = LEFT + g * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < names.size(); s++) {
                double v = groups.get(g).values()[s];
                if (Double.isNaN(v)) {
                    continue;
                }
                double yTop = y(v, top);
                sb.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                                + " height=\"%.1f\" fill=\"%s\"><title>%s, %s: %.2f</title></rect>", gx + s * barWidth,
                        yTop, barWidth * 0.92, H - BOTTOM - yTop, COLOURS[s % COLOURS.length],
                        HtmlReport.escape(groups.get(g).label()), HtmlReport.escape(names.get(s)), v));
            }
            sb.append(text(gx + groupWidth * 0.4, H - BOTTOM + 18, "middle", groups.get(g).label()));
        }
        for (int s = 0; s < names.size(); s++) {
            legend(sb, s, names.get(s), COLOURS[s % COLOURS.length], false);
        }
        return sb.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String title) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"chart\" id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                id, W, H, W, H, HtmlReport.escape(title)));
        sb.append("<title>").append(HtmlReport.escape(title)).append("</title>");
        sb.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>", W, H));
        sb.append(text(LEFT, 20, "start", title).replace("<text ", "<text font-weight=\"bold\" "));
        return sb;
    }

    private static void axes(StringBuilder sb, double top, String yLabel) {
        double step = niceStep(top);
        for (double v = 0; v <= top + 1e-9; v += step) {
            double y = y(v, top);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>",
                    LEFT, y, W - RIGHT, y));
            sb.append(text(LEFT - 6, y + 4, "end", step < 1 ? String.format(Locale.ROOT, "%.1f", v)
                    : String.format(Locale.ROOT, "%.0f", v)));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                LEFT, TOP, LEFT, H - BOTTOM));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"11\" fill=\"#333\""
                + " transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>", (TOP + H - BOTTOM) / 2,
                (TOP + H - BOTTOM) / 2, HtmlReport.escape(yLabel)));
    }

    private static void legend(StringBuilder sb, int row, String name, String colour, boolean dashed) {
        int lx = W - RIGHT + 14;
        int ly = TOP + 8 + row * 18;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                + " stroke-width=\"3\"%s/>", lx, ly, lx + 22, ly, colour, dashed ? " stroke-dasharray=\"6 4\"" : ""));
        sb.append(text(lx + 28, ly + 4, "start", name));
    }

    private static String text(double x, double y, String anchor, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#222\""
                + " text-anchor=\"%s\" font-family=\"sans-serif\">%s</text>", x, y, anchor, HtmlReport.escape(s));
    }

    private static double x(int i, int n) {
        double span = W - LEFT - RIGHT - 40;
        return LEFT + 20 + (n == 1 ? span / 2 : span * i / (n - 1));
    }

    private static double y(double v, double top) {
        return H - BOTTOM - (H - BOTTOM - TOP) * Math.min(v, top) / top;
    }

    static double niceCeiling(double v) {
        double step = niceStep(v);
        return Math.max(step, Math.ceil(v / step) * step);
    }

    private static double niceStep(double v) {
        double raw = v / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / magnitude;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
    }
}
