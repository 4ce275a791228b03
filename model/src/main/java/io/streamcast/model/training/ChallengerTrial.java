package io.streamcast.model.training;

import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmTrainer;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.lstm.TrainingResult;
import io.streamcast.model.lstm.WindowLoss;
import io.streamcast.model.scaling.ScalingSpec;

/**
 * One retraining: a challenger is trained on the pool's older windows, warm-started from the
 * champion when their shapes agree and stopped early on the newest windows, and both are scored
 * on those held-out windows. With no champion yet, the bar to clear is the naive forecast's error
 * on the same windows, so a poor first model never replaces the cold start.
 */
public final class ChallengerTrial {

    /** The trial's result; {@code championLoss} is the naive forecast's when there was no champion. */
    public record Outcome(TrainingResult training, int trainingWindows, int holdoutWindows,
            double challengerLoss, double championLoss) {

        public boolean accepted() {
            return challengerLoss < championLoss;
        }

        public LstmWeights challenger() {
            return training.weights();
        }
    }

    private ChallengerTrial() {}

    /** @throws IllegalArgumentException when the split leaves nothing to train on */
    public static Outcome run(LstmConfig config, ScalingSpec scaling, TrainingPool.Split windows, LstmWeights champion) {
        LstmWeights warmStart = champion != null && champion.config().sameShapeAs(config) ? champion : null;
        TrainingResult result = LstmTrainer.train(config, scaling, windows.training(), windows.holdout(), warmStart);
        double challengerLoss = WindowLoss.scaledMse(result.weights(), windows.holdout());
        double championLoss = champion != null
                ? WindowLoss.scaledMse(champion, windows.holdout())
                : WindowLoss.naiveScaledMse(windows.holdout());
        return new Outcome(result, windows.training().size(), windows.holdout().size(), challengerLoss, championLoss);
    }
}
