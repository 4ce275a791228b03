package io.streamcast.backtest;

import io.streamcast.model.metrics.Comparison;
import io.streamcast.records.ForecastRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a backtest's forecasts against the naive and seasonal-naive forecasts of the same
 * windows. Each row is a window that had a forecast from the previous one: its model forecast is
 * that record's {@code forecastOfActual}, the naive forecast the previous bar, the seasonal-naive
 * the bar {@code season} windows back (carried forward over gaps, the naive before a full season).
 *
 * <p>Per key, scoring starts at the first window forecast by a trained model: the naive cold
 * start before it is the naive baseline itself, and those bars are what the model trained on.
 * The bars before are the in-sample part whose one-step naive MAE scales MASE, so there are at
 * least a season's worth of them (half the key's bars, if it is shorter), even for a key that
 * appears when a model already exists.
 */
public final class BacktestScores {

    /** One line of forecasts.csv. {@code modelVersion} is the version that made {@code forecast}. */
    public record Row(String key, long windowEnd, double actual, double forecast, double naive,
            double seasonalNaive, long modelVersion) {}

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Comparison> byKey = new LinkedHashMap<>();

    private BacktestScores() {}

    /** @param forecasts sorted by key, then window */
    public static BacktestScores score(List<ForecastRecord> forecasts, int season, long windowMillis) {
        BacktestScores scores = new BacktestScores();
        int from = 0;
        while (from < forecasts.size()) {
            int to = from;
            while (to < forecasts.size() && forecasts.get(to).key().equals(forecasts.get(from).key())) {
                to++;
            }
            scores.scoreKey(forecasts.subList(from, to), season, windowMillis);
            from = to;
        }
        return scores;
    }

    private void scoreKey(List<ForecastRecord> bars, int season, long windowMillis) {
        TreeMap<Long, Double> actualByEnd = new TreeMap<>();
        bars.forEach(b -> actualByEnd.put(b.windowEnd(), b.actual()));
        long seasonMillis = season * windowMillis;
        int minimumInSample = Math.max(2, Math.min(season, bars.size() / 2));
        long firstScoredEnd = bars.get(Math.min(minimumInSample, bars.size() - 1)).windowEnd();
        for (int i = 1; i < bars.size(); i++) {
            if (bars.get(i - 1).modelVersion() > 0) {
                firstScoredEnd = Math.max(firstScoredEnd, bars.get(i).windowEnd());
                break;
            }
        }
        double inSampleSum = 0;
        int inSampleCount = 0;
        List<Row> keyRows = new ArrayList<>();
        for (int i = 1; i < bars.size(); i++) {
            ForecastRecord bar = bars.get(i);
            ForecastRecord previous = bars.get(i - 1);
            if (bar.windowEnd() < firstScoredEnd) {
                inSampleSum += Math.abs(bar.actual() - previous.actual());
                inSampleCount++;
            }
            if (bar.forecastOfActual() == null) {
                continue;
            }
            Map.Entry<Long, Double> seasonAgo = actualByEnd.floorEntry(bar.windowEnd() - seasonMillis);
            double seasonal = seasonAgo != null ? seasonAgo.getValue() : previous.actual();
            keyRows.add(new Row(bar.key(), bar.windowEnd(), bar.actual(), bar.forecastOfActual(),
                    previous.actual(), seasonal, previous.modelVersion()));
        }
        rows.addAll(keyRows);
        Comparison comparison = new Comparison();
        double scale = inSampleCount > 0 ? inSampleSum / inSampleCount : Double.NaN;
        if (scale > 0) {
            for (Row r : keyRows) {
                if (r.windowEnd() >= firstScoredEnd) {
                    comparison.add(r.actual(), r.forecast(), r.naive(), r.seasonalNaive(), scale);
                }
            }
        }
        byKey.put(bars.get(0).key(), comparison);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Keys with at least one scored window. */
    public Map<String, Comparison> byKey() {
        Map<String, Comparison> scored = new LinkedHashMap<>();
        byKey.forEach((k, c) -> {
            if (c.model().count() > 0) {
                scored.put(k, c);
            }
        });
        return scored;
    }

    public Comparison overall() {
        Comparison all = new Comparison();
        byKey.values().forEach(all::merge);
        return all;
    }
}
