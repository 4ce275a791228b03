package io.streamcast.local;

import io.streamcast.model.metrics.ErrorStats;
import io.streamcast.records.ForecastRecord;
import java.util.Map;
import java.util.TreeMap;

/**
 * One key's running accuracy: the mean absolute error of the model's one-step forecasts
 * ({@code forecastOfActual}) against those of the naive forecast (the previous window's actual)
 * and of the seasonal-naive forecast (the actual a season back, carried forward over gaps; the
 * naive before a full season, as the backtest scores it). Windows are scored from the first a
 * model (version 1 or later) forecast, so that the naive cold start does not count as the model's;
 * from then on every window counts, the last value included where it was served in the model's
 * place ({@code NaiveFallback}), since that is what the key was told.
 */
public final class RunningScore {

    private final long seasonMillis;
    private final ErrorStats model = new ErrorStats();
    private final ErrorStats naive = new ErrorStats();
    private final ErrorStats seasonalNaive = new ErrorStats();
    /** Actuals by window end, back to the season before the newest. */
    private final TreeMap<Long, Double> recent = new TreeMap<>();
    private boolean modelForecastBefore;

    /** @param seasonMillis the seasonal-naive forecast's look-back */
    public RunningScore(long seasonMillis) {
        if (seasonMillis <= 0) {
            throw new IllegalArgumentException("season must be positive, was " + seasonMillis + " ms");
        }
        this.seasonMillis = seasonMillis;
    }

    public void add(ForecastRecord record) {
        Map.Entry<Long, Double> previous = recent.lastEntry();
        if (record.forecastOfActual() != null && previous != null && modelForecastBefore) {
            Map.Entry<Long, Double> seasonAgo = recent.floorEntry(record.windowEnd() - seasonMillis);
            model.add(record.actual(), record.forecastOfActual(), 1);
            naive.add(record.actual(), previous.getValue(), 1);
            seasonalNaive.add(record.actual(), (seasonAgo != null ? seasonAgo : previous).getValue(), 1);
        }
        recent.put(record.windowEnd(), record.actual());
        // The bar at or before a season back stays: it is what the next window's seasonal naive reads.
        Long oldestNeeded = recent.floorKey(record.windowEnd() - seasonMillis);
        if (oldestNeeded != null) {
            recent.headMap(oldestNeeded, false).clear();
        }
        modelForecastBefore |= record.modelVersion() > 0;
    }

    /** Adds another key's scored windows to this one's (for totals). */
    public void merge(RunningScore other) {
        model.merge(other.model);
        naive.merge(other.naive);
        seasonalNaive.merge(other.seasonalNaive);
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

    public double seasonalNaiveMae() {
        return seasonalNaive.mae();
    }

    /** 1 - model MAE / naive MAE: above 0 the model beats the naive forecast; NaN if undefined. */
    public double skill() {
        return ErrorStats.skill(model, naive);
    }

    /** 1 - model MAE / seasonal-naive MAE; NaN if undefined. */
    public double seasonalSkill() {
        return ErrorStats.skill(model, seasonalNaive);
    }
}
