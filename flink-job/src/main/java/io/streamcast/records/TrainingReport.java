package io.streamcast.records;

import io.streamcast.model.training.ChallengerTrial;
import java.util.Locale;

/**
 * One retraining: when (event time), on how many windows (trained on, held out) and for how many
 * epochs, how well the challenger fit its training windows and the held-out newest windows
 * (scaled absolute error), the champion's error on the same held-out windows (the naive forecast's when
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
        return builder().trainedAt(trainedAt).windows(outcome.trainingWindows(), outcome.holdoutWindows())
                .epochs(outcome.training().epochs()).trainLoss(outcome.training().trainLoss())
                .heldOutErrors(outcome.challengerLoss(), outcome.championLoss(), outcome.naiveLoss())
                .accepted(outcome.accepted()).version(version).seconds(outcome.training().seconds()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named parts instead of eleven positional numbers; what is not set is 0 (or not accepted). */
    public static final class Builder {
        private long trainedAt;
        private int trainingWindows;
        private int holdoutWindows;
        private int epochs;
        private double trainLoss;
        private double validationLoss;
        private double championValidationLoss;
        private double naiveValidationLoss;
        private boolean accepted;
        private long version;
        private double seconds;

        private Builder() {}

        public Builder trainedAt(long trainedAt) {
            this.trainedAt = trainedAt;
            return this;
        }

        public Builder windows(int training, int holdout) {
            this.trainingWindows = training;
            this.holdoutWindows = holdout;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder trainLoss(double trainLoss) {
            this.trainLoss = trainLoss;
            return this;
        }

        /** The held-out windows' error of the challenger, of the champion and of the naive forecast. */
        public Builder heldOutErrors(double challenger, double champion, double naive) {
            this.validationLoss = challenger;
            this.championValidationLoss = champion;
            this.naiveValidationLoss = naive;
            return this;
        }

        public Builder accepted(boolean accepted) {
            this.accepted = accepted;
            return this;
        }

        /** The accepted challenger's version, or the champion's that stays. */
        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public Builder seconds(double seconds) {
            this.seconds = seconds;
            return this;
        }

        public TrainingReport build() {
            return new TrainingReport(trainedAt, trainingWindows, holdoutWindows, epochs, trainLoss, validationLoss,
                    championValidationLoss, naiveValidationLoss, accepted, version, seconds);
        }
    }
}
