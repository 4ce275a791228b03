package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.lstm.TrainingWindow;
import io.streamcast.model.training.ChallengerTrial;
import io.streamcast.model.training.SamplerState;
import io.streamcast.model.training.TrainingPool;
import io.streamcast.model.training.WindowSampler;
import io.streamcast.records.ModelUpdate;
import io.streamcast.records.TrainingReport;
import io.streamcast.testing.HarnessMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RetrainerTest {

    private static final long DAY = 86_400_000L;
    private static final long EVERY = 50 * DAY;
    private static final int DAYS = 230;
    private static final int KEYS = 6;

    private static final LstmConfig LSTM = LstmConfig.defaults().withHiddenSize(8).withEpochs(20).withTbpttLength(10);
    private static final JobConfig.TrainingSettings TRAINING = new JobConfig.TrainingSettings(1_000, 10, 1.0, 2_000);
    /** Points every 10 days, 2 epochs: many cheap trainings. */
    private static final JobConfig OFTEN = config(Duration.ofDays(1), LSTM.withEpochs(2), TRAINING, 10 * DAY);

    private static JobConfig config() {
        return config(Duration.ofDays(1), LSTM, TRAINING);
    }

    private static JobConfig config(Duration window, LstmConfig lstm, JobConfig.TrainingSettings training) {
        return config(window, lstm, training, EVERY);
    }

    private static JobConfig config(Duration window, LstmConfig lstm, JobConfig.TrainingSettings training, long every) {
        return JobConfig.builder(new KafkaSettings("unused:9092", "t", "f", "t-dlq", "g", "p", Map.of()))
                .window(window).lateness(Duration.ZERO).lstm(lstm).retrainEvery(Duration.ofMillis(every)).live(false)
                .training(training).warmupBars(16).checkpointInterval(Duration.ZERO).build();
    }

    /** A weekly cycle per key, 6 keys, cut into training windows as the sampler does, in time order. */
    private static List<TrainingWindow> windows(JobConfig config) {
        WindowSampler sampler = new WindowSampler(config.sample(), DAY, config.warmupBars(), config.scaling());
        List<SamplerState> states = new ArrayList<>();
        List<TrainingWindow> windows = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            for (int k = 0; k < KEYS; k++) {
                if (states.size() <= k) {
                    states.add(new SamplerState());
                }
                double value = 1000 * (k + 1) + 100 * Math.sin(2 * Math.PI * d / 7) + (d * 37 % 11);
                windows.addAll(sampler.onBar(states.get(k), "key-" + k, d * DAY, value));
            }
        }
        return windows;
    }

    private static List<TrainingWindow> windows() {
        return windows(config());
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, TrainingWindow, ModelUpdate> harness(JobConfig config,
            Retrainer.Training training) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Retrainer(config, training)), (TrainingWindow w) -> 0, Types.INT);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, TrainingWindow, ModelUpdate> harness() throws Exception {
        var harness = harness(config(), new Retrainer.ChallengerTraining(config()));
        harness.open();
        return harness;
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, TrainingWindow, ModelUpdate> restored(
            JobConfig config, OperatorSubtaskState snapshot) throws Exception {
        var harness = harness(config, new Retrainer.ChallengerTraining(config));
        harness.initializeState(snapshot);
        harness.open();
        return harness;
    }

    /** Each window arrives with the bar after it, and the watermark follows it. */
    private static void feed(KeyedOneInputStreamOperatorTestHarness<Integer, TrainingWindow, ModelUpdate> harness,
            TrainingWindow w, boolean watermark) throws Exception {
        harness.processElement(w, w.end() - 1);
        if (watermark) {
            harness.processWatermark(w.end() - 1);
        }
    }

    private static List<TrainingReport> reports(KeyedOneInputStreamOperatorTestHarness<Integer, TrainingWindow, ModelUpdate> h) {
        return h.getSideOutput(Retrainer.REPORTS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aRetrainingUsesAtMostThePoolWhateverTheNumberOfWindowsOffered() throws Exception {
        JobConfig small = config(Duration.ofDays(1), LSTM.withEpochs(2), new JobConfig.TrainingSettings(12, 10, 1.0, 2_000));
        // Clearly ahead of the naive forecast, so that every point with new held-out windows trains.
        var harness = harness(small, new AheadOfNaiveBy(0.5, new Retrainer.ChallengerTraining(small)));
        HarnessMetrics metrics = HarnessMetrics.of(harness);
        harness.open();
        List<TrainingWindow> windows = windows(small);
        for (TrainingWindow w : windows) {
            feed(harness, w, true);
        }
        List<TrainingReport> reports = reports(harness);
        assertThat(windows).hasSizeGreaterThan(50);
        assertThat(reports).hasSizeGreaterThan(1).allSatisfy(r -> {
            assertThat(r.trainingWindows() + r.holdoutWindows()).isEqualTo(12);
            assertThat(r.holdoutWindows()).isEqualTo(2);
        });
        assertThat(metrics.<Integer>gauge("trainingPoolWindows")).isEqualTo(12);
        harness.close();
    }

    @Test
    void restoringUnderAnotherWindowStopsTheJobWithoutRestarts() throws Exception {
        var harness = harness();
        for (TrainingWindow w : windows().subList(0, 3)) {
            feed(harness, w, false);
        }
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();

        JobConfig hourly = config(Duration.ofHours(1), LSTM, TRAINING);
        var restored = restored(hourly, snapshot);
        TrainingWindow next = windows(hourly).get(0);
        assertThatThrownBy(() -> restored.processElement(next, next.end() - 1))
                .isInstanceOf(SuppressRestartsException.class).rootCause()
                .hasMessageStartingWith("the restored state was written with --window PT24H, this job runs with --window PT1H; ");
        restored.close();
    }

    @Test
    void restoringAChampionOfAnotherShapeStopsTheJobWithoutRestarts() throws Exception {
        var harness = harness();
        List<TrainingWindow> windows = windows();
        for (TrainingWindow w : windows) {
            feed(harness, w, true);
            if (!harness.extractOutputValues().isEmpty()) {
                break;
            }
        }
        assertThat(harness.extractOutputValues()).as("a champion to restore").isNotEmpty();
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();

        var restored = restored(config(Duration.ofDays(1), LSTM.withLayers(1), TRAINING), snapshot);
        TrainingWindow next = windows.get(windows.size() - 1);
        assertThatThrownBy(() -> restored.processElement(next, next.end() - 1))
                .isInstanceOf(SuppressRestartsException.class).rootCause()
                .hasMessageStartingWith("the restored model has layers 2, hidden 8, features value-and-calendar-with-year, "
                        + "this job runs with layers 1, hidden 8, features value-and-calendar-with-year; ");
        restored.close();
    }

    @Test
    void retrainsAtEventTimePointsOnceEnoughWindowsExistAndPublishesWinners() throws Exception {
        var harness = harness();
        List<TrainingWindow> windows = windows();
        for (TrainingWindow w : windows) {
            feed(harness, w, true);
        }
        List<ModelUpdate> models = harness.extractOutputValues();
        List<TrainingReport> reports = reports(harness);

        // Points at multiples of 50 days, from the first by which 10 windows had ended, while
        // windows still come after it.
        long firstPoint = EVERY * (1 + (windows.get(TRAINING.minWindows() - 1).end() - 1) / EVERY);
        long lastWindow = windows.get(windows.size() - 1).end() - 1;
        List<Long> points = new ArrayList<>();
        for (long point = firstPoint; point <= lastWindow; point += EVERY) {
            points.add(point);
        }
        assertThat(points).hasSizeGreaterThan(1);
        assertThat(reports).extracting(TrainingReport::trainedAt).containsExactlyElementsOf(points);
        assertThat(models).isNotEmpty();
        assertThat(models.get(0).version()).isEqualTo(1);
        assertThat(models.get(0).effectiveFrom()).isEqualTo(reports.stream().filter(TrainingReport::accepted).findFirst().orElseThrow().trainedAt());
        assertThat(LstmWeights.fromBytes(models.get(0).weights()).config().hiddenSize()).isEqualTo(8);
        for (int i = 0; i < models.size(); i++) {
            assertThat(models.get(i).version()).isEqualTo(i + 1);
        }
        assertThat(reports.stream().filter(TrainingReport::accepted).count()).isEqualTo(models.size());
        assertThat(reports.get(0).championValidationLoss()).as("the naive baseline's").isPositive();
        assertThat(reports).allSatisfy(r -> assertThat(r.epochs()).isBetween(1, LSTM.epochs()));
        harness.close();
    }

    @Test
    void windowsThatRaceAheadOfTheWatermarkWaitSoReplayIsDeterministic() throws Exception {
        var stepwise = harness();
        var allAtOnce = harness();
        for (TrainingWindow w : windows()) {
            feed(stepwise, w, true);
            feed(allAtOnce, w, false);
        }
        allAtOnce.processWatermark(150 * DAY);
        allAtOnce.processWatermark(DAYS * DAY);
        List<ModelUpdate> a = stepwise.extractOutputValues();
        List<ModelUpdate> b = allAtOnce.extractOutputValues();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).weights()).isEqualTo(a.get(i).weights());
            assertThat(b.get(i).effectiveFrom()).isEqualTo(a.get(i).effectiveFrom());
        }
        stepwise.close();
        allAtOnce.close();
    }

    /** The real training, except that its second run fails with an Error, as native code or memory may. */
    private static final class SecondRunFails implements Retrainer.Training {
        private static final AtomicInteger RUNS = new AtomicInteger();
        private final Retrainer.Training real = new Retrainer.ChallengerTraining(config());

        @Override
        public ChallengerTrial.Outcome run(TrainingPool.Split windows, LstmWeights champion) {
            if (RUNS.incrementAndGet() == 2) {
                throw new OutOfMemoryError("simulated: native allocation failed");
            }
            return real.run(windows, champion);
        }
    }

    @Test
    void aTrainingThatThrowsAnErrorIsCountedAndTheChampionStays() throws Exception {
        SecondRunFails.RUNS.set(0);
        var harness = harness(config(), new SecondRunFails());
        HarnessMetrics metrics = HarnessMetrics.of(harness);
        harness.open();
        for (TrainingWindow w : windows()) {
            feed(harness, w, true);
        }
        List<TrainingReport> reports = reports(harness);

        assertThat(metrics.count("trainingsFailed")).isEqualTo(1);
        assertThat(reports).as("the failed one has no report").hasSizeGreaterThan(1);
        assertThat(reports.get(1).trainedAt() - reports.get(0).trainedAt()).as("the point between them failed")
                .isEqualTo(2 * EVERY);
        List<ModelUpdate> models = harness.extractOutputValues();
        for (int i = 0; i < models.size(); i++) {
            assertThat(models.get(i).version()).as("no version lost to the failure").isEqualTo(i + 1);
        }
        harness.close();
    }

    /** The real training, recording the oldest held-out window's end of every run. */
    private static final class RecordsHoldouts implements Retrainer.Training {
        private static final List<Long> OLDEST_HELD_OUT_ENDS = new ArrayList<>();
        private final Retrainer.Training real;

        RecordsHoldouts(JobConfig config) {
            this.real = new Retrainer.ChallengerTraining(config);
        }

        @Override
        public ChallengerTrial.Outcome run(TrainingPool.Split windows, LstmWeights champion) {
            OLDEST_HELD_OUT_ENDS.add(windows.holdout().get(0).end());
            return real.run(windows, champion);
        }
    }

    @Test
    void aPointTrainsOnlyWhenEveryHeldOutWindowIsNewerThanTheLastTraining() throws Exception {
        // Points every 10 days: 6 keys add 3 windows of 20 days a point, fewer than the pool's
        // held-out fifth once it holds more than 15.
        RecordsHoldouts.OLDEST_HELD_OUT_ENDS.clear();
        var harness = harness(OFTEN, new RecordsHoldouts(OFTEN));
        HarnessMetrics metrics = HarnessMetrics.of(harness);
        harness.open();
        for (TrainingWindow w : windows(OFTEN)) {
            feed(harness, w, true);
        }
        List<TrainingReport> reports = reports(harness);
        List<Long> oldestHeldOut = RecordsHoldouts.OLDEST_HELD_OUT_ENDS;

        assertThat(reports).hasSizeGreaterThan(2).hasSameSizeAs(oldestHeldOut);
        assertThat(metrics.count("retrainingsDeferred")).isPositive();
        for (int i = 1; i < reports.size(); i++) {
            assertThat(oldestHeldOut.get(i)).as("training %d's held-out windows", i)
                    .isGreaterThan(reports.get(i - 1).trainedAt());
        }
        assertThat(reports.get(reports.size() - 1).trainedAt() - reports.get(reports.size() - 2).trainedAt())
                .as("a grown pool waits more than one point").isGreaterThan(10 * DAY);
        harness.close();
    }

    /**
     * The real training, its outcome restated as a challenger that beat its champion and is
     * {@code skill} ahead of the naive forecast.
     */
    private record AheadOfNaiveBy(double skill, Retrainer.Training real) implements Retrainer.Training {
        @Override
        public ChallengerTrial.Outcome run(TrainingPool.Split windows, LstmWeights champion) {
            ChallengerTrial.Outcome o = real.run(windows, champion);
            double challengerLoss = 0.99 * o.championLoss();
            return new ChallengerTrial.Outcome(o.training(), o.trainingWindows(), o.holdoutWindows(), challengerLoss,
                    o.championLoss(), challengerLoss / (1 - skill));
        }
    }

    /** The real training, its outcome restated as a first challenger that lost to the naive forecast. */
    private record BehindNaive(Retrainer.Training real) implements Retrainer.Training {
        @Override
        public ChallengerTrial.Outcome run(TrainingPool.Split windows, LstmWeights champion) {
            ChallengerTrial.Outcome o = real.run(windows, champion);
            return new ChallengerTrial.Outcome(o.training(), o.trainingWindows(), o.holdoutWindows(),
                    1.01 * o.naiveLoss(), o.naiveLoss(), o.naiveLoss());
        }
    }

    private static List<Long> trainingPoints(double skill) throws Exception {
        return trainingPoints(new AheadOfNaiveBy(skill, new Retrainer.ChallengerTraining(OFTEN)));
    }

    private static List<Long> trainingPoints(Retrainer.Training training) throws Exception {
        var harness = harness(OFTEN, training);
        harness.open();
        for (TrainingWindow w : windows(OFTEN)) {
            feed(harness, w, true);
        }
        List<Long> points = reports(harness).stream().map(TrainingReport::trainedAt).toList();
        harness.close();
        return points;
    }

    @Test
    void aModelBarelyAheadOfTheNaiveForecastRetrainsLessOften() throws Exception {
        List<Long> barely = trainingPoints(Retrainer.PAYING_SKILL / 2);
        List<Long> clearly = trainingPoints(0.5);

        assertThat(barely).hasSizeGreaterThan(1);
        for (int i = 1; i < barely.size(); i++) {
            assertThat(barely.get(i) - barely.get(i - 1)).as("gap before training %d", i)
                    .isGreaterThanOrEqualTo(Retrainer.IDLE_POINTS * 10 * DAY);
        }
        assertThat(clearly).as("trained at more points").hasSizeGreaterThan(barely.size());
        assertThat(clearly.get(1) - clearly.get(0)).as("the next point that has new held-out windows")
                .isLessThan(Retrainer.IDLE_POINTS * 10 * DAY);
    }

    @Test
    void aFirstChallengerThatLosesToTheNaiveForecastMakesTheNextTrainingWaitToo() throws Exception {
        List<Long> behind = trainingPoints(new BehindNaive(new Retrainer.ChallengerTraining(OFTEN)));
        List<Long> clearly = trainingPoints(0.5);

        assertThat(behind).hasSizeGreaterThan(1);
        for (int i = 1; i < behind.size(); i++) {
            assertThat(behind.get(i) - behind.get(i - 1)).as("gap before training %d", i)
                    .isGreaterThanOrEqualTo(Retrainer.IDLE_POINTS * 10 * DAY);
        }
        assertThat(clearly.get(1) - clearly.get(0)).isLessThan(Retrainer.IDLE_POINTS * 10 * DAY);
    }
}
