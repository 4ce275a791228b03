package io.streamcast.records;

/**
 * One key's window: what happened ({@code actual}), what had been forecast for it one step
 * earlier ({@code forecastOfActual}, null before the first forecast), and the forecast for the
 * window ending at {@code forecastFor}. Times are epoch milliseconds; {@code modelVersion} 0 is the
 * naive last-value forecast.
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
        long ticks) {}
