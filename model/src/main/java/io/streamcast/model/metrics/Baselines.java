package io.streamcast.model.metrics;

/**
 * The naive forecasts every model must beat, and the MASE scale. Each forecast of {@code y[t]}
 * reads only {@code y[0 .. t-1]}.
 */
public final class Baselines {

    private Baselines() {}

    /** Last value: the forecast of y[t] is y[t-1]. */
    public static double naive(double[] y, int t) {
        return y[t - 1];
    }

    /** Seasonal naive with period m: the forecast of y[t] is y[t-m]; before a full season, the last value. */
    public static double seasonalNaive(double[] y, int t, int period) {
        return t >= period ? y[t - period] : y[t - 1];
    }

    /** In-sample MAE of the one-step naive forecast over y[from .. to), the MASE denominator. */
    public static double naiveScale(double[] y, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int t = Math.max(from, 1); t < to; t++) {
            sum += Math.abs(y[t] - y[t - 1]);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
