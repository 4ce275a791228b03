package io.streamcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.TestData;
import io.streamcast.model.data.Series;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengerTrialTest {

    private static final List<Series> BIRTHS = TestData.daily("us_births.csv").stream()
            .map(s -> TestData.tail(s, 400)).toList();
    private static final LstmConfig CONFIG = LstmConfig.defaults().withHiddenSize(16).withEpochs(4).withTbpttLength(20);

    @Test
    void aTrainedChallengerBeatsTheNaiveColdStartOnHeldOutBars() {
        ChallengerTrial.Outcome outcome = ChallengerTrial.run(CONFIG, ScalingSpec.defaults(), BIRTHS, null, 50);
        assertThat(outcome.challengerLoss()).isLessThan(outcome.championLoss());
        assertThat(outcome.accepted()).isTrue();
    }

    @Test
    void aChallengerThatIsWorseThanTheChampionIsRefused() {
        ChallengerTrial.Outcome strong = ChallengerTrial.run(CONFIG.withEpochs(8), ScalingSpec.defaults(), BIRTHS, null, 50);
        // One epoch from scratch at a different shape cannot warm-start and is far weaker.
        ChallengerTrial.Outcome weak = ChallengerTrial.run(CONFIG.withHiddenSize(4).withEpochs(1).withLearningRate(1e-4),
                ScalingSpec.defaults(), BIRTHS, strong.challenger(), 50);
        assertThat(weak.championLoss()).isEqualTo(strong.challengerLoss());
        assertThat(weak.accepted()).isFalse();
    }
}
