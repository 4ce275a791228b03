package io.streamcast.model.training;

import io.streamcast.model.scaling.RunningScaler;

/**
 * One key's state in the training sampler: its scaler and last bar (to step through gaps as the
 * forecaster does) and the training window being filled, if any. A bean so Flink keeps it as a
 * POJO; between windows the arrays are null, so most keys cost a few dozen bytes.
 */
public final class SamplerState {

    /** Null for a key not seen yet (or restarted). */
    private RunningScaler scaler;
    private long lastWindowEnd;
    private double lastValue;
    /** The window being filled: its inputs and targets so far; null between windows. */
    private float[] scaledValues;
    private float[] targets;
    private int filled;
    private long firstForecastStart;

    public SamplerState() {}

    boolean isStarted() {
        return scaler != null;
    }

    boolean isFilling() {
        return scaledValues != null;
    }

    void restart() {
        scaler = null;
        stopFilling();
    }

    void stopFilling() {
        scaledValues = null;
        targets = null;
        filled = 0;
    }

    public RunningScaler getScaler() {
        return scaler;
    }

    public void setScaler(RunningScaler scaler) {
        this.scaler = scaler;
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

    public float[] getScaledValues() {
        return scaledValues;
    }

    public void setScaledValues(float[] scaledValues) {
        this.scaledValues = scaledValues;
    }

    public float[] getTargets() {
        return targets;
    }

    public void setTargets(float[] targets) {
        this.targets = targets;
    }

    public int getFilled() {
        return filled;
    }

    public void setFilled(int filled) {
        this.filled = filled;
    }

    public long getFirstForecastStart() {
        return firstForecastStart;
    }

    public void setFirstForecastStart(long firstForecastStart) {
        this.firstForecastStart = firstForecastStart;
    }
}
