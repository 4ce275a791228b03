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

    /**
     * The trial's result: the held-out error of the challenger, of the champion (the naive
     * forecast's when there was none) and of the naive forecast.
     */
    public record Outcome(TrainingResult training, int trainingWindows, int holdoutWindows,
            double challengerLoss, double championLoss, double naiveLoss) {

        public boolean accepted() {
            return challengerLoss < championLoss;
        }

        /**
         * How far the model kept after the trial (the challenger if accepted, else the champion)
         * is ahead of the naive forecast on the held-out windows: 1 - its error / the naive's; 0
         * when no model beat the naive forecast yet or the held-out targets are all 0.
         */
        public double keptSkill() {
            double kept = accepted() ? challengerLoss : championLoss;
            return naiveLoss > 0 ? Math.max(0, 1 - kept / naiveLoss) : 0;
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
        // The trainer scored the weights it kept on these windows already, to stop early.
        double challengerLoss = result.heldOutLoss();
        double naiveLoss = WindowLoss.naiveScaledMae(windows.holdout());
        double championLoss = champion != null ? WindowLoss.scaledMae(champion, windows.holdout()) : naiveLoss;
        return new Outcome(result, windows.training().size(), windows.holdout().size(), challengerLoss, championLoss,
                naiveLoss);
    }
}
