package io.streamcast.model.interval;

import java.io.Serializable;

/**
 * What a key's forecasts carry besides the point forecast.
 *
 * @param level coverage of the emitted interval (0.9 = 90%); 0 emits none
 * @param anomalyLevel coverage of the wider interval whose misses flag a bar; 0 flags none
 * @param horizon windows forecast ahead at every bar, 1 to {@link #MAX_HORIZON}
 * @param anomalyPolicy what a flagged bar does to its key
 */
public record IntervalSpec(double level, double anomalyLevel, int horizon, AnomalyPolicy anomalyPolicy)
        implements Serializable {

    /**
     * A key's interval state grows with the horizon squared (the forecasts in flight) and linearly
     * (an error histogram per step): about 7 KB per key at 24, against under 1 KB at 1.
     */
    public static final int MAX_HORIZON = 24;

    public IntervalSpec {
        if (level < 0 || level >= 1 || anomalyLevel < 0 || anomalyLevel >= 1) {
            throw new IllegalArgumentException("levels must be in [0, 1), were " + level + " and " + anomalyLevel);
        }
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw new IllegalArgumentException("horizon must be 1 to " + MAX_HORIZON + ", was " + horizon);
        }
        if (anomalyPolicy == null) {
            throw new IllegalArgumentException("anomalyPolicy must be given");
        }
    }

    /** With the default anomaly policy. */
    public IntervalSpec(double level, double anomalyLevel, int horizon) {
        this(level, anomalyLevel, horizon, AnomalyPolicy.defaults());
    }

    public static IntervalSpec defaults() {
        return new IntervalSpec(0.9, 0.99, 1);
    }

    public boolean emitsIntervals() {
        return level > 0;
    }

    public boolean flagsAnomalies() {
        return anomalyLevel > 0;
    }
}
