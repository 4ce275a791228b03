package io.streamcast.backtest;

import io.streamcast.model.interval.Interval;
import io.streamcast.model.interval.IntervalCalibrator;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.interval.IntervalState;
import io.streamcast.model.metrics.Comparison;
import io.streamcast.records.ForecastRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scores a backtest's forecasts against the naive and seasonal-naive forecasts of the same
 * windows, and their intervals against the naive forecast's. Each row is a window and a step
 * that had a forecast: at step 1 its model forecast is that record's {@code forecastOfActual}
 * (after a gap that restarted the key, the last value itself, by version 0, so it scores as the
 * naive forecast it is), the naive forecast the previous bar, the seasonal-naive the bar {@code season} windows back
 * (carried forward over gaps, the naive before a full season); at step h the forecast made h
 * windows earlier, the bar it was made at, and the bar a whole number of seasons back that was
 * known then.
 *
 * <p>Per key, scoring starts at the first window forecast by a trained model: the naive cold
 * start before it is the naive baseline itself, and those bars are what the model trained on.
 * The bars before are the in-sample part whose one-step naive MAE scales MASE and MSIS at every
 * step, so there are at least a season's worth of them (half the key's bars, if it is shorter),
 * even for a key that appears when a model already exists.
 *
 * <p>The naive forecast's interval is built like the model's ({@link IntervalCalibrator}), from
 * the naive forecast's own past errors at each step, so the comparison is of the forecasts alone.
 */
public final class BacktestScores {

    /**
     * One line of forecasts.csv. {@code modelVersion} is the version that made {@code forecast};
     * {@code interval} is empty with intervals off and for a forecast made in a gap (no record
     * carries it); {@code anomaly} is the window's flag.
     */
    public record Row(String key, long windowEnd, int step, double actual, double forecast, double naive,
            double seasonalNaive, long modelVersion, Optional<Interval> interval, boolean anomaly) {}

    private final double intervalLevel;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, List<Comparison>> byKeyAndStep = new LinkedHashMap<>();

    private BacktestScores(double intervalLevel) {
        this.intervalLevel = intervalLevel;
    }

    /**
     * @param forecasts sorted by key, then window
     * @param intervalLevel the level the forecasts' intervals are of (0: none)
     */
    public static BacktestScores score(List<ForecastRecord> forecasts, int season, long windowMillis,
            double intervalLevel) {
        BacktestScores scores = new BacktestScores(intervalLevel);
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
        int horizon = bars.stream().mapToInt(b -> b.steps().size()).max().orElse(1);
        TreeMap<Long, Integer> indexByEnd = new TreeMap<>();
        for (int i = 0; i < bars.size(); i++) {
            indexByEnd.put(bars.get(i).windowEnd(), i);
        }
        long seasonMillis = season * windowMillis;
        int minimumInSample = Math.max(2, Math.min(season, bars.size() / 2));
        long firstScoredEnd = bars.get(Math.min(minimumInSample, bars.size() - 1)).windowEnd();
        for (int i = 1; i < bars.size(); i++) {
            Long version = bars.get(i).forecastOfActualVersion();
            if (version != null && version > 0) {
                firstScoredEnd = Math.max(firstScoredEnd, bars.get(i).windowEnd());
                break;
            }
        }
        double inSampleSum = 0;
        int inSampleCount = 0;
        for (int i = 1; i < bars.size() && bars.get(i).windowEnd() < firstScoredEnd; i++) {
            inSampleSum += Math.abs(bars.get(i).actual() - bars.get(i - 1).actual());
            inSampleCount++;
        }
        double scale = inSampleCount > 0 ? inSampleSum / inSampleCount : Double.NaN;
        List<List<Optional<Interval>>> naiveIntervals = naiveIntervals(bars, horizon, scale > 0 ? scale : 1);

        List<Comparison> steps = new ArrayList<>();
        for (int h = 0; h < horizon; h++) {
            steps.add(new Comparison(intervalLevel));
        }
        for (int i = 1; i < bars.size(); i++) {
            ForecastRecord bar = bars.get(i);
            for (int h = 1; h <= horizon; h++) {
                Integer source = h == 1 ? Integer.valueOf(i - 1) : indexByEnd.get(bar.windowEnd() - h * windowMillis);
                Optional<Row> row = row(bars, i, source, h, windowMillis, seasonMillis, indexByEnd);
                if (row.isEmpty()) {
                    continue;
                }
                Row r = row.get();
                rows.add(r);
                if (scale > 0 && r.windowEnd() >= firstScoredEnd) {
                    Comparison c = steps.get(h - 1);
                    c.add(r.actual(), r.forecast(), r.naive(), r.seasonalNaive(), scale);
                    Optional<Interval> naive = naiveIntervals.get(source).get(h - 1);
                    if (r.interval().isPresent() && naive.isPresent()) {
                        c.addIntervals(r.actual(), r.interval().get(), naive.get(), scale);
                    }
                }
            }
        }
        byKeyAndStep.put(bars.get(0).key(), steps);
    }

    /** The row of bar {@code i} at step {@code h}, forecast at bar {@code source}; empty if nothing forecast it. */
    private static Optional<Row> row(List<ForecastRecord> bars, int i, Integer source, int h, long windowMillis,
            long seasonMillis, TreeMap<Long, Integer> indexByEnd) {
        ForecastRecord bar = bars.get(i);
        if (source == null) {
            return Optional.empty();
        }
        ForecastRecord from = bars.get(source);
        Optional<ForecastRecord.Step> step = from.steps().size() >= h
                && from.steps().get(h - 1).forecastFor() == bar.windowEnd()
                ? Optional.of(from.steps().get(h - 1)) : Optional.empty();
        double forecast;
        long version;
        if (h == 1) {
            if (bar.forecastOfActual() == null) {
                return Optional.empty();
            }
            forecast = bar.forecastOfActual();
            version = bar.forecastOfActualVersion();
        } else if (step.isPresent()) {
            forecast = step.get().forecast();
            version = from.modelVersion();
        } else {
            return Optional.empty();
        }
        long seasonsBack = (h * windowMillis + seasonMillis - 1) / seasonMillis * seasonMillis;
        Map.Entry<Long, Integer> seasonAgo = indexByEnd.floorEntry(bar.windowEnd() - seasonsBack);
        double seasonal = seasonAgo != null ? bars.get(seasonAgo.getValue()).actual() : from.actual();
        Optional<Interval> interval = step.filter(s -> s.lower() != null)
                .map(s -> new Interval(s.lower(), s.upper()));
        return Optional.of(new Row(bar.key(), bar.windowEnd(), h, bar.actual(), forecast, from.actual(), seasonal,
                version, interval, bar.anomaly()));
    }

    /**
     * Per bar, the naive forecast's intervals for steps 1..horizon from its own past errors, in
     * the key's MASE scale; none with intervals off. Forecasts in flight are dropped over a gap,
     * where no bar measured them.
     */
    private List<List<Optional<Interval>>> naiveIntervals(List<ForecastRecord> bars, int horizon, double scale) {
        List<List<Optional<Interval>>> out = new ArrayList<>();
        if (intervalLevel == 0) {
            bars.forEach(b -> out.add(Collections.nCopies(horizon, Optional.empty())));
            return out;
        }
        IntervalCalibrator calibrator = new IntervalCalibrator(new IntervalSpec(intervalLevel, 0, horizon));
        IntervalState state = calibrator.newState();
        for (int i = 0; i < bars.size(); i++) {
            ForecastRecord bar = bars.get(i);
            if (i > 0 && bars.get(i - 1).forecastFor() != bar.windowEnd()) {
                calibrator.restart(state);
            }
            calibrator.observe(state, bar.actual(), scale);
            double[] naive = new double[horizon];
            Arrays.fill(naive, bar.actual());
            out.add(calibrator.intervals(state, naive, scale));
            calibrator.remember(state, naive);
        }
        return out;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Keys with at least one scored window, at step 1. */
    public Map<String, Comparison> byKey() {
        Map<String, Comparison> scored = new LinkedHashMap<>();
        byKeyAndStep.forEach((k, steps) -> {
            if (steps.get(0).model().count() > 0) {
                scored.put(k, steps.get(0));
            }
        });
        return scored;
    }

    public Comparison overall() {
        return byStep().get(0);
    }

    /** Every key merged, per step: steps 1..horizon. */
    public List<Comparison> byStep() {
        List<Comparison> all = new ArrayList<>();
        byKeyAndStep.values().forEach(steps -> {
            for (int h = 0; h < steps.size(); h++) {
                if (all.size() <= h) {
                    all.add(new Comparison(intervalLevel));
                }
                all.get(h).merge(steps.get(h));
            }
        });
        if (all.isEmpty()) {
            all.add(new Comparison(intervalLevel));
        }
        return all;
    }
}
