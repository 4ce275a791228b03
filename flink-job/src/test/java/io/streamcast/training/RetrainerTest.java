package io.streamcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import io.streamcast.model.data.Series;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.training.ChallengerTrial;
import io.streamcast.records.Bar;
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
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RetrainerTest {

    private static final long DAY = 86_400_000L;
    private static final long EVERY = 50 * DAY;
    private static final int DAYS = 230;

    private static final LstmConfig LSTM = LstmConfig.defaults().withHiddenSize(8).withEpochs(20).withTbpttLength(20);

    private static JobConfig config() {
        return config(Duration.ofDays(1), LSTM);
    }

    private static JobConfig config(Duration window, LstmConfig lstm) {
        return config(window, lstm, new JobConfig.HistoryLimits(10, 500, 100, 20), Duration.ofDays(365));
    }

    private static JobConfig config(Duration window, LstmConfig lstm, JobConfig.HistoryLimits history, Duration ttl) {
        return JobConfig.builder(new KafkaSettings("unused:9092", "t", "f", "t-dlq", "g", "p", Map.of()))
                .window(window).lateness(Duration.ZERO).lstm(lstm).retrainEvery(Duration.ofMillis(EVERY)).live(false)
                .history(history).warmupBars(16).checkpointInterval(Duration.ZERO).stateTtl(ttl).build();
    }

    /** A weekly cycle per key, 2 keys. */
    private static List<Bar> bars() {
        List<Bar> bars = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            for (int k = 0; k < 2; k++) {
                double value = 1000 * (k + 1) + 100 * Math.sin(2 * Math.PI * d / 7) + (d * 37 % 11);
                bars.add(new Bar("key-" + k, d * DAY, (d + 1) * DAY, value, 1));
            }
        }
        return bars;
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, Bar, ModelUpdate> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new Retrainer(config()), bar -> 0, Types.INT);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, Bar, ModelUpdate> restored(
            JobConfig config, OperatorSubtaskState snapshot) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Retrainer(config)), (Bar bar) -> 0, Types.INT);
        harness.initializeState(snapshot);
        harness.open();
        return harness;
    }

    @Test
    void idleKeysLoseTheirHistoryAndFreeTheirPlaceForNewKeys() throws Exception {
        // Room for three keys, no training (no key reaches 400 bars), a TTL of 20 days.
        JobConfig config = config(Duration.ofDays(1), LSTM, new JobConfig.HistoryLimits(3, 500, 400, 20), Duration.ofDays(20));
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Retrainer(config)), (Bar bar) -> 0, Types.INT);
        HarnessMetrics metrics = HarnessMetrics.of(harness);
        harness.open();
        for (int d = 0; d < DAYS; d++) {
            List<String> keys = new ArrayList<>(List.of("active"));
            if (d < 60) {
                keys.add("stops"); // newest bar ends at day 60, 40 days before the point at 100
            }
            if (d < 85 || d > 95) {
                keys.add("pauses"); // idle from day 85 to 96: within the TTL
            }
            if (d >= 95) {
                keys.add("new"); // no room until "stops" expires at the point at 100
            }
            for (String key : keys) {
                harness.processElement(new Bar(key, d * DAY, (d + 1) * DAY, 1000 + d, 1), (d + 1) * DAY - 1);
            }
            harness.processWatermark((d + 1) * DAY - 1);
            if (d == 99) {
                assertThat(metrics.count("expiredKeys")).as("before the point at 100 days").isZero();
                assertThat(metrics.count("keysNotTrainedOn")).as("days 95 to 99 of \"new\"").isEqualTo(5);
            }
        }
        assertThat(metrics.count("expiredKeys")).as("only \"stops\"").isEqualTo(1);
        assertThat(metrics.count("keysNotTrainedOn")).as("\"new\" took the place of \"stops\"").isEqualTo(5);
        harness.close();
    }

    @Test
    void restoringUnderAnotherWindowStopsTheJobWithoutRestarts() throws Exception {
        var harness = harness();
        for (Bar bar : bars().subList(0, 20)) {
            harness.processElement(bar, bar.windowEnd() - 1);
        }
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();

        var restored = restored(config(Duration.ofHours(1), LSTM), snapshot);
        Bar hourly = new Bar("key-0", 30 * DAY, 30 * DAY + 3_600_000, 1, 1);
        assertThatThrownBy(() -> restored.processElement(hourly, hourly.windowEnd() - 1))
                .isInstanceOf(SuppressRestartsException.class).rootCause()
                .hasMessageStartingWith("the restored state was written with --window PT24H, this job runs with --window PT1H; ");
        restored.close();
    }

    @Test
    void restoringAChampionOfAnotherShapeStopsTheJobWithoutRestarts() throws Exception {
        var harness = harness();
        for (Bar bar : bars()) {
            harness.processElement(bar, bar.windowEnd() - 1);
            harness.processWatermark(bar.windowEnd() - 1);
            if (!harness.extractOutputValues().isEmpty()) {
                break;
            }
        }
        assertThat(harness.extractOutputValues()).as("a champion to restore").isNotEmpty();
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();

        var restored = restored(config(Duration.ofDays(1), LSTM.withLayers(1)), snapshot);
        Bar next = bars().get(bars().size() - 1);
        assertThatThrownBy(() -> restored.processElement(next, next.windowEnd() - 1))
                .isInstanceOf(SuppressRestartsException.class).rootCause()
                .hasMessageStartingWith("the restored model has layers 2, hidden 8, features value-and-calendar, "
                        + "this job runs with layers 1, hidden 8, features value-and-calendar; ");
        restored.close();
    }

    @Test
    void retrainsAtEventTimePointsOnceEnoughHistoryExistsAndPublishesWinners() throws Exception {
        var harness = harness();
        for (Bar bar : bars()) {
            harness.processElement(bar, bar.windowEnd() - 1);
            harness.processWatermark(bar.windowEnd() - 1);
        }
        List<ModelUpdate> models = harness.extractOutputValues();
        List<TrainingReport> reports = harness.getSideOutput(Retrainer.REPORTS).stream().map(StreamRecord::getValue).toList();

        // Points at multiples of 50 days, from the first with 100 bars of history.
        assertThat(reports).extracting(TrainingReport::trainedAt).containsExactly(100 * DAY, 150 * DAY, 200 * DAY);
        assertThat(models).isNotEmpty();
        assertThat(models.get(0).version()).isEqualTo(1);
        assertThat(models.get(0).effectiveFrom()).isEqualTo(reports.stream().filter(TrainingReport::accepted).findFirst().orElseThrow().trainedAt());
        assertThat(LstmWeights.fromBytes(models.get(0).weights()).config().hiddenSize()).isEqualTo(8);
        for (int i = 0; i < models.size(); i++) {
            assertThat(models.get(i).version()).isEqualTo(i + 1);
        }
        assertThat(reports.stream().filter(TrainingReport::accepted).count()).isEqualTo(models.size());
        assertThat(reports.get(0).championValidationLoss()).as("the naive baseline's").isPositive();
        harness.close();
    }

    @Test
    void barsThatRaceAheadOfTheWatermarkWaitSoReplayIsDeterministic() throws Exception {
        var stepwise = harness();
        var allAtOnce = harness();
        for (Bar bar : bars()) {
            stepwise.processElement(bar, bar.windowEnd() - 1);
            stepwise.processWatermark(bar.windowEnd() - 1);
            allAtOnce.processElement(bar, bar.windowEnd() - 1);
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
        public ChallengerTrial.Outcome run(List<Series> series, LstmWeights champion) {
            if (RUNS.incrementAndGet() == 2) {
                throw new OutOfMemoryError("simulated: native allocation failed");
            }
            return real.run(series, champion);
        }
    }

    @Test
    void aTrainingThatThrowsAnErrorIsCountedAndTheChampionStays() throws Exception {
        SecondRunFails.RUNS.set(0);
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Retrainer(config(), new SecondRunFails())), (Bar bar) -> 0, Types.INT);
        HarnessMetrics metrics = HarnessMetrics.of(harness);
        harness.open();
        List<Long> championAfter = new ArrayList<>();
        for (Bar bar : bars()) {
            harness.processElement(bar, bar.windowEnd() - 1);
            harness.processWatermark(bar.windowEnd() - 1);
            // The watermark has just passed a retraining point (100 days: trains, 150: fails).
            if (bar.windowEnd() == 101 * DAY || bar.windowEnd() == 151 * DAY) {
                championAfter.add(metrics.<Long>gauge("championVersion"));
            }
        }
        List<TrainingReport> reports = harness.getSideOutput(Retrainer.REPORTS).stream().map(StreamRecord::getValue).toList();

        assertThat(metrics.count("trainingsFailed")).isEqualTo(1);
        assertThat(reports).extracting(TrainingReport::trainedAt).as("the failed one has no report")
                .containsExactly(100 * DAY, 200 * DAY);
        assertThat(championAfter.get(1)).as("champion after the failure").isEqualTo(championAfter.get(0));
        List<ModelUpdate> models = harness.extractOutputValues();
        for (int i = 0; i < models.size(); i++) {
            assertThat(models.get(i).version()).as("no version lost to the failure").isEqualTo(i + 1);
        }
        harness.close();
    }
}
