package io.streamcast.backtest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.records.Json;
import io.streamcast.records.TrainingReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * report.html: one self-contained page that works offline. The summary table, then charts drawn
 * by uPlot (its script and style inlined from its webjar) from the step-1 rows of forecasts.csv,
 * embedded as JSON: per key, the actual against the one-step forecast with its interval band,
 * flagged windows and model swaps, and the absolute error of the model against the naive
 * forecast, on a time axis that zooms and pans, one key at a time from a picker
 * (report.js). The rows are copied from forecasts.csv to the page as they are read, for the keys
 * {@link ChartedKeys} chooses (all of them up to its limit).
 */
final class HtmlReport {

    private static final String UPLOT = "META-INF/resources/webjars/uplot/";

    private HtmlReport() {}

    static void write(Path html, JsonNode report, SeasonChoice season, Backtest.Result result, Path forecastsCsv)
            throws IOException {
        try (Writer out = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            out.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>streamcast backtest</title><style>");
            out.write(uplotAsset("dist/uPlot.min.css"));
            out.write(resource("report.css"));
            out.write("</style></head><body><h1>streamcast backtest</h1><p>");
            out.write(escape(report.path("config").path("input").asText()) + " &middot; window "
                    + escape(report.path("config").path("window").asText()) + " &middot; "
                    + report.path("run").path("ticks").asLong() + " ticks, " + report.path("run").path("bars").asLong()
                    + " bars in " + fmt(report.path("run").path("seconds").asDouble()) + " s</p>");
            // Which seasonal naive the table compares with, and why that season.
            out.write("<p class=\"season\">seasonal naive's " + escape(season.line()) + "</p>");
            Set<String> charted = ChartedKeys.choose(skillByKey(report), ChartedKeys.LIMIT);
            summary(out, report, charted);
            out.write("<h2>Forecasts</h2><div class=\"picker\"><label for=\"key-filter\">key</label>"
                    + "<input id=\"key-filter\" type=\"search\" placeholder=\"filter keys\">"
                    + "<select id=\"key\" aria-label=\"key\"></select>"
                    + "<button id=\"pan-left\" type=\"button\" title=\"earlier\">&#9664;</button>"
                    + "<button id=\"pan-right\" type=\"button\" title=\"later\">&#9654;</button>"
                    + "<span class=\"help\">drag to zoom, wheel to zoom at the cursor, shift+wheel to pan, "
                    + "double-click for the whole series; dashed red lines: model swaps, red dots: anomalies</span>"
                    + "</div><div id=\"charts\"></div>");
            out.write("<script type=\"application/json\" id=\"report-data\">");
            data(out, result, forecastsCsv, charted);
            out.write("</script><!-- uPlot, ");
            out.write(uplotAsset("LICENSE").replace("--", "- -"));
            out.write(" --><script>");
            out.write(uplotAsset("dist/uPlot.iife.min.js"));
            out.write("</script><script>");
            out.write(resource("report.js"));
            out.write("</script></body></html>");
        }
    }

    /** Each key's skill against the naive forecast, NaN where nothing was scored, in report.json's order. */
    private static LinkedHashMap<String, Double> skillByKey(JsonNode report) {
        LinkedHashMap<String, Double> skill = new LinkedHashMap<>();
        report.path("keys").fields().forEachRemaining(e -> skill.put(e.getKey(), metric(e.getValue().path("skill"))));
        return skill;
    }

    /**
     * MASE of the model and both baselines, overall and per charted key (a key's name picks its
     * charts), saying which keys when not all are.
     */
    private static void summary(Writer out, JsonNode report, Set<String> charted) throws IOException {
        int keys = report.path("keys").size();
        if (charted.size() < keys) {
            out.write("<p class=\"sample\">The table and the charts show " + charted.size() + " of " + keys
                    + " keys: the " + ChartedKeys.LIMIT / 2 + " the model serves worst against the naive forecast"
                    + " (lowest skill) and a fixed sample of the others. report.json scores every key.</p>");
        }
        out.write("<h2>MASE (lower is better)</h2><table><tr><th>key</th><th>n</th><th>model</th><th>naive</th>"
                + "<th>seasonal naive</th><th>skill vs naive</th></tr>");
        summaryRow(out, "overall", report.path("overall"));
        for (String key : charted) {
            String link = "#key=" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
            summaryRow(out, "<a href=\"" + escape(link) + "\">" + escape(key) + "</a>", report.path("keys").path(key));
        }
        out.write("</table>");
    }

    private static void summaryRow(Writer out, String labelHtml, JsonNode s) throws IOException {
        double model = metric(s.path("model").path("mase"));
        double naive = metric(s.path("naive").path("mase"));
        double seasonal = metric(s.path("seasonalNaive").path("mase"));
        String verdict = model < naive && model < seasonal ? "win" : "lose";
        out.write("<tr><td>" + labelHtml + "</td><td>" + s.path("n").asLong() + "</td><td class=\"" + verdict + "\">"
                + ConsoleView.number(model, "%.3f") + "</td><td>" + ConsoleView.number(naive, "%.3f") + "</td><td>"
                + ConsoleView.number(seasonal, "%.3f") + "</td><td>"
                + ConsoleView.number(100 * metric(s.path("skill")), "%.1f%%") + "</td></tr>");
    }

    /** report.json's null (a score nothing defines) as NaN. */
    private static double metric(JsonNode score) {
        return score.isNumber() ? score.asDouble() : Double.NaN;
    }

    /**
     * {@code {"keys":[…], "swaps":[…], "rows":[[key index, window end in epoch seconds, actual,
     * forecast, naive, lower, upper, anomaly], …]}}: the step-1 rows in file order, values as
     * floats (a chart needs no more digits). '<', '>' and '&' are escaped, so no key can close
     * the script element.
     */
    private static void data(Writer out, Backtest.Result result, Path forecastsCsv, Set<String> charted)
            throws IOException {
        Map<String, Integer> keyIndex = new HashMap<>();
        List<String> keys = new ArrayList<>();
        JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.setCharacterEscapes(new HtmlSafe());
        json.writeStartObject();
        json.writeArrayFieldStart("swaps");
        for (TrainingReport t : result.trainings()) {
            if (t.accepted()) {
                json.writeNumber(t.trainedAt() / 1000.0);
            }
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rows");
        try {
            ForecastsCsv.read(forecastsCsv, r -> {
                if (r.step() != 1 || !charted.contains(r.key())) {
                    return;
                }
                try {
                    json.writeStartArray();
                    json.writeNumber(keyIndex.computeIfAbsent(r.key(), k -> {
                        keys.add(k);
                        return keys.size() - 1;
                    }));
                    json.writeNumber(r.windowEnd() / 1000.0);
                    json.writeNumber((float) r.actual());
                    json.writeNumber((float) r.forecast());
                    json.writeNumber((float) r.naive());
                    if (r.interval().isPresent()) {
                        json.writeNumber((float) r.interval().get().lower());
                        json.writeNumber((float) r.interval().get().upper());
                    } else {
                        json.writeNull();
                        json.writeNull();
                    }
                    json.writeNumber(r.anomaly() ? 1 : 0);
                    json.writeEndArray();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("keys");
        for (String key : keys) {
            json.writeString(key);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
    }

    /** JSON escapes that also keep '<', '>' and '&' out of the page's markup. */
    private static final class HtmlSafe extends CharacterEscapes {
        private final int[] escapes = standardAsciiEscapesForJSON();

        HtmlSafe() {
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    /** A file of the uPlot webjar on the class path (LICENSE, dist/…), in the version its pom.properties names. */
    private static String uplotAsset(String file) throws IOException {
        Properties pom = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            pom.load(in);
        }
        return text(UPLOT + pom.getProperty("version") + "/" + file);
    }

    private static String resource(String name) throws IOException {
        return text("io/streamcast/backtest/" + name);
    }

    private static String text(String path) throws IOException {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream open(String path) throws IOException {
        InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("'" + path + "' is not on the class path (the uPlot webjar and the report's "
                    + "script come with the build)");
        }
        return in;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
