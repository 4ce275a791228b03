package io.streamcast.backtest;

import io.streamcast.model.interval.Interval;
import io.streamcast.model.interval.IntervalCalibrator;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.interval.IntervalState;
import io.streamcast.model.metrics.Comparison;
import io.streamcast.records.ForecastRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Scores a backtest's forecasts as they come against the naive and seasonal-naive forecasts of the
 * same windows, and their intervals against the naive forecast's. Each row is a window and a step
 * that had a forecast: at step 1 its model forecast is that record's {@code forecastOfActual}
 * (after a gap that restarted the key, the last value itself, by version 0, so it scores as the
 * naive forecast it is),
 * the naive forecast the previous bar, the seasonal-naive the bar {@code season} windows back
 * (carried forward over gaps, the naive before a full season); at step h the forecast made h
 * windows earlier, the bar it was made at, and the bar a whole number of seasons back that was
 * known then.
 *
 * <p>Per key, scoring starts at the first window forecast by a trained model: the naive cold
 * start before it is the naive baseline itself, and those bars are what the model trained on.
 * The bars before are the in-sample part whose one-step naive MAE scales MASE and MSIS at every
 * step, so there are at least {@code inSampleBars} of them (half the key's bars, if it is shorter),
 * even for a key that appears when a model already exists. With a scoring start given, no key is
 * scored before it, so that runs whose first models came at different times can be compared on
 * the same windows and the same scales.
 *
 * <p>The naive forecast's interval is built like the model's ({@link IntervalCalibrator}, and no
 * bound below 0 for a key never below 0), from the naive forecast's own past errors at each step,
 * so the comparison is of the forecasts alone.
 *
 * <p>What is held per key is bounded: the bars a later row can look back to (a season and the
 * horizon), the running scores, and, until the key's scoring start is known (its first trained
 * forecast and twice the in-sample bars, or the end of the input), its bars so far, whose scores wait
 * for the in-sample scale.
 */
public final class BacktestScores {

    /**
     * One line of forecasts.csv. {@code modelVersion} is the version that made {@code forecast};
     * {@code interval} is empty with intervals off and for a forecast made in a gap (no record
     * carries it); {@code anomaly} is the window's flag.
     */
    public record Row(String key, long windowEnd, int step, double actual, double forecast, double naive,
            double seasonalNaive, long modelVersion, Optional<Interval> interval, boolean anomaly) {}

    private final int season;
    /** In-sample bars a key needs at least, before its first scored one (half its bars if fewer). */
    private final int inSampleBars;
    private final long windowMillis;
    private final int horizon;
    private final double intervalLevel;
    private final Optional<Instant> scoreFrom;
    /** How far back a row can look: the bar a whole number of seasons before the horizon's step. */
    private final long lookBackMillis;
    /** In key order, so that keys' sums are merged in the same order whatever order they came in. */
    private final Map<String, KeyScores> keys = new TreeMap<>();
    private long anomalies;
    private long lastValueServed;

    /**
     * @param season of the seasonal-naive forecast, in windows
     * @param inSampleBars a key's in-sample bars at least (half its bars if it has fewer); the
     *     backtest gives a calendar cycle ({@code SeasonalPeriod.windowsFor}) whatever the season
     * @param horizon steps forecast per window
     * @param intervalLevel the level the forecasts' intervals are of (0: none)
     * @param scoreFrom no window ending before it is scored; the bars before are in-sample
     */
    public BacktestScores(int season, int inSampleBars, long windowMillis, int horizon, double intervalLevel,
            Optional<Instant> scoreFrom) {
        this.season = season;
        this.inSampleBars = inSampleBars;
        this.windowMillis = windowMillis;
        this.horizon = horizon;
        this.intervalLevel = intervalLevel;
        this.scoreFrom = scoreFrom;
        this.lookBackMillis = seasonsBack(horizon);
    }

    /**
     * The rows of a forecast record, step 1 first, each step that had a forecast. A key's records
     * come in window order.
     */
    public List<Row> add(ForecastRecord record) {
        List<Row> rows = keys.computeIfAbsent(record.key(), k -> new KeyScores()).add(record);
        if (!rows.isEmpty() && rows.get(0).step() == 1 && rows.get(0).anomaly()) {
            anomalies++;
        }
        return rows;
    }

    /** The end of the input: keys still waiting for their scoring start are scored from where it now is. */
    public void finish() {
        keys.values().forEach(KeyScores::finish);
    }

    /** No window ending before it is scored (empty: each key from its own start). */
    public Optional<Instant> scoreFrom() {
        return scoreFrom;
    }

    /** Keys with at least one scored window, at step 1. */
    public Map<String, Comparison> byKey() {
        Map<String, Comparison> scored = new LinkedHashMap<>();
        keys.forEach((k, key) -> {
            if (key.steps.get(0).model().count() > 0) {
                scored.put(k, key.steps.get(0));
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
        for (int h = 0; h < horizon; h++) {
            all.add(new Comparison(intervalLevel));
        }
        keys.values().forEach(key -> {
            for (int h = 0; h < horizon; h++) {
                all.get(h).merge(key.steps.get(h));
            }
        });
        return all;
    }

    /**
     * Scored windows (step 1) forecast by the last value, version 0: a key's first window after
     * a gap longer than its warm-up, or one whose model was behind the last value on it.
     */
    public long lastValueServed() {
        return lastValueServed;
    }

    /** Windows flagged as anomalies (step-1 rows). */
    public long anomalies() {
        return anomalies;
    }

    /** The span back to the bar a whole number of seasons before a step-{@code h} forecast was made. */
    private long seasonsBack(int h) {
        long seasonMillis = season * windowMillis;
        return (h * windowMillis + seasonMillis - 1) / seasonMillis * seasonMillis;
    }

    /** A bar, the rows it completed with the bars that forecast them, and its naive intervals once known. */
    private static final class Bar {
        final ForecastRecord record;
        final List<Row> rows = new ArrayList<>();
        final List<Bar> sources = new ArrayList<>();
        List<Optional<Interval>> naiveIntervals;

        Bar(ForecastRecord record) {
            this.record = record;
        }
    }

    private final class KeyScores {
        final List<Comparison> steps = new ArrayList<>();
        /** The bars later rows can look back to, by window end. */
        final TreeMap<Long, Bar> recent = new TreeMap<>();
        /** Every bar from the key's first while its scoring start is unknown; then none. */
        final List<Bar> waiting = new ArrayList<>();
        boolean started;
        Optional<Integer> firstTrained = Optional.empty();
        Bar previous;
        long firstScoredEnd;
        double scale;
        IntervalCalibrator calibrator;
        IntervalState calibration;
        ForecastRecord lastCalibrated;
        /** As the forecaster's rule: a key never below 0 gets no bound below 0, the naive's included. */
        boolean neverNegative = true;

        KeyScores() {
            for (int h = 0; h < horizon; h++) {
                steps.add(new Comparison(intervalLevel));
            }
        }

        List<Row> add(ForecastRecord record) {
            Bar bar = new Bar(record);
            if (previous != null) {
                for (int h = 1; h <= horizon; h++) {
                    Bar source = h == 1 ? previous : recent.get(record.windowEnd() - h * windowMillis);
                    if (source != null) {
                        Optional<Row> row = row(record, source.record, h);
                        if (row.isPresent()) {
                            bar.rows.add(row.get());
                            bar.sources.add(source);
                        }
                    }
                }
            }
            recent.put(record.windowEnd(), bar);
            Long keepFrom = recent.floorKey(record.windowEnd() - lookBackMillis);
            if (keepFrom != null) {
                recent.headMap(keepFrom, false).clear();
            }
            if (started) {
                score(bar);
            } else {
                Long madeBy = record.forecastOfActualVersion();
                if (firstTrained.isEmpty() && madeBy != null && madeBy > 0) {
                    firstTrained = Optional.of(waiting.size());
                }
                waiting.add(bar);
                // From here on, neither the trained start nor the in-sample length can move.
                if (firstTrained.isPresent()
                        && waiting.size() >= Math.max(2L * inSampleBars, Math.max(2, inSampleBars) + 1)
                        && scoreFrom.map(t -> record.windowEnd() >= t.toEpochMilli()).orElse(true)) {
                    start();
                }
            }
            previous = bar;
            return bar.rows;
        }

        void finish() {
            if (!started) {
                start();
            }
        }

        /** Fixes where scoring starts and the in-sample scale, and scores the bars that waited for them. */
        void start() {
            int n = waiting.size();
            int minimumInSample = Math.max(2, Math.min(inSampleBars, n / 2));
            firstScoredEnd = waiting.get(Math.min(minimumInSample, n - 1)).record.windowEnd();
            firstTrained.ifPresent(i -> firstScoredEnd = Math.max(firstScoredEnd, waiting.get(i).record.windowEnd()));
            scoreFrom.ifPresent(t -> firstScoredEnd = Math.max(firstScoredEnd, t.toEpochMilli()));
            double inSampleSum = 0;
            int inSampleCount = 0;
            for (int i = 1; i < n && waiting.get(i).record.windowEnd() < firstScoredEnd; i++) {
                inSampleSum += Math.abs(waiting.get(i).record.actual() - waiting.get(i - 1).record.actual());
                inSampleCount++;
            }
            scale = inSampleCount > 0 ? inSampleSum / inSampleCount : Double.NaN;
            if (intervalLevel != 0) {
                calibrator = new IntervalCalibrator(new IntervalSpec(intervalLevel, 0, horizon));
                calibration = calibrator.newState();
            }
            started = true;
            waiting.forEach(this::score);
            waiting.clear();
        }

        void score(Bar bar) {
            bar.naiveIntervals = naiveIntervals(bar.record);
            for (int i = 0; i < bar.rows.size(); i++) {
                Row r = bar.rows.get(i);
                if (scale > 0 && r.windowEnd() >= firstScoredEnd) {
                    Comparison c = steps.get(r.step() - 1);
                    c.add(r.actual(), r.forecast(), r.naive(), r.seasonalNaive(), scale);
                    if (r.step() == 1 && r.modelVersion() == 0) {
                        lastValueServed++;
                    }
                    Optional<Interval> naive = bar.sources.get(i).naiveIntervals.get(r.step() - 1);
                    if (r.interval().isPresent() && naive.isPresent()) {
                        c.addIntervals(r.actual(), r.interval().get(), naive.get(), scale);
                    }
                }
            }
            // Scored: letting go of its sources keeps the bars from chaining back to the key's first.
            bar.sources.clear();
        }

        /**
         * The naive forecast's intervals for steps 1..horizon made at this bar, from its own past
         * errors, in the key's MASE scale; none with intervals off. Forecasts in flight are dropped
         * over a gap, where no bar measured them.
         */
        List<Optional<Interval>> naiveIntervals(ForecastRecord bar) {
            if (calibrator == null) {
                return Collections.nCopies(horizon, Optional.empty());
            }
            if (lastCalibrated != null && lastCalibrated.forecastFor() != bar.windowEnd()) {
                calibrator.restart(calibration);
            }
            lastCalibrated = bar;
            double keyScale = scale > 0 ? scale : 1;
            calibrator.observe(calibration, bar.actual(), keyScale);
            double[] naive = new double[horizon];
            Arrays.fill(naive, bar.actual());
            List<Optional<Interval>> intervals = calibrator.intervals(calibration, naive, OptionalDouble.of(keyScale));
            calibrator.remember(calibration, naive);
            neverNegative &= bar.actual() >= 0;
            return neverNegative ? intervals.stream().map(i -> i.map(Interval::atLeastZero)).toList() : intervals;
        }

        /** The row of {@code bar} at step {@code h}, forecast at {@code from}; empty if nothing forecast it. */
        Optional<Row> row(ForecastRecord bar, ForecastRecord from, int h) {
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
            Map.Entry<Long, Bar> seasonAgo = recent.floorEntry(bar.windowEnd() - seasonsBack(h));
            double seasonal = seasonAgo != null ? seasonAgo.getValue().record.actual() : from.actual();
            Optional<Interval> interval = step.filter(s -> s.lower() != null)
                    .map(s -> new Interval(s.lower(), s.upper()));
            return Optional.of(new Row(bar.key(), bar.windowEnd(), h, bar.actual(), forecast, from.actual(), seasonal,
                    version, interval, bar.anomaly()));
        }
    }
}
