package io.streamcast.model.forecast;

import io.streamcast.model.interval.IntervalState;

/**
 * Everything one key carries from window to window: its LSTM and scaler state, its recent inputs,
 * the last bar and the forecast made for the next window, the model version its LSTM state
 * belongs to, its interval statistics, and its model's record against the last value. A bean so
 * Flink keeps it as a POJO (a test keeps it one, within its share of a kilobyte at the defaults);
 * {@link BarForecaster} is the logic over it.
 */
public final class KeyTimeline {

    private KeyState lstm;
    private RecentBars recent;
    private long lastWindowEnd = Long.MIN_VALUE;
    private double lastValue;
    private double lastForecast = Double.NaN;
    private long modelVersion;
    /** The window length the bars are of; 0 in state written before it was recorded. */
    private long windowMillis;
    /** Null in state written before intervals existed; the forecaster then starts them afresh. */
    private IntervalState intervals;
    /**
     * Whether every value of this key so far has been 0 or more: then its forecasts and interval
     * bounds are too. False in state written before it was recorded, which cannot know.
     */
    private boolean neverNegative;
    /** Null in state written before the model was judged against the last value; then started afresh. */
    private FallbackState fallback;

    public KeyTimeline() {}

    KeyTimeline(KeyState lstm, RecentBars recent, long windowMillis, IntervalState intervals) {
        this.lstm = lstm;
        this.recent = recent;
        this.windowMillis = windowMillis;
        this.intervals = intervals;
        this.neverNegative = true;
        this.fallback = new FallbackState();
    }

    public boolean isNew() {
        return lastWindowEnd == Long.MIN_VALUE;
    }

    public KeyState getLstm() {
        return lstm;
    }

    public void setLstm(KeyState lstm) {
        this.lstm = lstm;
    }

    public RecentBars getRecent() {
        return recent;
    }

    public void setRecent(RecentBars recent) {
        this.recent = recent;
    }

    public long getLastWindowEnd() {
        return lastWindowEnd;
    }

    public void setLastWindowEnd(long lastWindowEnd) {
        this.lastWindowEnd = lastWindowEnd;
    }

    public double getLastValue() {
        return lastValue;
    }

    public void setLastValue(double lastValue) {
        this.lastValue = lastValue;
    }

    /**
     * The forecast of the window after the last bar: made at that bar, or after a restart the last
     * value itself; NaN before the key's first bar.
     */
    public double getLastForecast() {
        return lastForecast;
    }

    public void setLastForecast(double lastForecast) {
        this.lastForecast = lastForecast;
    }

    public long getModelVersion() {
        return modelVersion;
    }

    public void setModelVersion(long modelVersion) {
        this.modelVersion = modelVersion;
    }

    public long getWindowMillis() {
        return windowMillis;
    }

    public void setWindowMillis(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    public boolean isNeverNegative() {
        return neverNegative;
    }

    public void setNeverNegative(boolean neverNegative) {
        this.neverNegative = neverNegative;
    }

    public FallbackState getFallback() {
        return fallback;
    }

    public void setFallback(FallbackState fallback) {
        this.fallback = fallback;
    }

    public IntervalState getIntervals() {
        return intervals;
    }

    public void setIntervals(IntervalState intervals) {
        this.intervals = intervals;
    }
}
