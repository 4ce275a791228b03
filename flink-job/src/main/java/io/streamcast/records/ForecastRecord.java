package io.streamcast.records;

import java.util.List;

/**
 * One key's window: what happened ({@code actual}), what had been forecast for it
 * ({@code forecastOfActual}, null only for a key's first window) and by which model version
 * ({@code forecastOfActualVersion}), and the forecast for the window ending at {@code forecastFor},
 * made by {@code modelVersion}. Times are epoch milliseconds; version 0 is the naive last-value
 * forecast: before any model, for a key's first window after a gap longer than
 * {@code --warmup-bars} windows, and for a key its model has been forecasting worse than the last
 * value would have (see {@code NaiveFallback}; off with {@code --no-naive-fallback}).
 *
 * @param lower lower bound of the forecast's interval at {@code --interval}; null with intervals off
 * @param upper its upper bound
 * @param anomaly this window's actual fell outside the {@code --anomaly-level} interval forecast
 *     for it one step earlier, or within a flagged run under {@code --anomaly-policy hold}, the one
 *     the run's first window was judged against (false with nothing forecast for it, or flags off)
 * @param anomalyScore how far outside that interval, in its widths (0 inside)
 * @param steps the forecasts of the next {@code --horizon} windows, the next first (its values
 *     are {@code forecastFor}, {@code forecast}, {@code lower} and {@code upper})
 */
public record ForecastRecord(
        String key,
        long windowStart,
        long windowEnd,
        double actual,
        Double forecastOfActual,
        Long forecastOfActualVersion,
        double forecast,
        long forecastFor,
        long modelVersion,
        long ticks,
        Double lower,
        Double upper,
        boolean anomaly,
        double anomalyScore,
        List<Step> steps) {

    /** The forecast of one window ahead; bounds null with intervals off. */
    public record Step(long forecastFor, double forecast, Double lower, Double upper) {}
}
