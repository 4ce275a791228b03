package io.streamcast.model.forecast;

/**
 * One key's record of its model against the last value, part of its checkpointed timeline: a
 * bean so Flink keeps it as a POJO; {@link NaiveFallback} is the logic over it.
 */
public final class FallbackState {

    /**
     * Exponentially weighted mean of the model's absolute one-step error minus the last value's,
     * in the key's own units (one mean of the difference rather than two means: the same
     * comparison, in half the state).
     */
    private double errorDifference;
    /**
     * One-step errors compared so far, counted up to {@link NaiveFallback#MIN_COMPARED} only (a
     * byte: a key's state is kept small).
     */
    private byte compared;
    /** The model's own forecast of the window after the last bar, served or not; NaN with none. */
    private double modelForecast = Double.NaN;
    /** Whether the forecast served for that window was the last value, in the model's place. */
    private boolean servedNaive;

    public FallbackState() {}

    public double getErrorDifference() {
        return errorDifference;
    }

    public void setErrorDifference(double errorDifference) {
        this.errorDifference = errorDifference;
    }

    public byte getCompared() {
        return compared;
    }

    public void setCompared(byte compared) {
        this.compared = compared;
    }

    public double getModelForecast() {
        return modelForecast;
    }

    public void setModelForecast(double modelForecast) {
        this.modelForecast = modelForecast;
    }

    public boolean isServedNaive() {
        return servedNaive;
    }

    public void setServedNaive(boolean servedNaive) {
        this.servedNaive = servedNaive;
    }
}
