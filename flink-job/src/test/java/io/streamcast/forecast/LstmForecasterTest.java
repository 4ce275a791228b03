package io.streamcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.model.forecast.NaiveFallback;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.InputFeatures;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmNetworks;
import io.streamcast.model.scaling.ScalingSpec;
import io.streamcast.records.Bar;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.ModelUpdate;
import io.streamcast.testing.HarnessMetrics;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LstmForecasterTest {

    private static final long W = 60_000;
    /** The inputs of the model in the stored snapshot of the previous state layout (the default then). */
    private static final LstmConfig SMALL = LstmConfig.defaults().withHiddenSize(8)
            .withFeatures(InputFeatures.VALUE_AND_CALENDAR);
    private static final byte[] WEIGHTS = LstmNetworks.export(LstmNetworks.build(SMALL), SMALL, ScalingSpec.defaults()).toBytes();
    private static final byte[] OTHER_WEIGHTS = LstmNetworks.export(LstmNetworks.build(SMALL.withSeed(9)), SMALL, ScalingSpec.defaults()).toBytes();
    private static final byte[] NAN_WEIGHTS = nanWeights();

    private static byte[] nanWeights() {
        MultiLayerNetwork net = LstmNetworks.build(SMALL);
        net.params().assign(Double.NaN);
        return LstmNetworks.export(net, SMALL, ScalingSpec.defaults()).toBytes();
    }

    private KeyedBroadcastOperatorTestHarness<String, Bar, ModelUpdate, ForecastRecord> harness;
    private HarnessMetrics metrics;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        metrics = HarnessMetrics.of(harness);
        start(harness, null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, Bar, ModelUpdate, ForecastRecord> newHarness()
            throws Exception {
        return newHarness(W, null);
    }

    private static KeyedBroadcastOperatorTestHarness<String, Bar, ModelUpdate, ForecastRecord> newHarness(
            long window, byte[] seedModel) throws Exception {
        return newHarness(window, seedModel, 1000 * W);
    }

    private static KeyedBroadcastOperatorTestHarness<String, Bar, ModelUpdate, ForecastRecord> newHarness(
            long window, byte[] seedModel, long stateTtl) throws Exception {
        return newHarness(window, seedModel, stateTtl, NaiveFallback.WHEN_BEHIND);
    }

    private static KeyedBroadcastOperatorTestHarness<String, Bar, ModelUpdate, ForecastRecord> newHarness(
            NaiveFallback fallback) throws Exception {
        return newHarness(W, null, 1000 * W, fallback);
    }

    private static KeyedBroadcastOperatorTestHarness<String, Bar, ModelUpdate, ForecastRecord> newHarness(
            long window, byte[] seedModel, long stateTtl, NaiveFallback fallback) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new LstmForecaster(window, 8, ScalingSpec.defaults(), seedModel, stateTtl,
                                new IntervalSpec(0.9, 0.99, 2), fallback),
                        List.of(LstmForecaster.MODELS)),
                Bar::key, Types.STRING, 1, 1, 0);
    }

    private static void start(KeyedBroadcastOperatorTestHarness<String, Bar, ModelUpdate, ForecastRecord> h,
            OperatorSubtaskState restoreFrom) throws Exception {
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
    }

    private static Bar bar(String key, int window, double value) {
        return new Bar(key, window * W, (window + 1) * W, value, 3);
    }

    private void feed(String key, int window, double value) throws Exception {
        harness.processElement(bar(key, window, value), (window + 1) * W - 1);
    }

    private void watermark(long time) throws Exception {
        harness.processWatermark(time);
        harness.processBroadcastWatermark(time);
    }

    @Test
    void aBarWaitsForTheWatermarkOfBothInputs() throws Exception {
        feed("a", 0, 10);
        harness.processWatermark(W);
        assertThat(harness.extractOutputValues()).as("model input still behind").isEmpty();
        harness.processBroadcastWatermark(W);
        List<ForecastRecord> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        ForecastRecord first = out.get(0);
        assertThat(first).extracting(ForecastRecord::key, ForecastRecord::windowStart, ForecastRecord::windowEnd,
                ForecastRecord::actual, ForecastRecord::forecastOfActual, ForecastRecord::forecast,
                ForecastRecord::forecastFor, ForecastRecord::modelVersion, ForecastRecord::ticks,
                ForecastRecord::anomaly, ForecastRecord::anomalyScore)
                .containsExactly("a", 0L, W, 10.0, null, 10.0, 2 * W, 0L, 3L, false, 0.0);
        assertThat(first.lower()).as("one bar gives no deviation to size an interval by").isNull();
        assertThat(first.upper()).isNull();
        assertThat(first.steps()).extracting(ForecastRecord.Step::forecastFor).containsExactly(2 * W, 3 * W);
        assertThat(first.steps().get(0).lower()).isNull();

        feed("a", 1, 12);
        watermark(2 * W);
        ForecastRecord second = harness.extractOutputValues().get(1);
        assertThat(second.lower()).as("the naive cold start has an interval from the second bar").isLessThan(12);
        assertThat(second.upper()).isGreaterThan(12);
        assertThat(second.steps().get(0).lower()).isEqualTo(second.lower());
    }

    @Test
    void aSpikeOutsideTheWideIntervalIsFlaggedScoredAndCounted() throws Exception {
        harness.processBroadcastElement(new ModelUpdate(1, 50 * W, WEIGHTS), 0);
        Random random = new Random(11);
        for (int w = 0; w < 150; w++) {
            feed("a", w, 20 + random.nextGaussian());
        }
        feed("a", 150, 80);
        watermark(151 * W);
        List<ForecastRecord> out = harness.extractOutputValues();
        ForecastRecord spike = out.get(150);
        assertThat(spike.anomaly()).isTrue();
        assertThat(spike.anomalyScore()).isGreaterThan(1);
        assertThat(out.subList(100, 150)).filteredOn(ForecastRecord::anomaly).hasSizeLessThan(5);
        assertThat(metrics.count("anomalies")).isEqualTo(out.stream().filter(ForecastRecord::anomaly).count());
        double inside = out.subList(101, 150).stream()
                .filter(r -> r.actual() >= out.get(out.indexOf(r) - 1).lower()
                        && r.actual() <= out.get(out.indexOf(r) - 1).upper())
                .count();
        assertThat(inside / 49).as("coverage of the 90%% interval").isGreaterThan(0.75);
    }

    @Test
    void intervalStateSurvivesASnapshotAndRestore() throws Exception {
        Random random = new Random(12);
        double[] values = new double[80];
        for (int w = 0; w < values.length; w++) {
            values[w] = w == 75 ? 60 : 20 + random.nextGaussian();
        }
        List<ForecastRecord> restored = restoredAt60(values);
        assertThat(restored.get(15).anomaly()).as("the spike at window 75").isTrue();
    }

    /** Under the default hold policy, an event's later windows are judged against its first band. */
    @Test
    void aFlaggedRunInProgressSurvivesASnapshotAndRestore() throws Exception {
        Random random = new Random(12);
        double[] values = new double[80];
        for (int w = 0; w < values.length; w++) {
            values[w] = (w >= 58 && w < 64 ? 60 : 20) + random.nextGaussian();
        }
        List<ForecastRecord> restored = restoredAt60(values);
        assertThat(restored.subList(0, 4)).as("windows 60 to 63, the event's last four").allMatch(ForecastRecord::anomaly);
        assertThat(restored.get(4).anomaly()).as("the return to normal").isFalse();
    }

    /**
     * The records of windows 60 on from a harness restored from a snapshot at window 60, checked
     * to be those of the harness that ran through.
     */
    private List<ForecastRecord> restoredAt60(double[] values) throws Exception {
        harness.processBroadcastElement(new ModelUpdate(1, 30 * W, WEIGHTS), 0);
        for (int w = 0; w < 60; w++) {
            feed("a", w, values[w]);
        }
        watermark(60 * W);
        OperatorSubtaskState snapshot = harness.snapshot(1, 60 * W);
        for (int w = 60; w < values.length; w++) {
            feed("a", w, values[w]);
        }
        watermark(values.length * W);
        List<ForecastRecord> uninterrupted = harness.extractOutputValues().subList(60, values.length);

        var restored = newHarness();
        start(restored, snapshot);
        for (int w = 60; w < values.length; w++) {
            restored.processElement(bar("a", w, values[w]), (w + 1) * W - 1);
        }
        restored.processWatermark(values.length * W);
        restored.processBroadcastWatermark(values.length * W);
        List<ForecastRecord> out = restored.extractOutputValues();
        restored.close();
        assertThat(out).containsExactlyElementsOf(uninterrupted);
        return out;
    }

    @Test
    void naiveUntilTheFirstModelThenTheModelFromItsEffectiveTime() throws Exception {
        harness.processBroadcastElement(new ModelUpdate(1, 2 * W, WEIGHTS), 0);
        for (int w = 0; w < 5; w++) {
            feed("a", w, 10 + w % 2);
        }
        watermark(5 * W);
        List<ForecastRecord> out = harness.extractOutputValues();
        assertThat(out).extracting(ForecastRecord::modelVersion).containsExactly(0L, 0L, 1L, 1L, 1L);
        assertThat(out.get(1).forecast()).as("naive").isEqualTo(11);
        assertThat(out.get(2).forecast()).as("the model's").isNotIn(10.0, 11.0);
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).forecastOfActual()).isEqualTo(out.get(i - 1).forecast());
        }
    }

    @Test
    void aNewerModelSwapsInAndOnlyTheNewestApplicableCounts() throws Exception {
        harness.processBroadcastElement(new ModelUpdate(1, 0, WEIGHTS), 0);
        harness.processBroadcastElement(new ModelUpdate(2, 3 * W, OTHER_WEIGHTS), 0);
        for (int w = 0; w < 5; w++) {
            feed("a", w, 10 + w % 3);
        }
        watermark(5 * W);
        assertThat(harness.extractOutputValues()).extracting(ForecastRecord::modelVersion)
                .containsExactly(1L, 1L, 1L, 2L, 2L);
    }

    @Test
    void gapsAreSteppedButOnlyBarsAreForecast() throws Exception {
        feed("a", 0, 10);
        feed("a", 1, 12);
        feed("a", 4, 20);
        watermark(5 * W);
        List<ForecastRecord> out = harness.extractOutputValues();
        assertThat(out).extracting(ForecastRecord::windowStart).containsExactly(0L, W, 4 * W);
        assertThat(out.get(2).forecastOfActual()).as("carried through the gap").isEqualTo(12);
    }

    @Test
    void keysAreIndependent() throws Exception {
        feed("a", 0, 10);
        feed("b", 0, 1000);
        feed("a", 1, 11);
        feed("b", 1, 1001);
        watermark(2 * W);
        assertThat(harness.extractOutputValues()).filteredOn(r -> r.key().equals("b") && r.windowStart() == W)
                .extracting(ForecastRecord::forecastOfActual).containsExactly(1000.0);
    }

    @Test
    void aModelThatOutputsNaNGivesTheNaiveForecastAndIsCounted() throws Exception {
        harness.processBroadcastElement(new ModelUpdate(1, 0, NAN_WEIGHTS), 0);
        feed("a", 0, 10);
        feed("a", 1, 12);
        watermark(2 * W);
        List<ForecastRecord> out = harness.extractOutputValues();
        assertThat(out).extracting(ForecastRecord::forecast).containsExactly(10.0, 12.0);
        assertThat(out).extracting(ForecastRecord::modelVersion).containsExactly(1L, 1L);
        assertThat(metrics.count("nonFiniteForecasts")).as("two steps of each bar").isEqualTo(4);
        assertThat(out.get(0).lower()).as("a key's first bar has no interval").isNull();
        assertThat(Double.isFinite(out.get(1).lower()) && Double.isFinite(out.get(1).upper())).isTrue();
        assertThat(out).allSatisfy(r ->
                assertThat(r.steps()).allSatisfy(s -> assertThat(s.forecast()).isEqualTo(r.actual())));
    }

    @Test
    void aKeyIdleForTheTtlStartsAfreshAndOneActiveWithinItIsUntouched() throws Exception {
        var expiring = newHarness(W, null, 3 * W); // 3 windows, well under the 8 warm-up bars
        HarnessMetrics expiringMetrics = HarnessMetrics.of(expiring);
        start(expiring, null);
        for (var h : List.of(harness, expiring)) {
            h.processBroadcastElement(new ModelUpdate(1, 0, WEIGHTS), 0);
            for (int w : new int[] {0, 1, 6}) { // idle from 2W to 6W: 4 windows
                h.processElement(bar("idle", w, 10 + w), (w + 1) * W - 1);
            }
            for (int w : new int[] {0, 1, 4, 6}) { // idle at most 2 windows
                h.processElement(bar("active", w, 10 + w), (w + 1) * W - 1);
            }
            h.processWatermark(7 * W - 1);
            h.processBroadcastWatermark(7 * W - 1);
        }
        List<ForecastRecord> kept = harness.extractOutputValues();
        List<ForecastRecord> expired = expiring.extractOutputValues();
        ForecastRecord afterIdle = expired.stream().filter(r -> r.key().equals("idle") && r.windowStart() == 6 * W)
                .findFirst().orElseThrow();
        assertThat(afterIdle.forecastOfActual()).as("nothing forecast for it: a fresh key").isNull();
        assertThat(kept.stream().filter(r -> r.key().equals("idle") && r.windowStart() == 6 * W).findFirst()
                .orElseThrow().forecastOfActual()).as("without the TTL, stepped through the gap").isNotNull();

        // Fresh: the same forecast as a key never seen before, given the same bar.
        var fresh = newHarness(W, null, 3 * W);
        start(fresh, null);
        fresh.processBroadcastElement(new ModelUpdate(1, 0, WEIGHTS), 0);
        fresh.processElement(bar("idle", 6, 16), 7 * W - 1);
        fresh.processWatermark(7 * W - 1);
        fresh.processBroadcastWatermark(7 * W - 1);
        assertThat(fresh.extractOutputValues()).containsExactly(afterIdle);
        fresh.close();

        assertThat(expired.stream().filter(r -> r.key().equals("active")).toList())
                .containsExactlyElementsOf(kept.stream().filter(r -> r.key().equals("active")).toList());
        assertThat(expiringMetrics.count("expiredKeys")).isEqualTo(1);
        expiring.close();
    }

    @Test
    void restoringUnderAnotherWindowStopsTheJobWithoutRestarts() throws Exception {
        feed("a", 0, 10);
        feed("a", 1, 11);
        watermark(2 * W);
        OperatorSubtaskState snapshot = harness.snapshot(1, 2 * W);

        var restored = newHarness(5 * W, null);
        start(restored, snapshot);
        restored.processElement(new Bar("a", 5 * W, 10 * W, 12, 3), 10 * W - 1);
        assertThatThrownBy(() -> {
            restored.processWatermark(10 * W);
            restored.processBroadcastWatermark(10 * W);
        }).isInstanceOf(SuppressRestartsException.class).rootCause().hasMessage(
                "the restored state was written with --window PT1M, this job runs with --window PT5M; "
                        + "restart with the options the state was written with, or without the savepoint");
        restored.close();
    }

    @Test
    void restoringUnderASeedModelOfAnotherShapeStopsTheJobWithoutRestarts() throws Exception {
        var seeded = newHarness(W, WEIGHTS);
        start(seeded, null);
        seeded.processElement(bar("a", 0, 10), W - 1);
        seeded.processWatermark(W);
        seeded.processBroadcastWatermark(W);
        OperatorSubtaskState snapshot = seeded.snapshot(1, W);
        seeded.close();

        LstmConfig wider = SMALL.withHiddenSize(16);
        var restored = newHarness(W, LstmNetworks.export(LstmNetworks.build(wider), wider, ScalingSpec.defaults()).toBytes());
        start(restored, snapshot);
        restored.processElement(bar("a", 1, 11), 2 * W - 1);
        assertThatThrownBy(() -> {
            restored.processWatermark(2 * W);
            restored.processBroadcastWatermark(2 * W);
        }).isInstanceOf(SuppressRestartsException.class).rootCause()
                .hasMessageStartingWith("a key's restored LSTM state has 16 values, but model version 1 (--model or retrained) needs 32");
        restored.close();
    }

    /**
     * Model 2 takes over after the stop: the restored key re-warms from its restored recent bars.
     * Shown with the model always served, so that its forecasts are what is compared; with the
     * fallback, the restored record of the model against the last value decides alike.
     */
    @ParameterizedTest
    @EnumSource(NaiveFallback.class)
    void snapshotAndRestoreContinueExactlyAsWithoutTheStop(NaiveFallback fallback) throws Exception {
        harness.close();
        harness = newHarness(fallback);
        start(harness, null);
        harness.processBroadcastElement(new ModelUpdate(1, 0, WEIGHTS), 0);
        harness.processBroadcastElement(new ModelUpdate(2, 14 * W, OTHER_WEIGHTS), 0);
        for (int w = 0; w < 12; w++) {
            feed("a", w, 10 + Math.sin(w));
        }
        watermark(10 * W); // two bars still pending in state
        OperatorSubtaskState snapshot = harness.snapshot(1, 10 * W);
        for (int w = 12; w < 16; w++) {
            feed("a", w, 10 + Math.sin(w));
        }
        watermark(16 * W);
        List<ForecastRecord> uninterrupted = harness.extractOutputValues().subList(10, 16);

        var restored = newHarness(fallback);
        start(restored, snapshot);
        for (int w = 12; w < 16; w++) {
            restored.processElement(bar("a", w, 10 + Math.sin(w)), (w + 1) * W - 1);
        }
        restored.processWatermark(16 * W);
        restored.processBroadcastWatermark(16 * W);
        assertThat(restored.extractOutputValues()).containsExactlyElementsOf(uninterrupted);
        if (fallback == NaiveFallback.NEVER) {
            assertThat(uninterrupted).extracting(ForecastRecord::modelVersion).containsExactly(1L, 1L, 1L, 1L, 2L, 2L);
        } else {
            // This untrained model is behind the last value on the key: once judged, the last value is served.
            assertThat(uninterrupted).extracting(ForecastRecord::modelVersion).contains(0L);
        }
        restored.close();
    }

    /**
     * State written by this operator before its timeline was made compact (the previous layout:
     * double recent bars with their window starts, 200 float errors per step), from the test setup
     * of {@link #newHarness()}: keys a and b, windows 0 to 61 fed with {@link #oldLayoutValue}, the
     * watermark at window 60 (two bars of each key pending), model 1 ({@code WEIGHTS}) effective from
     * 0. Flink's POJO evolution restores it without the renamed fields: the scaler and last forecast
     * go on exactly, the LSTM state from its full precision (kept in half precision from the next
     * step), the recent inputs and the interval statistics start afresh.
     */
    @Test
    void stateOfThePreviousLayoutRestoresAndGoesOn() throws Exception {
        String resource = getClass().getResource("forecaster-state-before-compact-timeline.snapshot").getPath();
        // The model always served: the claim is about its state, and a restored key's record
        // against the last value starts afresh (the snapshot predates it) where the other's goes on.
        harness.close();
        harness = newHarness(NaiveFallback.NEVER);
        start(harness, null);
        harness.processBroadcastElement(new ModelUpdate(1, 0, WEIGHTS), 0);
        // The recent bars (8) have refilled by then, so the re-warm is the same as without the upgrade.
        harness.processBroadcastElement(new ModelUpdate(2, 72 * W, OTHER_WEIGHTS), 0);
        for (int w = 0; w < 80; w++) {
            for (String key : List.of("a", "b")) {
                feed(key, w, oldLayoutValue(key, w));
            }
        }
        watermark(80 * W);
        List<ForecastRecord> uninterrupted = harness.extractOutputValues().subList(120, 160); // windows 60 on

        var restored = newHarness(NaiveFallback.NEVER);
        start(restored, OperatorSnapshotUtil.readStateHandle(resource));
        restored.processBroadcastElement(new ModelUpdate(2, 72 * W, OTHER_WEIGHTS), 0);
        for (int w = 62; w < 80; w++) {
            for (String key : List.of("a", "b")) {
                restored.processElement(bar(key, w, oldLayoutValue(key, w)), (w + 1) * W - 1);
            }
        }
        restored.processWatermark(80 * W);
        restored.processBroadcastWatermark(80 * W);
        List<ForecastRecord> out = restored.extractOutputValues();
        restored.close();

        // The snapshot's LSTM state is in full precision, stepped by the previous LstmStepper: the
        // restored keys go on from it, rounded to half precision at their next step, so until model
        // 2 re-warms both runs from the same recent inputs their forecasts agree to that rounding,
        // and from then on exactly.
        assertThat(out).extracting(ForecastRecord::key, ForecastRecord::windowStart, ForecastRecord::modelVersion)
                .containsExactlyInAnyOrderElementsOf(uninterrupted.stream().map(r -> tuple(
                        r.key(), r.windowStart(), r.modelVersion())).toList());
        for (ForecastRecord r : out) {
            ForecastRecord expected = uninterrupted.stream()
                    .filter(u -> u.key().equals(r.key()) && u.windowStart() == r.windowStart()).findFirst().orElseThrow();
            if (r.modelVersion() == 2) {
                assertThat(r.forecast()).as("%s at %d", r.key(), r.windowStart()).isEqualTo(expected.forecast());
            } else {
                assertThat(r.forecast()).as("%s at %d", r.key(), r.windowStart())
                        .isCloseTo(expected.forecast(), within(2e-5 * Math.abs(expected.forecast())));
            }
        }
        assertThat(out).extracting(ForecastRecord::modelVersion).contains(2L);
        assertThat(out).allSatisfy(r -> assertThat(r.upper() - r.lower()).as("intervals afresh, finite").isPositive()
                .isFinite());
    }

    private static double oldLayoutValue(String key, int w) {
        return key.equals("a") ? 20 + Math.sin(w) + (w % 7) * 0.1 : 100 + 3 * Math.cos(w / 3.0);
    }
}
