package io.streamcast.model.lstm;

import java.util.Arrays;

/**
 * A run of consecutive steps of one key, exactly as its forecaster took them: step {@code i}'s
 * input is the key's bar scaled by its running scaler, with the calendar of the window being
 * forecast (starting at {@code firstForecastStart + i * windowMillis}), and its target is the
 * next bar in the same scale minus that input: the change the network is to forecast.
 *
 * <p>Built by {@link io.streamcast.model.training.WindowSampler} where the key lives; the trainer needs nothing else (no
 * scaler, no raw values), so what it learns from is what the forecaster will see.
 */
public record TrainingWindow(String key, long firstForecastStart, long windowMillis, float[] scaledValues,
        float[] targets) {

    public TrainingWindow {
        if (scaledValues.length != targets.length || scaledValues.length == 0) {
            throw new IllegalArgumentException("a window needs as many targets as inputs, and one at least; had "
                    + scaledValues.length + " and " + targets.length);
        }
    }

    public int length() {
        return targets.length;
    }

    /** The end of the window of the last target: nothing later went into this window. */
    public long end() {
        return firstForecastStart + (long) length() * windowMillis;
    }

    /** Writes step {@code i}'s input vector into {@code out}, as the forecaster encodes it. */
    public void input(int i, InputFeatures features, float[] out) {
        features.encode(scaledValues[i], firstForecastStart + i * windowMillis, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingWindow w && key.equals(w.key) && firstForecastStart == w.firstForecastStart
                && windowMillis == w.windowMillis && Arrays.equals(scaledValues, w.scaledValues)
                && Arrays.equals(targets, w.targets);
    }

    @Override
    public int hashCode() {
        return (key.hashCode() * 31 + Long.hashCode(firstForecastStart)) * 31 + Arrays.hashCode(targets);
    }

    @Override
    public String toString() {
        return "TrainingWindow{" + key + ", from " + firstForecastStart + ", " + length() + " steps}";
    }
}
