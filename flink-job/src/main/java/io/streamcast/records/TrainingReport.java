package io.streamcast.records;

/**
 * One retraining: when (event time), how well the challenger fit its training bars and the
 * held-out recent bars (scaled MSE), the champion's error on the same held-out bars (NaN when
 * there was none), and whether it replaced the champion, as which version.
 */
public record TrainingReport(long trainedAt, double trainLoss, double validationLoss,
        double championValidationLoss, boolean accepted, long version, double seconds) {}
