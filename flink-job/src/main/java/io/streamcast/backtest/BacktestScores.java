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
 * <p>What is held per key: what a later row can look back to (the bars of the horizon, and the
 * actuals of a season and the horizon), the running scores, and, until the key's scoring start is
 * known (its first trained forecast and twice the in-sample bars, or the end of the input), its
 * bars so far, whose scores wait for the in-sample scale. Each bar is a few numbers and the
 * forecasts made at it ({@link Bar}), not the record.
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
        List<Row> rows = keys.computeIfAbsent(record.key(), KeyScores::new).add(record);
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

    /**
     * What scoring keeps of a forecast record: the bar, what was forecast for it and at it, and its
     * naive intervals once scored. Not the record itself, nor its rows: a key waiting for its
     * scoring start holds every bar so far (at one-minute windows two days of them), and its rows
     * are rebuilt from these when it starts, so it is kept in primitives. Measured (heap after GC,
     * 1,000 keys x 1,500 one-minute bars of records as the job emits them, intervals on): 761 bytes
     * a bar with the record and its rows kept, 182 so; a 1,000-key, two-day backtest at -Xmx1g
     * filled the heap before.
     */
    private static final class Bar {
        final long windowEnd;
        final long forecastFor;
        final double actual;
        /** Whether a forecast was made for this bar: not for a key's first window. */
        final boolean forecastKnown;
        final double forecastOfActual;
        final long forecastOfActualVersion;
        final long modelVersion;
        final boolean anomaly;
        /** The window each forecast made at this bar is for, step 1 first. */
        final long[] stepFor;
        /**
         * Per step, its forecast, lower and upper bound; NaN bounds where the record had none (a
         * forecast, or a bound, is never NaN: no record carries one).
         */
        final double[] stepValues;
        List<Optional<Interval>> naiveIntervals;

        Bar(ForecastRecord r) {
            windowEnd = r.windowEnd();
            forecastFor = r.forecastFor();
            actual = r.actual();
            forecastKnown = r.forecastOfActual() != null;
            forecastOfActual = forecastKnown ? r.forecastOfActual() : 0;
            forecastOfActualVersion = forecastKnown ? r.forecastOfActualVersion() : 0;
            modelVersion = r.modelVersion();
            anomaly = r.anomaly();
            int n = r.steps().size();
            stepFor = new long[n];
            stepValues = new double[3 * n];
            for (int i = 0; i < n; i++) {
                ForecastRecord.Step step = r.steps().get(i);
                stepFor[i] = step.forecastFor();
                stepValues[3 * i] = step.forecast();
                stepValues[3 * i + 1] = step.lower() == null ? Double.NaN : step.lower();
                stepValues[3 * i + 2] = step.upper() == null ? Double.NaN : step.upper();
            }
        }

        /** Whether this bar forecast the window ending at {@code windowEnd} at step {@code h}. */
        boolean forecastAt(int h, long windowEnd) {
            return stepFor.length >= h && stepFor[h - 1] == windowEnd;
        }

        /** Its step-{@code h} forecast. */
        double forecast(int h) {
            return stepValues[3 * (h - 1)];
        }

        /** The interval of its step-{@code h} forecast, if it had one. */
        Optional<Interval> interval(int h) {
            double lower = stepValues[3 * (h - 1) + 1];
            double upper = stepValues[3 * (h - 1) + 2];
            return Double.isNaN(lower) ? Optional.empty() : Optional.of(new Interval(lower, upper));
        }
    }

    /** A row and the bar whose forecast it scores. */
    private record Sourced(Row row, Bar source) {}

    /**
     * What a key's later rows look back to: its bars of the last horizon windows, whose forecasts
     * they score, and the actuals of a season and the horizon back, for the seasonal naive. The
     * actuals are two numbers a bar (a season of one-minute bars is 1,440 of them), in window order.
     */
    private final class LookBack {
        final TreeMap<Long, Bar> bars = new TreeMap<>();
        long[] ends = new long[16];
        double[] actuals = new double[16];
        int first;
        int size;

        void remember(Bar bar) {
            bars.put(bar.windowEnd, bar);
            bars.headMap(bar.windowEnd - horizon * windowMillis, false).clear();
            if (first + size == ends.length) {
                // Move the live part to the front, or grow when it fills more than half.
                int capacity = size * 2 > ends.length ? ends.length * 2 : ends.length;
                ends = Arrays.copyOf(Arrays.copyOfRange(ends, first, first + size), capacity);
                actuals = Arrays.copyOf(Arrays.copyOfRange(actuals, first, first + size), capacity);
                first = 0;
            }
            ends[first + size] = bar.windowEnd;
            actuals[first + size] = bar.actual;
            size++;
            // Keeps the newest bar at or before the look-back's reach, and every one after it.
            int keepFrom = floor(bar.windowEnd - lookBackMillis);
            if (keepFrom > first) {
                size -= keepFrom - first;
                first = keepFrom;
            }
        }

        Bar bar(long windowEnd) {
            return bars.get(windowEnd);
        }

        /** The actual of the newest bar ending at or before {@code t}, if one is still held. */
        OptionalDouble actualAtOrBefore(long t) {
            int i = floor(t);
            return i < 0 ? OptionalDouble.empty() : OptionalDouble.of(actuals[i]);
        }

        /** The index of the newest bar ending at or before {@code t}, -1 if none. */
        private int floor(long t) {
            int found = Arrays.binarySearch(ends, first, first + size, t);
            // Not found: binarySearch gives -(insertion point) - 1, and the floor is the bar before it.
            int floor = found >= 0 ? found : -found - 2;
            return floor >= first ? floor : -1;
        }
    }

    private final class KeyScores {
        final String key;
        final List<Comparison> steps = new ArrayList<>();
        final LookBack recent = new LookBack();
        Bar previous;
        /** Every bar from the key's first while its scoring start is unknown; then none. */
        final List<Bar> waiting = new ArrayList<>();
        boolean started;
        Optional<Integer> firstTrained = Optional.empty();
        long firstScoredEnd;
        double scale;
        IntervalCalibrator calibrator;
        IntervalState calibration;
        Bar lastCalibrated;
        /** As the forecaster's rule: a key never below 0 gets no bound below 0, the naive's included. */
        boolean neverNegative = true;

        KeyScores(String key) {
            this.key = key;
            for (int h = 0; h < horizon; h++) {
                steps.add(new Comparison(intervalLevel));
            }
        }

        List<Row> add(ForecastRecord record) {
            Bar bar = new Bar(record);
            List<Sourced> rows = rows(bar, previous, recent);
            recent.remember(bar);
            previous = bar;
            if (started) {
                score(bar, rows);
            } else {
                if (firstTrained.isEmpty() && bar.forecastKnown && bar.forecastOfActualVersion > 0) {
                    firstTrained = Optional.of(waiting.size());
                }
                waiting.add(bar);
                // From here on, neither the trained start nor the in-sample length can move.
                if (firstTrained.isPresent()
                        && waiting.size() >= Math.max(2L * inSampleBars, Math.max(2, inSampleBars) + 1)
                        && scoreFrom.map(t -> bar.windowEnd >= t.toEpochMilli()).orElse(true)) {
                    start();
                }
            }
            return rows.stream().map(Sourced::row).toList();
        }

        void finish() {
            if (!started) {
                start();
            }
        }

        /**
         * Fixes where scoring starts and the in-sample scale, and scores the bars that waited for
         * them, their rows rebuilt as they were when each came.
         */
        void start() {
            int n = waiting.size();
            int minimumInSample = Math.max(2, Math.min(inSampleBars, n / 2));
            firstScoredEnd = waiting.get(Math.min(minimumInSample, n - 1)).windowEnd;
            firstTrained.ifPresent(i -> firstScoredEnd = Math.max(firstScoredEnd, waiting.get(i).windowEnd));
            scoreFrom.ifPresent(t -> firstScoredEnd = Math.max(firstScoredEnd, t.toEpochMilli()));
            double inSampleSum = 0;
            int inSampleCount = 0;
            for (int i = 1; i < n && waiting.get(i).windowEnd < firstScoredEnd; i++) {
                inSampleSum += Math.abs(waiting.get(i).actual - waiting.get(i - 1).actual);
                inSampleCount++;
            }
            scale = inSampleCount > 0 ? inSampleSum / inSampleCount : Double.NaN;
            if (intervalLevel != 0) {
                calibrator = new IntervalCalibrator(new IntervalSpec(intervalLevel, 0, horizon));
                calibration = calibrator.newState();
            }
            started = true;
            LookBack replayed = new LookBack();
            Bar before = null;
            for (Bar bar : waiting) {
                List<Sourced> rows = rows(bar, before, replayed);
                replayed.remember(bar);
                before = bar;
                score(bar, rows);
            }
            waiting.clear();
        }

        void score(Bar bar, List<Sourced> rows) {
            bar.naiveIntervals = naiveIntervals(bar);
            for (Sourced sourced : rows) {
                Row r = sourced.row();
                if (scale > 0 && r.windowEnd() >= firstScoredEnd) {
                    Comparison c = steps.get(r.step() - 1);
                    c.add(r.actual(), r.forecast(), r.naive(), r.seasonalNaive(), scale);
                    if (r.step() == 1 && r.modelVersion() == 0) {
                        lastValueServed++;
                    }
                    Optional<Interval> naive = sourced.source().naiveIntervals.get(r.step() - 1);
                    if (r.interval().isPresent() && naive.isPresent()) {
                        c.addIntervals(r.actual(), r.interval().get(), naive.get(), scale);
                    }
                }
            }
        }

        /**
         * The naive forecast's intervals for steps 1..horizon made at this bar, from its own past
         * errors, in the key's MASE scale; none with intervals off. Forecasts in flight are dropped
         * over a gap, where no bar measured them.
         */
        List<Optional<Interval>> naiveIntervals(Bar bar) {
            if (calibrator == null) {
                return Collections.nCopies(horizon, Optional.empty());
            }
            if (lastCalibrated != null && lastCalibrated.forecastFor != bar.windowEnd) {
                calibrator.restart(calibration);
            }
            lastCalibrated = bar;
            double keyScale = scale > 0 ? scale : 1;
            calibrator.observe(calibration, bar.actual, keyScale);
            double[] naive = new double[horizon];
            Arrays.fill(naive, bar.actual);
            List<Optional<Interval>> intervals = calibrator.intervals(calibration, naive, OptionalDouble.of(keyScale));
            calibrator.remember(calibration, naive);
            neverNegative &= bar.actual >= 0;
            return neverNegative ? intervals.stream().map(i -> i.map(Interval::atLeastZero)).toList() : intervals;
        }

        /**
         * The rows {@code bar} completes, step 1 first, each with the bar that forecast it, looking
         * back to {@code before} (the key's previous bar) and {@code earlier} (the bars before it).
         */
        List<Sourced> rows(Bar bar, Bar before, LookBack earlier) {
            if (before == null) {
                return List.of();
            }
            List<Sourced> rows = new ArrayList<>(horizon);
            for (int h = 1; h <= horizon; h++) {
                Bar source = h == 1 ? before : earlier.bar(bar.windowEnd - h * windowMillis);
                if (source != null) {
                    row(bar, source, h, earlier).ifPresent(row -> rows.add(new Sourced(row, source)));
                }
            }
            return rows;
        }

        /** The row of {@code bar} at step {@code h}, forecast at {@code from}; empty if nothing forecast it. */
        Optional<Row> row(Bar bar, Bar from, int h, LookBack earlier) {
            boolean made = from.forecastAt(h, bar.windowEnd);
            double forecast;
            long version;
            if (h == 1) {
                if (!bar.forecastKnown) {
                    return Optional.empty();
                }
                forecast = bar.forecastOfActual;
                version = bar.forecastOfActualVersion;
            } else if (made) {
                forecast = from.forecast(h);
                version = from.modelVersion;
            } else {
                return Optional.empty();
            }
            double seasonal = earlier.actualAtOrBefore(bar.windowEnd - seasonsBack(h)).orElse(from.actual);
            Optional<Interval> interval = made ? from.interval(h) : Optional.empty();
            return Optional.of(new Row(key, bar.windowEnd, h, bar.actual, forecast, from.actual, seasonal,
                    version, interval, bar.anomaly));
        }
    }
}
