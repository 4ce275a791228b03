package io.streamcast.model.metrics;

import io.streamcast.model.interval.Interval;

/**
 * The model and both baselines scored on the same windows, for one key or for keys merged, and
 * the model's intervals against those of the naive forecast at the same level.
 * Every forecast is scaled by its key's in-sample naive MAE, so merged MASE stays scale-free.
 */
public final class Comparison {

    private final ErrorStats model = new ErrorStats();
    private final ErrorStats naive = new ErrorStats();
    private final ErrorStats seasonalNaive = new ErrorStats();
    private final IntervalStats modelInterval;
    private final IntervalStats naiveInterval;

    /** @param intervalLevel the level the intervals scored here are of */
    public Comparison(double intervalLevel) {
        modelInterval = new IntervalStats(intervalLevel);
        naiveInterval = new IntervalStats(intervalLevel);
    }

    public void add(double actual, double modelForecast, double naiveForecast, double seasonalForecast,
            double naiveScale) {
        model.add(actual, modelForecast, naiveScale);
        naive.add(actual, naiveForecast, naiveScale);
        seasonalNaive.add(actual, seasonalForecast, naiveScale);
    }

    /** A window's intervals: the model's and the naive forecast's from its own past errors. */
    public void addIntervals(double actual, Interval model, Interval naive, double naiveScale) {
        modelInterval.add(actual, model, naiveScale);
        naiveInterval.add(actual, naive, naiveScale);
    }

    public void merge(Comparison other) {
        modelInterval.merge(other.modelInterval);
        naiveInterval.merge(other.naiveInterval);
        model.merge(other.model);
        naive.merge(other.naive);
        seasonalNaive.merge(other.seasonalNaive);
    }

    public ErrorStats model() {
        return model;
    }

    public ErrorStats naive() {
        return naive;
    }

    public ErrorStats seasonalNaive() {
        return seasonalNaive;
    }

    public IntervalStats modelInterval() {
        return modelInterval;
    }

    public IntervalStats naiveInterval() {
        return naiveInterval;
    }

    /** 1 - model MAE / naive MAE: above 0 when the model beats the last value. */
    public double skill() {
        return ErrorStats.skill(model, naive);
    }

    public boolean modelBeatsBoth() {
        return model.mase() < naive.mase() && model.mase() < seasonalNaive.mase();
    }
}
