package io.streamcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.TestData;
import io.streamcast.model.data.Series;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.TrainingWindow;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengerTrialTest {

    private static final List<Series> BIRTHS = TestData.daily("us_births.csv").stream()
            .map(s -> TestData.tail(s, 1_000)).toList();
    private static final LstmConfig CONFIG = LstmConfig.defaults().withHiddenSize(16).withEpochs(4).withTbpttLength(20);

    private static TrainingPool.Split split(LstmConfig config) {
        TrainingPool pool = new TrainingPool(10_000, config.seed());
        for (TrainingWindow w : OfflineTraining.windows(config, ScalingSpec.defaults(), BIRTHS)) {
            pool.offer(w);
        }
        return pool.split(0.2);
    }

    @Test
    void aTrainedChallengerBeatsTheNaiveColdStartOnHeldOutWindows() {
        ChallengerTrial.Outcome outcome = ChallengerTrial.run(CONFIG, ScalingSpec.defaults(), split(CONFIG), null);
        assertThat(outcome.holdoutWindows()).isPositive();
        assertThat(outcome.trainingWindows()).isGreaterThan(outcome.holdoutWindows());
        assertThat(outcome.challengerLoss()).isLessThan(outcome.championLoss());
        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.championLoss()).as("no champion: the naive forecast's").isEqualTo(outcome.naiveLoss());
        assertThat(outcome.keptSkill()).as("the weekly cycle the last value misses (measured 0.18)")
                .isEqualTo(1 - outcome.challengerLoss() / outcome.naiveLoss()).isGreaterThan(0.1);
    }

    @Test
    void aChallengerThatIsWorseThanTheChampionIsRefused() {
        ChallengerTrial.Outcome strong = ChallengerTrial.run(CONFIG.withEpochs(8), ScalingSpec.defaults(), split(CONFIG), null);
        // One epoch from scratch at a different shape cannot warm-start and is far weaker.
        LstmConfig weakConfig = CONFIG.withHiddenSize(4).withEpochs(1).withLearningRate(1e-4);
        ChallengerTrial.Outcome weak = ChallengerTrial.run(weakConfig, ScalingSpec.defaults(), split(CONFIG), strong.challenger());
        assertThat(weak.championLoss()).isEqualTo(strong.challengerLoss());
        assertThat(weak.accepted()).isFalse();
        assertThat(weak.keptSkill()).as("the champion's, which stays").isEqualTo(strong.keptSkill());
    }
}
