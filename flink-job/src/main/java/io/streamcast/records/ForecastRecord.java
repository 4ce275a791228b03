package io.streamcast.records;

import java.util.List;

/**
 * One key's window: what happened ({@code actual}), what had been forecast for it one step
 * earlier ({@code forecastOfActual}, null before the first forecast), and the forecast for the
 * window ending at {@code forecastFor}. Times are epoch milliseconds; {@code modelVersion} 0 is the
 * naive last-value forecast.
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
