package io.streamcast.model.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.model.TestData;
import io.streamcast.model.data.Series;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LstmTrainerTest {

    private static final LstmConfig SMALL = LstmConfig.defaults().withHiddenSize(8).withEpochs(2).withTbpttLength(10);
    private static final List<Series> BIRTHS = TestData.daily("us_births.csv").stream()
            .map(s -> TestData.tail(s, 300)).toList();

    @Test
    void sameSeedAndDataGiveTheSameWeights() {
        LstmWeights a = LstmTrainer.train(SMALL, ScalingSpec.defaults(), BIRTHS).weights();
        LstmWeights b = LstmTrainer.train(SMALL, ScalingSpec.defaults(), BIRTHS).weights();
        LstmWeights otherSeed = LstmTrainer.train(SMALL.withSeed(7), ScalingSpec.defaults(), BIRTHS).weights();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(otherSeed);
    }

    @Test
    void trainingLowersTheLossAndWarmStartContinuesFromTheGivenWeights() {
        LstmConfig config = SMALL.withEpochs(1);
        TrainingResult first = LstmTrainer.train(config, ScalingSpec.defaults(), BIRTHS);
        TrainingResult more = LstmTrainer.train(config, ScalingSpec.defaults(), BIRTHS, first.weights());
        TrainingResult fresh = LstmTrainer.train(config, ScalingSpec.defaults(), BIRTHS);
        assertThat(more.trainLoss()).isLessThan(first.trainLoss());
        assertThat(fresh.weights()).isEqualTo(first.weights());
        assertThat(more.sequenceSteps()).isPositive();
    }

    @Test
    void anInterruptedTrainingStopsPromptly() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread training = new Thread(() -> {
            try {
                LstmTrainer.train(SMALL.withEpochs(10_000), ScalingSpec.defaults(), BIRTHS);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        training.start();
        Thread.sleep(500);
        assertThat(training.isAlive()).as("still training").isTrue();
        long interrupted = System.nanoTime();
        training.interrupt();
        training.join(10_000);

        assertThat(training.isAlive()).isFalse();
        assertThat((System.nanoTime() - interrupted) / 1e9).as("seconds to stop").isLessThan(5);
        assertThat(thrown.get()).isInstanceOf(TrainingInterruptedException.class)
                .hasMessageStartingWith("training interrupted in epoch ").hasMessageEndingWith(" of 10000");
    }

    @Test
    void warmStartMustMatchTheShape() {
        LstmWeights eight = LstmTrainer.train(SMALL.withEpochs(1), ScalingSpec.defaults(), BIRTHS).weights();
        assertThatThrownBy(() -> LstmTrainer.train(SMALL.withHiddenSize(16), ScalingSpec.defaults(), BIRTHS, eight))
                .hasMessageContaining("warm start weights have layers 2, hidden 8,").hasMessageContaining("asks for layers 2, hidden 16,");
    }

    @Test
    void tooShortSeriesAreRefusedClearly() {
        Series tiny = BIRTHS.get(0).slice(0, 5);
        assertThatThrownBy(() -> LstmTrainer.train(SMALL, ScalingSpec.defaults(), List.of(tiny)))
                .hasMessageContaining("no series is long enough");
    }
}
