package io.streamcast.model.scaling;

import java.util.OptionalDouble;

/**
 * Per-key standardisation from the past only: z = (y - mean) / std, where mean and variance are
 * exponentially weighted over the bars seen so far, including the current one.
 *
 * <p>Why this form: it needs no look-ahead (training computes exactly the same running statistics
 * as live inference, bar by bar), it follows level shifts within about a span of bars, and it
 * puts keys of any scale (a price of 3, a count of 30,000, a temperature below zero) on one
 * footing. Until {@code span} bars are seen the weights are those of a plain running mean, so a
 * young key is not dominated by its first bar. A floor on the deviation keeps a constant series
 * finite (it scales to 0), and clipping bounds what a sudden shift can feed the network. The
 * floor is relative to the key's level, never an absolute amount, so that a key's unit does not
 * matter: a series measured in picofarads scales as it would in farads.
 *
 * <p>A mutable bean on purpose: it is per-key state, stepped on every bar and kept in Flink's
 * keyed state as a POJO. The {@link ScalingSpec} comes with the model, so it is passed in.
 */
public final class RunningScaler {

    /** Bars a key needs before its statistics mean much; training and validation skip them. */
    public static final int WARMUP_BARS = 8;

    private static final double RELATIVE_STD_FLOOR = 1e-4;
    /** Only for a key that was 0 so far, which has no level to be relative to. */
    private static final double ZERO_LEVEL_STD_FLOOR = Double.MIN_NORMAL;

    private long count;
    private double mean;
    private double variance;

    public RunningScaler() {}

    public RunningScaler(long count, double mean, double variance) {
        this.count = count;
        this.mean = mean;
        this.variance = variance;
    }

    /** Adds one bar to the statistics. */
    public void observe(ScalingSpec spec, double y) {
        count++;
        double alpha = Math.max(spec.alpha(), 1.0 / count);
        double delta = y - mean;
        mean += alpha * delta;
        // West's incremental form of the exponentially weighted variance.
        variance = (1 - alpha) * (variance + alpha * delta * delta);
    }

    public float scale(ScalingSpec spec, double y) {
        double z = (y - mean) / std();
        return (float) Math.max(-spec.clip(), Math.min(spec.clip(), z));
    }

    public double unscale(double z) {
        return mean + z * std();
    }

    /** The deviation, once there is one: a key's first bar gives none (it is only the floor then). */
    public OptionalDouble deviation() {
        return count < 2 ? OptionalDouble.empty() : OptionalDouble.of(std());
    }

    public double std() {
        double floor = Math.max(ZERO_LEVEL_STD_FLOOR, RELATIVE_STD_FLOOR * Math.abs(mean));
        return Math.max(Math.sqrt(variance), floor);
    }

    public RunningScaler copy() {
        return new RunningScaler(count, mean, variance);
    }

    public long getCount() {
        return count;
    }

    public void setCount(long count) {
        this.count = count;
    }

    public double getMean() {
        return mean;
    }

    public void setMean(double mean) {
        this.mean = mean;
    }

    public double getVariance() {
        return variance;
    }

    public void setVariance(double variance) {
        this.variance = variance;
    }
}
