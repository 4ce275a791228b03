package io.streamcast.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.records.TrainingReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: one self-contained page (inline SVG and CSS, nothing fetched) with the summary
 * table, then per key actual against the one-step forecast and its interval band, with model swaps
 * and flagged windows marked, and the error over time of the model against the naive forecast.
 */
final class HtmlReport {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 180;
    /** Long series are thinned to about this many points per line; a chart needs no more. */
    private static final int MAX_POINTS = 700;

    private HtmlReport() {}

    static String render(JsonNode report, Backtest.Result result, Path forecastsCsv) throws IOException {
        StringBuilder html = new StringBuilder(1 << 16);
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>streamcast backtest</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #ddd}td:first-child,th:first-child{text-align:left}")
                .append(".win{color:#1a7f37;font-weight:bold}.lose{color:#b42318}svg{background:#fafafa;margin:4px 0}")
                .append(".legend span{margin-right:1.5em}</style></head><body>");
        html.append("<h1>streamcast backtest</h1><p>").append(escape(report.path("config").path("input").asText()))
                .append(" &middot; window ").append(escape(report.path("config").path("window").asText()))
                .append(" &middot; ").append(report.path("run").path("ticks").asLong()).append(" ticks, ")
                .append(report.path("run").path("bars").asLong()).append(" bars in ")
                .append(fmt(report.path("run").path("seconds").asDouble())).append(" s</p>");
        html.append("<p class=\"legend\"><span style=\"color:#888\">&#9644; actual</span><span style=\"color:#1f6feb\">&#9644; model forecast</span>")
                .append("<span style=\"color:#d97706\">&#9644; naive</span><span style=\"color:#b42318\">&#9478; model swap</span>")
                .append("<span style=\"color:#9ec5fe\">&#9632; interval</span><span style=\"color:#b42318\">&#9679; anomaly</span></p>");
        html.append("<h2>MASE (lower is better)</h2><table><tr><th>key</th><th>n</th><th>model</th><th>naive</th>")
                .append("<th>seasonal naive</th><th>skill vs naive</th></tr>");
        summaryRow(html, "overall", report.path("overall"));
        report.path("keys").fields().forEachRemaining(e -> summaryRow(html, e.getKey(), e.getValue()));
        html.append("</table>");

        List<Long> swaps = new ArrayList<>();
        for (TrainingReport t : result.trainings()) {
            if (t.accepted()) {
                swaps.add(t.trainedAt());
            }
        }
        Map<String, List<BacktestScores.Row>> rowsByKey = new java.util.TreeMap<>();
        ForecastsCsv.read(forecastsCsv, r -> {
            if (r.step() == 1) {
                rowsByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
        });
        rowsByKey.forEach((key, rows) -> {
            html.append("<h3>").append(escape(key)).append("</h3>");
            chart(html, rows, swaps, false);
            chart(html, rows, swaps, true);
        });
        return html.append("</body></html>").toString();
    }

    private static void summaryRow(StringBuilder html, String key, JsonNode s) {
        double model = s.path("model").path("mase").asDouble();
        double naive = s.path("naive").path("mase").asDouble();
        double seasonal = s.path("seasonalNaive").path("mase").asDouble();
        String verdict = model < naive && model < seasonal ? "win" : "lose";
        html.append("<tr><td>").append(escape(key)).append("</td><td>").append(s.path("n").asLong())
                .append("</td><td class=\"").append(verdict).append("\">").append(fmt(model))
                .append("</td><td>").append(fmt(naive)).append("</td><td>").append(fmt(seasonal))
                .append("</td><td>").append(fmt(100 * s.path("skill").asDouble())).append("%</td></tr>");
    }

    /** Values, or with {@code errors} the absolute errors of the model and the naive forecast. */
    private static void chart(StringBuilder html, List<BacktestScores.Row> rows, List<Long> swaps, boolean errors) {
        int step = Math.max(1, rows.size() / MAX_POINTS);
        long t0 = rows.get(0).windowEnd();
        long t1 = Math.max(t0 + 1, rows.get(rows.size() - 1).windowEnd());
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (BacktestScores.Row r : rows) {
            double[] ys = errors ? new double[] {Math.abs(r.actual() - r.forecast()), Math.abs(r.actual() - r.naive())}
                    : r.interval().map(i -> new double[] {r.actual(), r.forecast(), i.lower(), i.upper()})
                            .orElse(new double[] {r.actual(), r.forecast()});
            for (double y : ys) {
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
            }
        }
        if (hi <= lo) {
            hi = lo + 1;
        }
        html.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\"><title>")
                .append(errors ? "absolute error: model vs naive" : "actual vs model forecast").append("</title>");
        for (long swap : swaps) {
            if (swap >= t0 && swap <= t1) {
                double x = x(swap, t0, t1);
                html.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x))
                        .append("\" y1=\"0\" y2=\"").append(HEIGHT).append("\" stroke=\"#b42318\" stroke-dasharray=\"3,3\"/>");
            }
        }
        if (!errors) {
            band(html, rows, step, t0, t1, lo, hi);
        }
        String[] colors = errors ? new String[] {"#1f6feb", "#d97706"} : new String[] {"#888", "#1f6feb"};
        for (int line = 0; line < 2; line++) {
            html.append("<polyline fill=\"none\" stroke-width=\"1\" stroke=\"").append(colors[line]).append("\" points=\"");
            for (int i = 0; i < rows.size(); i += step) {
                BacktestScores.Row r = rows.get(i);
                double y = errors ? Math.abs(r.actual() - (line == 0 ? r.forecast() : r.naive()))
                        : (line == 0 ? r.actual() : r.forecast());
                html.append(fmt(x(r.windowEnd(), t0, t1))).append(',').append(fmt(y(y, lo, hi))).append(' ');
            }
            html.append("\"/>");
        }
        if (!errors) {
            for (BacktestScores.Row r : rows) {
                if (r.anomaly()) {
                    html.append("<circle r=\"3\" fill=\"#b42318\" cx=\"").append(fmt(x(r.windowEnd(), t0, t1)))
                            .append("\" cy=\"").append(fmt(y(r.actual(), lo, hi))).append("\"><title>anomaly ")
                            .append(escape(Instant.ofEpochMilli(r.windowEnd()).toString())).append("</title></circle>");
                }
            }
        }
        html.append("<text x=\"4\" y=\"12\" font-size=\"11\">").append(errors ? "|error| " : "").append(fmt(hi))
                .append("</text><text x=\"4\" y=\"").append(HEIGHT - 4).append("\" font-size=\"11\">").append(fmt(lo))
                .append("</text></svg><br>");
    }

    /** The interval as a filled polygon: along the upper bounds, back along the lower ones. */
    private static void band(StringBuilder html, List<BacktestScores.Row> rows, int step, long t0, long t1,
            double lo, double hi) {
        List<BacktestScores.Row> banded = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += step) {
            if (rows.get(i).interval().isPresent()) {
                banded.add(rows.get(i));
            }
        }
        if (banded.isEmpty()) {
            return;
        }
        html.append("<polygon fill=\"#9ec5fe\" fill-opacity=\"0.5\" stroke=\"none\" points=\"");
        for (BacktestScores.Row r : banded) {
            html.append(fmt(x(r.windowEnd(), t0, t1))).append(',')
                    .append(fmt(y(r.interval().get().upper(), lo, hi))).append(' ');
        }
        for (int i = banded.size() - 1; i >= 0; i--) {
            BacktestScores.Row r = banded.get(i);
            html.append(fmt(x(r.windowEnd(), t0, t1))).append(',')
                    .append(fmt(y(r.interval().get().lower(), lo, hi))).append(' ');
        }
        html.append("\"/>");
    }

    private static double y(double v, double lo, double hi) {
        return HEIGHT - 4 - (HEIGHT - 8) * (v - lo) / (hi - lo);
    }

    private static double x(long t, long t0, long t1) {
        return 40 + (WIDTH - 48) * (double) (t - t0) / (t1 - t0);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
