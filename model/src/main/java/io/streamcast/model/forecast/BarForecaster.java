package io.streamcast.model.forecast;

import io.streamcast.model.scaling.ScalingSpec;

/**
 * The per-key forecasting rule of the streaming job, free of Flink: one step per window interval.
 *
 * <ul>
 *   <li>Gaps: a window without ticks repeats the last bar (carry forward), so the LSTM still steps
 *       once per interval; a gap longer than the recent-bar buffer starts the key afresh instead
 *       of stepping through, say, a month of copies.
 *   <li>Cold start: until there is a model (version 0) the forecast is the last value; the scaler
 *       and the recent bars are kept up to date all the same.
 *   <li>Hot swap: the first time a key meets a newer model its LSTM state is rebuilt from its
 *       recent bars, since the old state means nothing to new weights.
 *   <li>Non-finite output: a model forecast that is NaN or infinite (diverged weights, an
 *       overflow) is replaced by the naive forecast and counted, and the key's LSTM state, which
 *       such an output leaves meaningless, is zeroed. A forecast is always finite.
 * </ul>
 */
public final class BarForecaster {

    /**
     * What one bar produced for its key. {@code forecastOfActual} is NaN when nothing had been
     * forecast; {@code nonFiniteForecasts} counts the steps (this bar's and a gap's) whose model
     * output was not finite and was replaced by the naive forecast.
     */
    public record Step(double forecastOfActual, double forecast, long forecastFor, long modelVersion,
            int nonFiniteForecasts) {}

    private final long windowMillis;
    private final int recentBars;
    private final ScalingSpec coldStartScaling;

    /**
     * @param coldStartScaling how the scaler runs before any model brings its own convention
     *     (the one the job trains with)
     */
    public BarForecaster(long windowMillis, int recentBars, ScalingSpec coldStartScaling) {
        if (windowMillis <= 0 || recentBars < 1) {
            throw new IllegalArgumentException("window must be positive and recentBars at least 1");
        }
        this.windowMillis = windowMillis;
        this.recentBars = recentBars;
        this.coldStartScaling = coldStartScaling;
    }

    /** A fresh timeline whose LSTM state fits {@code model} (null for none yet). */
    public KeyTimeline newTimeline(KeyForecaster model) {
        int stateSize = model == null ? 0 : model.stateSize();
        return new KeyTimeline(new KeyState(stateSize), new RecentBars(recentBars), windowMillis);
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
        if (model != null && version == t.getModelVersion() && t.getLstm().getHidden().length != model.stateSize()) {
            throw IncompatibleStateException.lstmState(t.getLstm().getHidden().length, version, model.stateSize());
        }
        t.setWindowMillis(windowMillis);
        long windowEnd = windowStart + windowMillis;
        int nonFinite = 0;
        if (!t.isNew()) {
            if (windowStart < t.getLastWindowEnd()) {
                throw new IllegalArgumentException("bar for window starting " + windowStart
                        + " arrived after the window ending " + t.getLastWindowEnd());
            }
            long missing = (windowStart - t.getLastWindowEnd()) / windowMillis;
            if (missing > recentBars) {
                restart(t, model);
            } else {
                for (long w = 0; w < missing; w++) {
                    nonFinite += advance(t, t.getLastValue(), t.getLastWindowEnd() + windowMillis, model, version);
                }
            }
        }
        double forecastOfActual = t.getLastForecast();
        nonFinite += advance(t, value, windowEnd, model, version);
        return new Step(forecastOfActual, t.getLastForecast(), windowEnd + windowMillis, t.getModelVersion(),
                nonFinite);
    }

    /**
     * One interval: {@code value} is the bar of the window ending at {@code windowEnd}, and the
     * forecast (left in the timeline) is for the window starting there. Returns 1 when the model's
     * output was not finite and the naive forecast stood in, else 0.
     */
    private int advance(KeyTimeline t, double value, long windowEnd, KeyForecaster model, long version) {
        KeyState lstm = t.getLstm();
        if (model != null && version != t.getModelVersion()) {
            model.rewarm(lstm, t.getRecent().valuesOldestFirst(), t.getRecent().nextWindowStartsOldestFirst());
        }
        t.setModelVersion(model == null ? 0 : version);
        double forecast;
        int nonFinite = 0;
        if (model == null) {
            lstm.getScaler().observe(coldStartScaling, value);
            forecast = value;
        } else {
            forecast = model.observe(lstm, value, windowEnd);
            if (!Double.isFinite(forecast)) {
                lstm.resetLstm(model.stateSize());
                forecast = value;
                nonFinite = 1;
            }
        }
        t.getRecent().add(value, windowEnd);
        t.setLastValue(value);
        t.setLastWindowEnd(windowEnd);
        t.setLastForecast(forecast);
        return nonFinite;
    }

    private void restart(KeyTimeline t, KeyForecaster model) {
        KeyTimeline fresh = newTimeline(model);
        t.setLstm(fresh.getLstm());
        t.setRecent(fresh.getRecent());
        t.setLastWindowEnd(Long.MIN_VALUE);
        t.setLastForecast(Double.NaN);
        t.setModelVersion(0);
    }
}
