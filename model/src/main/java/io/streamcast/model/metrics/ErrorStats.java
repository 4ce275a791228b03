package io.streamcast.model.metrics;

/**
 * Running accuracy of one forecaster over (actual, forecast) pairs: MAE, RMSE, sMAPE and MASE.
 * The one scoring code path: training validation ({@code WindowLoss}), the holdout
 * evaluation, the backtest and the demo's scoreboard all score through it (and
 * {@link IntervalStats} for intervals). Each pair comes with its key's scale (for MASE, see
 * {@link Baselines#naiveScale}; validation uses the key's running deviation), so results of keys
 * of different sizes merge into one scale-free score. sMAPE is in percent (0 to 200), a pair of
 * zeros counting as a perfect forecast. Every score of no pairs is NaN.
 */
public final class ErrorStats {

    private long n;
    private double sumAbs;
    private double sumSq;
    private double sumSmape;
    private double sumScaledAbs;

    /** @param naiveScale what the error is divided by for the scaled scores */
    public void add(double actual, double forecast, double naiveScale) {
        double err = Math.abs(actual - forecast);
        double denom = Math.abs(actual) + Math.abs(forecast);
        n++;
        sumAbs += err;
        sumSq += err * err;
        sumSmape += denom == 0 ? 0 : 200 * err / denom;
        sumScaledAbs += err / naiveScale;
    }

    public void merge(ErrorStats other) {
        n += other.n;
        sumAbs += other.sumAbs;
        sumSq += other.sumSq;
        sumSmape += other.sumSmape;
        sumScaledAbs += other.sumScaledAbs;
    }

    public long count() {
        return n;
    }

    public double mae() {
        return n == 0 ? Double.NaN : sumAbs / n;
    }

    public double rmse() {
        return n == 0 ? Double.NaN : Math.sqrt(sumSq / n);
    }

    public double smape() {
        return n == 0 ? Double.NaN : sumSmape / n;
    }

    /** Mean absolute scaled error: the mean of |error| / the pair's in-sample naive MAE. */
    public double mase() {
        return n == 0 ? Double.NaN : sumScaledAbs / n;
    }

    /**
     * 1 - model MAE / baseline MAE: above 0 when the model beats the baseline; NaN with nothing
     * scored or a perfect baseline.
     */
    public static double skill(ErrorStats model, ErrorStats baseline) {
        return model.n == 0 || baseline.mae() == 0 ? Double.NaN : 1 - model.mae() / baseline.mae();
    }
}
