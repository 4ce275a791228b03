package io.streamcast.backtest;

import io.streamcast.model.metrics.Comparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The backtest's console: a one-line progress bar while it runs, and the summary table at the end. */
public final class ConsoleView {

    private static final int BAR = 30;

    private ConsoleView() {}

    /**
     * @param reached event time the forecasts have reached
     * @param first start of the replayed event time, {@code last} its end (0 and 0 when unknown)
     */
    public static String progress(long reached, long first, long last, long bars, double elapsedSeconds) {
        double rate = bars / Math.max(elapsedSeconds, 1e-3);
        if (last <= first) {
            return String.format(Locale.ROOT, "event time %s  %,d bars  %,.0f bars/s",
                    Instant.ofEpochMilli(reached), bars, rate);
        }
        double done = Math.min(1, Math.max(0, (reached - first) / (double) (last - first)));
        int filled = (int) Math.round(done * BAR);
        double left = done > 0 ? elapsedSeconds * (1 - done) / done : Double.NaN;
        return String.format(Locale.ROOT, "[%s%s] %3.0f%%  event time %s  %,d bars  %,.0f bars/s  %s left",
                "#".repeat(filled), ".".repeat(BAR - filled), 100 * done, Instant.ofEpochMilli(reached),
                bars, rate, Double.isNaN(left) ? "?" : String.format(Locale.ROOT, "%.0f s", left));
    }

    /** Model vs naive vs seasonal naive (MASE), overall and for the best and worst keys by skill. */
    public static String summary(Comparison overall, Map<String, Comparison> byKey, int shown) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-32s %8s %8s %8s %8s %8s%n", "MASE", "n", "model", "naive", "snaive", "skill"));
        line(out, "overall", overall);
        List<Map.Entry<String, Comparison>> keys = new ArrayList<>(byKey.entrySet());
        keys.sort(Comparator.comparingDouble(e -> -e.getValue().skill()));
        if (keys.size() <= 2 * shown) {
            keys.forEach(e -> line(out, e.getKey(), e.getValue()));
        } else {
            out.append("best keys\n");
            keys.subList(0, shown).forEach(e -> line(out, e.getKey(), e.getValue()));
            out.append("worst keys\n");
            keys.subList(keys.size() - shown, keys.size()).forEach(e -> line(out, e.getKey(), e.getValue()));
        }
        if (overall.modelInterval().count() > 0) {
            out.append(String.format(Locale.ROOT, "interval: coverage %.1f%% (naive's %.1f%%), MSIS %.3f (naive's %.3f)%n",
                    100 * overall.modelInterval().coverage(), 100 * overall.naiveInterval().coverage(),
                    overall.modelInterval().msis(), overall.naiveInterval().msis()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String key, Comparison c) {
        boolean scored = c.model().count() > 0;
        out.append(String.format(Locale.ROOT, "%-32s %8d %8s %8s %8s %8s%s%n", key, c.model().count(),
                number(c.model().mase(), "%.3f"), number(c.naive().mase(), "%.3f"),
                number(c.seasonalNaive().mase(), "%.3f"), number(100 * c.skill(), "%.1f%%"),
                !scored || c.modelBeatsBoth() ? "" : "  (baseline wins)"));
    }

    /** A score nothing defines (no window scored, a zero in-sample scale) shows as "-". */
    static String number(double value, String format) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : "-";
    }
}
