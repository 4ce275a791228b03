package io.streamcast.model.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.model.TestData;
import io.streamcast.model.data.Series;
import io.streamcast.model.scaling.ScalingSpec;
import io.streamcast.model.training.OfflineTraining;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LstmTrainerTest {

    private static final LstmConfig SMALL = LstmConfig.defaults().withHiddenSize(8).withEpochs(2).withTbpttLength(10);
    private static final List<Series> BIRTHS = TestData.daily("us_births.csv").stream()
            .map(s -> TestData.tail(s, 300)).toList();

    @Test
    void sameSeedAndDataGiveTheSameWeights() {
        LstmWeights a = train(SMALL).weights();
        LstmWeights b = train(SMALL).weights();
        LstmWeights otherSeed = train(SMALL.withSeed(7)).weights();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(otherSeed);
    }

    @Test
    void trainingLowersTheLossAndWarmStartContinuesFromTheGivenWeights() {
        LstmConfig config = SMALL.withEpochs(1);
        TrainingResult first = train(config);
        TrainingResult more = LstmTrainer.train(config, ScalingSpec.defaults(), windows(config), List.of(), first.weights());
        TrainingResult fresh = train(config);
        assertThat(more.trainLoss()).isLessThan(first.trainLoss());
        assertThat(fresh.weights()).isEqualTo(first.weights());
        assertThat(more.sequenceSteps()).isPositive();
    }

    @Test
    void anInterruptedTrainingStopsPromptly() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread training = new Thread(() -> {
            try {
                train(SMALL.withEpochs(10_000));
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
        LstmWeights eight = train(SMALL.withEpochs(1)).weights();
        assertThatThrownBy(() -> LstmTrainer.train(SMALL.withHiddenSize(16), ScalingSpec.defaults(), windows(SMALL), List.of(), eight))
                .hasMessageContaining("warm start weights have layers 2, hidden 8,").hasMessageContaining("asks for layers 2, hidden 16,");
    }

    @Test
    void earlyStoppingEndsWhenTheHeldOutScoreStopsImprovingAndKeepsTheBestEpoch() {
        List<TrainingWindow> all = windows(SMALL);
        int cut = all.size() * 4 / 5;
        List<TrainingWindow> holdout = all.subList(cut, all.size());
        LstmConfig config = SMALL.withEpochs(200).withLearningRate(0.05);
        TrainingResult result = LstmTrainer.train(config, ScalingSpec.defaults(), all.subList(0, cut), holdout, null);

        assertThat(result.epochs()).as("epochs run of 200").isLessThan(200).isGreaterThan(LstmTrainer.PATIENCE);
        assertThat(result.heldOutLoss()).as("the kept weights' held-out score")
                .isEqualTo(WindowLoss.scaledMae(result.weights(), holdout));
        for (int epochs = 1; epochs <= result.epochs(); epochs++) {
            TrainingResult shorterRun = LstmTrainer.train(config.withEpochs(epochs), ScalingSpec.defaults(),
                    all.subList(0, cut), List.of(), null);
            assertThat(shorterRun.heldOutLoss()).as("no held-out windows, no held-out score").isNaN();
            LstmWeights shorter = shorterRun.weights();
            assertThat(WindowLoss.scaledMae(result.weights(), holdout))
                    .as("kept weights vs those after %d epochs", epochs)
                    .isLessThanOrEqualTo(WindowLoss.scaledMae(shorter, holdout));
        }
    }

    @Test
    void fewWindowsAreCutIntoSmallerMinibatchesForSeveralUpdatesPerEpoch() {
        LstmConfig config = SMALL.withMinibatchSize(64);
        assertThat(LstmTrainer.minibatchSize(config, 10_000)).isEqualTo(64);
        assertThat(LstmTrainer.minibatchSize(config, 100)).isEqualTo(25);
        assertThat(LstmTrainer.minibatchSize(config, 10)).as("never below 8").isEqualTo(8);
        assertThat(LstmTrainer.minibatchSize(SMALL.withMinibatchSize(4), 100)).as("never above the option").isEqualTo(4);
    }

    @Test
    void noWindowsAreRefusedClearly() {
        assertThatThrownBy(() -> LstmTrainer.train(SMALL, ScalingSpec.defaults(), List.of(), List.of(), null))
                .hasMessageContaining("no training windows");
    }

    private static TrainingResult train(LstmConfig config) {
        return LstmTrainer.train(config, ScalingSpec.defaults(), windows(config), List.of(), null);
    }

    private static List<TrainingWindow> windows(LstmConfig config) {
        return OfflineTraining.windows(config, ScalingSpec.defaults(), BIRTHS);
    }
}
