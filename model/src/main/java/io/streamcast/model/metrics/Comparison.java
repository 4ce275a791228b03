package io.streamcast.model.metrics;

/**
 * The model and both baselines scored on the same windows, for one key or for keys merged.
 * Every forecast is scaled by its key's in-sample naive MAE, so merged MASE stays scale-free.
 */
public final class Comparison {

    private final ErrorStats model = new ErrorStats();
    private final ErrorStats naive = new ErrorStats();
    private final ErrorStats seasonalNaive = new ErrorStats();

    public void add(double actual, double modelForecast, double naiveForecast, double seasonalForecast,
            double naiveScale) {
        model.add(actual, modelForecast, naiveScale);
        naive.add(actual, naiveForecast, naiveScale);
        seasonalNaive.add(actual, seasonalForecast, naiveScale);
    }

    public void merge(Comparison other) {
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

    /** 1 - model MAE / naive MAE: above 0 when the model beats the last value. */
    public double skill() {
        return 1 - model.mae() / naive.mae();
    }

    public boolean modelBeatsBoth() {
        return model.mase() < naive.mase() && model.mase() < seasonalNaive.mase();
    }
}
