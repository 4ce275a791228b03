package io.streamcast.model.forecast;

import io.streamcast.model.interval.AnomalyVerdict;
import io.streamcast.model.interval.HorizonForecast;
import io.streamcast.model.interval.Interval;
import io.streamcast.model.interval.IntervalCalibrator;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.DoubleUnaryOperator;

/**
 * The per-key forecasting rule of the streaming job, free of Flink: one step per window interval.
 *
 * <ul>
 *   <li>Gaps ({@link Gaps}): a window without ticks repeats the last bar (carry forward), so the
 *       LSTM still steps once per interval; a gap longer than the recent-bar buffer starts the key
 *       afresh instead of stepping through, say, a month of copies. The first window after such a
 *       gap is forecast naively all the same (the last value, by version 0), so every bar but a
 *       key's very first has a forecast of it.
 *   <li>Cold start: until there is a model (version 0) the forecast is the last value; the scaler
 *       and the recent inputs are kept up to date all the same.
 *   <li>Hot swap: the first time a key meets a newer model its LSTM state is rebuilt from its
 *       recent inputs ({@link RecentBars}), since the old state means nothing to new weights.
 *   <li>Fallback ({@link NaiveFallback}): while a key's model has forecast it worse than the
 *       last value would have, over its recent windows, the key is served the last value (by
 *       version 0) and its model goes on stepping and being judged.
 *   <li>Non-finite output: a model forecast that is NaN or infinite (diverged weights, an
 *       overflow) is replaced by the naive forecast and counted, and the key's LSTM state, which
 *       such an output leaves meaningless, is zeroed. The same holds for every step of the horizon
 *       and for interval bounds: a bound that is not finite is replaced by the bound around the
 *       naive forecast, and if that is not finite either (values near a double's range), by the
 *       forecast itself. Everything emitted is finite.
 *   <li>Never negative: a key none of whose values so far has been negative (rainfall, counts,
 *       prices) gets no negative forecast nor bound; the model's output is raised to 0, and the
 *       horizon's later steps continue from the forecast so raised. Its errors are those of the
 *       forecasts emitted, so the intervals describe what the key was told.
 *   <li>Intervals and flags ({@link IntervalCalibrator}): a bar's actual is judged against the
 *       wider interval of its one-step forecast and then recorded as an error of every step that
 *       forecast it; a gap's carried-forward bars are not actuals and record nothing. The
 *       statistics survive model swaps and restarts (they describe the key, not a model).
 *   <li>Horizon: steps 2..H iterate the LSTM on its own forecasts on a copy of the key's state
 *       ({@link KeyForecaster#path}); the naive cold start forecasts the last value at every step.
 * </ul>
 */
public final class BarForecaster {

    /**
     * What one bar produced for its key. {@code forecastOfActual} is NaN for a key's first bar,
     * which nothing forecast, and {@code forecastOfActualVersion} the version that made it (0: the
     * last value, as after a restart or in the model's place); {@code horizon} holds steps 1..H,
     * the next window first, made by {@code modelVersion} (0 likewise); {@code anomaly} is the
     * verdict on this bar's actual (empty with no forecast for it in the statistics, or with flags
     * off); {@code nonFiniteForecasts} counts the forecasts and bounds (this bar's and a gap's)
     * that were not finite and were replaced.
     */
    public record Step(double forecastOfActual, long forecastOfActualVersion, List<HorizonForecast> horizon,
            Optional<AnomalyVerdict> anomaly, long modelVersion, int nonFiniteForecasts) {

        public double forecast() {
            return horizon.get(0).forecast();
        }

        public long forecastFor() {
            return horizon.get(0).forecastFor();
        }

        public Optional<Interval> interval() {
            return horizon.get(0).interval();
        }
    }

    private record Advance(List<HorizonForecast> horizon, int nonFinite) {}

    private final long windowMillis;
    private final int recentBars;
    private final ScalingSpec coldStartScaling;
    private final IntervalCalibrator calibrator;
    private final NaiveFallback fallback;

    /**
     * @param coldStartScaling how the scaler runs before any model brings its own convention
     *     (the one the job trains with)
     * @param fallback when a key is served the last value in its model's place
     */
    public BarForecaster(long windowMillis, int recentBars, ScalingSpec coldStartScaling, IntervalSpec intervals,
            NaiveFallback fallback) {
        if (windowMillis <= 0 || recentBars < 1) {
            throw new IllegalArgumentException("window must be positive and recentBars at least 1");
        }
        this.windowMillis = windowMillis;
        this.recentBars = recentBars;
        this.coldStartScaling = coldStartScaling;
        this.calibrator = new IntervalCalibrator(intervals);
        this.fallback = fallback;
    }

    /** A fresh timeline whose LSTM state fits {@code model} (null for none yet). */
    public KeyTimeline newTimeline(KeyForecaster model) {
        int stateSize = model == null ? 0 : model.stateSize();
        return new KeyTimeline(new KeyState(stateSize), new RecentBars(recentBars), windowMillis,
                calibrator.newState());
    }

    /**
     * Feeds one bar. Bars of a key must come in window order, each at most once.
     *
     * @param model the model in force for this bar, or null for the naive cold start
     * @param version its version (0 with no model)
     * @throws IncompatibleStateException for a timeline restored from a job with another window
     *     or whose LSTM state does not fit the model of its version
     */
    public Step onBar(KeyTimeline t, long windowStart, double value, KeyForecaster model, long version) {
        if (t.getWindowMillis() != 0 && t.getWindowMillis() != windowMillis) {
            throw IncompatibleStateException.window(t.getWindowMillis(), windowMillis);
        }
        if (model != null && version == t.getModelVersion() && t.getLstm().lstmSize() != model.stateSize()) {
            throw IncompatibleStateException.lstmState(t.getLstm().lstmSize(), version, model.stateSize());
        }
        t.setWindowMillis(windowMillis);
        t.setIntervals(calibrator.adopt(t.getIntervals()));
        if (t.getFallback() == null) {
            t.setFallback(new FallbackState());
        }
        if (!t.getRecent().hasRing()) {
            t.setRecent(new RecentBars(recentBars));
        }
        long windowEnd = windowStart + windowMillis;
        int nonFinite = 0;
        if (!t.isNew()) {
            OptionalLong carried = Gaps.carried(t.getLastWindowEnd(), windowStart, windowMillis, recentBars);
            if (carried.isEmpty()) {
                restart(t, model);
            } else {
                for (long w = 0; w < carried.getAsLong(); w++) {
                    nonFinite += advance(t, t.getLastValue(), t.getLastWindowEnd() + windowMillis, model, version)
                            .nonFinite();
                }
            }
        }
        double forecastOfActual = t.getLastForecast();
        long forecastOfActualVersion = servedVersion(t);
        Optional<AnomalyVerdict> anomaly = calibrator.observe(t.getIntervals(), value, t.getLstm().getScaler().std());
        NaiveFallback.judge(t.getFallback(), value, t.getLastValue());
        Advance advance = advance(t, value, windowEnd, model, version);
        return new Step(forecastOfActual, forecastOfActualVersion, advance.horizon(), anomaly, servedVersion(t),
                nonFinite + advance.nonFinite());
    }

    /** The version that made the forecasts of the last bar: 0 where the last value was served. */
    private static long servedVersion(KeyTimeline t) {
        return t.getFallback().isServedNaive() ? 0 : t.getModelVersion();
    }

    /**
     * One interval: {@code value} is the bar of the window ending at {@code windowEnd}, and the
     * forecasts (the first left in the timeline) are for the windows from there on.
     */
    private Advance advance(KeyTimeline t, double value, long windowEnd, KeyForecaster model, long version) {
        KeyState lstm = t.getLstm();
        if (model != null && version != t.getModelVersion()) {
            model.rewarm(lstm, t.getRecent().inputsOldestFirst(), t.getLastWindowEnd(), windowMillis);
        }
        t.setModelVersion(model == null ? 0 : version);
        int horizon = calibrator.spec().horizon();
        // Before a model the scaler runs with the convention the job trains with, then with the model's.
        ScalingSpec scaling = model == null ? coldStartScaling : model.scaling();
        lstm.getScaler().observe(scaling, value);
        float scaled = lstm.getScaler().scale(scaling, value);
        t.setNeverNegative(t.isNeverNegative() && value >= 0);
        DoubleUnaryOperator emitted = t.isNeverNegative() ? f -> Math.max(0, f) : DoubleUnaryOperator.identity();
        double first = Double.NaN;
        if (model != null) {
            first = model.forecast(lstm, scaled, windowEnd);
            if (!Double.isFinite(first)) {
                lstm.resetLstm(model.stateSize());
            }
        }
        boolean lastValueServed = fallback.servesNaive(t.getFallback(), emitted.applyAsDouble(first));
        double[] forecasts;
        if (model == null || lastValueServed) {
            forecasts = new double[horizon];
            Arrays.fill(forecasts, value);
        } else {
            forecasts = model.path(lstm, first, windowEnd, windowMillis, horizon, emitted);
        }
        int nonFinite = 0;
        for (int s = 0; s < horizon; s++) {
            if (!Double.isFinite(forecasts[s])) {
                forecasts[s] = value;
                nonFinite++;
            }
        }
        List<Optional<Interval>> intervals = calibrator.intervals(t.getIntervals(), forecasts,
                lstm.getScaler().deviation());
        List<HorizonForecast> out = new ArrayList<>(horizon);
        for (int s = 0; s < horizon; s++) {
            Optional<Interval> interval = intervals.get(s);
            if (interval.isPresent() && !interval.get().isFinite()) {
                nonFinite++;
                forecasts[s] = value;
                Interval aroundNaive = Interval.around(value, interval.get().width() / 2);
                interval = Optional.of(aroundNaive.isFinite() ? aroundNaive : Interval.around(value, 0));
            }
            if (t.isNeverNegative()) {
                interval = interval.map(Interval::atLeastZero);
            }
            out.add(new HorizonForecast(windowEnd + (s + 1) * windowMillis, forecasts[s], interval));
        }
        calibrator.remember(t.getIntervals(), forecasts);
        t.getRecent().add(scaled);
        t.setLastValue(value);
        t.setLastWindowEnd(windowEnd);
        t.setLastForecast(forecasts[0]);
        return new Advance(List.copyOf(out), nonFinite);
    }

    /**
     * Starts the key afresh but for its last value, which is the naive forecast of the window
     * after the gap. That forecast is not one the statistics judge or learn from: a gap's error is
     * not a one-step error.
     */
    private void restart(KeyTimeline t, KeyForecaster model) {
        KeyTimeline fresh = newTimeline(model);
        t.setLstm(fresh.getLstm());
        t.setRecent(fresh.getRecent());
        t.setLastWindowEnd(Long.MIN_VALUE);
        t.setLastForecast(t.getLastValue());
        t.setModelVersion(0);
        NaiveFallback.restart(t.getFallback());
        calibrator.restart(t.getIntervals());
    }
}
