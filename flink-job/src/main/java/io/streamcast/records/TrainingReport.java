package io.streamcast.records;

import io.streamcast.model.training.ChallengerTrial;
import java.util.Locale;

/**
 * One retraining: when (event time), on how many windows (trained on, held out) and for how many
 * epochs, how well the challenger fit its training windows and the held-out newest windows
 * (scaled MSE), the champion's error on the same held-out windows (the naive forecast's when
 * there was none) and the naive forecast's, and whether it replaced the champion, as which version.
 */
public record TrainingReport(long trainedAt, int trainingWindows, int holdoutWindows, int epochs, double trainLoss,
        double validationLoss, double championValidationLoss, double naiveValidationLoss, boolean accepted, long version,
        double seconds) {

    /**
     * The retraining in a line a user reads in the log, e.g. {@code accepted as model v3: held-out
     * error 0.04580 against model v2's 0.04864 (the naive forecast's 0.3120); 18 training windows
     * (4 held out), 8 epochs, 7.8 s}.
     */
    public String summary() {
        long championVersion = accepted ? version - 1 : version;
        String champion = championVersion == 0 ? "the naive forecast" : "model v" + championVersion;
        String verdict = accepted ? "accepted as model v" + version : "not better, " + champion + " stays";
        String naive = championVersion == 0 ? ""
                : String.format(Locale.ROOT, " (the naive forecast's %.4g)", naiveValidationLoss);
        return String.format(Locale.ROOT,
                "%s: held-out error %.4g against %s's %.4g%s; %d training windows (%d held out), %d epochs, %.1f s",
                verdict, validationLoss, champion, championValidationLoss, naive, trainingWindows, holdoutWindows, epochs,
                seconds);
    }

    public static TrainingReport of(long trainedAt, ChallengerTrial.Outcome outcome, long version) {
        return new TrainingReport(trainedAt, outcome.trainingWindows(), outcome.holdoutWindows(),
                outcome.training().epochs(), outcome.training().trainLoss(), outcome.challengerLoss(),
                outcome.championLoss(), outcome.naiveLoss(), outcome.accepted(), version, outcome.training().seconds());
    }
}
