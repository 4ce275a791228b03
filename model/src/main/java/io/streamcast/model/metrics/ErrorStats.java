package io.streamcast.model.metrics;

/**
 * Running accuracy of one forecaster over (actual, forecast) pairs: MAE, RMSE, sMAPE and MASE.
 * Each pair comes with its key's MASE scale (see {@link Baselines#naiveScale}), so results of
 * keys of different sizes merge into one scale-free MASE. sMAPE is in percent (0 to 200), a pair
 * of zeros counting as a perfect forecast.
 */
public final class ErrorStats {

    private long n;
    private double sumAbs;
    private double sumSq;
    private double sumSmape;
    private double sumScaledAbs;

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
}
