package io.streamcast.local;

import io.streamcast.model.metrics.ErrorStats;
import io.streamcast.records.ForecastRecord;

/**
 * One key's running accuracy: the mean absolute error of the model's one-step forecasts
 * ({@code forecastOfActual}) against that of the naive forecast (the previous window's actual).
 * A window is scored only when a model (version 1 or later) made its forecast, so that the naive
 * cold start does not count as the model's.
 */
public final class RunningScore {

    private final ErrorStats model = new ErrorStats();
    private final ErrorStats naive = new ErrorStats();
    private Double previousActual;
    private long previousVersion;

    public void add(ForecastRecord record) {
        if (record.forecastOfActual() != null && previousActual != null && previousVersion > 0) {
            model.add(record.actual(), record.forecastOfActual(), 1);
            naive.add(record.actual(), previousActual, 1);
        }
        previousActual = record.actual();
        previousVersion = record.modelVersion();
    }

    /** Adds another key's scored windows to this one's (for totals). */
    public void merge(RunningScore other) {
        model.merge(other.model);
        naive.merge(other.naive);
    }

    public long count() {
        return model.count();
    }

    public double modelMae() {
        return model.mae();
    }

    public double naiveMae() {
        return naive.mae();
    }

    /** 1 - model MAE / naive MAE: above 0 the model beats the naive forecast; NaN if undefined. */
    public double skill() {
        return ErrorStats.skill(model, naive);
    }
}
