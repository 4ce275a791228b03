package io.streamcast.model.training;

import io.streamcast.model.data.Series;
import io.streamcast.model.forecast.Validation;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmTrainer;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.lstm.TrainingResult;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One retraining: a challenger is trained on every key's history but its newest
 * {@code holdoutBars}, warm-started from the champion when their shapes agree, and both are scored
 * on those held-out bars. With no champion yet, the bar to clear is the naive forecast's error on
 * the same bars, so a poor first model never replaces the cold start.
 */
public final class ChallengerTrial {

    /** The trial's result; {@code championLoss} is the naive forecast's when there was no champion. */
    public record Outcome(TrainingResult training, double challengerLoss, double championLoss) {

        public boolean accepted() {
            return challengerLoss < championLoss;
        }

        public LstmWeights challenger() {
            return training.weights();
        }
    }

    private ChallengerTrial() {}

    public static Outcome run(LstmConfig config, ScalingSpec scaling, List<Series> history,
            LstmWeights champion, int holdoutBars) {
        List<Series> training = new ArrayList<>();
        for (Series s : history) {
            training.add(s.slice(0, Math.max(0, s.length() - holdoutBars)));
        }
        LstmWeights warmStart = champion != null && champion.config().sameShapeAs(config) ? champion : null;
        TrainingResult result = LstmTrainer.train(config, scaling, training, warmStart);
        double challengerLoss = Validation.scaledMse(result.weights(), history, holdoutBars);
        double championLoss = champion != null
                ? Validation.scaledMse(champion, history, holdoutBars)
                : Validation.naiveScaledMse(scaling, history, holdoutBars);
        return new Outcome(result, challengerLoss, championLoss);
    }
}
