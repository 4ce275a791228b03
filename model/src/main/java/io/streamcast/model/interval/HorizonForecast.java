package io.streamcast.model.interval;

import java.util.Optional;

/** The forecast of one step ahead: the window ending at {@code forecastFor}, with its interval. */
public record HorizonForecast(long forecastFor, double forecast, Optional<Interval> interval) {}
