package io.streamcast.records;

import io.streamcast.model.training.ChallengerTrial;

/**
 * One retraining: when (event time), on how many windows (trained on, held out) and for how many
 * epochs, how well the challenger fit its training windows and the held-out newest windows
 * (scaled MSE), the champion's error on the same held-out windows (the naive forecast's when
 * there was none), and whether it replaced the champion, as which version.
 */
public record TrainingReport(long trainedAt, int trainingWindows, int holdoutWindows, int epochs, double trainLoss,
        double validationLoss, double championValidationLoss, boolean accepted, long version, double seconds) {

    public static TrainingReport of(long trainedAt, ChallengerTrial.Outcome outcome, long version) {
        return new TrainingReport(trainedAt, outcome.trainingWindows(), outcome.holdoutWindows(),
                outcome.training().epochs(), outcome.training().trainLoss(), outcome.challengerLoss(),
                outcome.championLoss(), outcome.accepted(), version, outcome.training().seconds());
    }
}
