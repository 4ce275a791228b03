package io.streamcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmNetworks;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BarForecasterTest {

    private static final long W = 60_000;
    private static final ScalingSpec SCALING = ScalingSpec.defaults();
    private static final LstmWeights WEIGHTS = LstmNetworks.export(
            LstmNetworks.build(LstmConfig.defaults().withHiddenSize(8)), LstmConfig.defaults().withHiddenSize(8), SCALING);

    private final BarForecaster forecaster =
            new BarForecaster(W, 16, SCALING, IntervalSpec.defaults(), NaiveFallback.WHEN_BEHIND);
    /** Forecasts three windows ahead, with 90% intervals and 99% flags. */
    private final BarForecaster threeSteps =
            new BarForecaster(W, 16, SCALING, new IntervalSpec(0.9, 0.99, 3), NaiveFallback.WHEN_BEHIND);
    private final KeyForecaster model = new KeyForecaster(WEIGHTS);

    /**
     * The same readings in another unit are forecast the same, in that unit: forecasts and interval
     * bounds scale with the values, from picofarads to values far beyond any reading.
     */
    @Test
    void aKeysUnitDoesNotChangeItsForecasts() {
        Random r = new Random(4);
        double[] series = new double[200];
        for (int i = 0; i < series.length; i++) {
            series[i] = 3 + Math.sin(i * 2 * Math.PI / 7) + 0.2 * r.nextGaussian();
        }
        for (double unit : new double[] {1e-90, 1e-30, 1e-12, 1e12, 1e30, 1e90}) {
            KeyTimeline reference = forecaster.newTimeline(model);
            KeyTimeline scaled = forecaster.newTimeline(model);
            for (int i = 0; i < series.length; i++) {
                BarForecaster.Step expected = forecaster.onBar(reference, i * W, series[i], model, 1);
                BarForecaster.Step actual = forecaster.onBar(scaled, i * W, series[i] * unit, model, 1);
                assertThat(actual.forecast() / unit).as("unit %s, bar %d", unit, i)
                        .isCloseTo(expected.forecast(), within(1e-4));
                assertThat(actual.interval().isPresent()).isEqualTo(expected.interval().isPresent());
                if (expected.interval().isPresent()) {
                    assertThat(actual.interval().get().width() / unit).as("unit %s, bar %d", unit, i)
                            .isCloseTo(expected.interval().get().width(), within(1e-3));
                }
            }
        }
    }

    @Test
    void coldStartIsNaiveAndChainsForecasts() {
        KeyTimeline t = forecaster.newTimeline(null);
        BarForecaster.Step first = forecaster.onBar(t, 0, 10, null, 0);
        BarForecaster.Step second = forecaster.onBar(t, W, 12, null, 0);
        assertThat(first.forecastOfActual()).isNaN();
        assertThat(first.forecast()).isEqualTo(10);
        assertThat(first.forecastFor()).isEqualTo(2 * W);
        assertThat(second.forecastOfActual()).isEqualTo(10);
        assertThat(second.forecast()).isEqualTo(12);
        assertThat(second.modelVersion()).isZero();
    }

    @Test
    void aGapIsSteppedThroughWithTheLastValue() {
        KeyTimeline withGap = forecaster.newTimeline(model);
        KeyTimeline filled = forecaster.newTimeline(model);
        forecaster.onBar(withGap, 0, 10, model, 1);
        forecaster.onBar(filled, 0, 10, model, 1);
        BarForecaster.Step afterGap = forecaster.onBar(withGap, 3 * W, 13, model, 1);
        forecaster.onBar(filled, W, 10, model, 1);
        BarForecaster.Step beforeThird = forecaster.onBar(filled, 2 * W, 10, model, 1);
        BarForecaster.Step third = forecaster.onBar(filled, 3 * W, 13, model, 1);
        assertThat(afterGap.forecastOfActual()).isEqualTo(beforeThird.forecast());
        assertThat(afterGap.forecast()).isEqualTo(third.forecast());
    }

    @Test
    void aGapLongerThanTheRecentBarsStartsAfreshButForecastsItsFirstWindowNaively() {
        KeyTimeline t = forecaster.newTimeline(model);
        forecaster.onBar(t, 0, 10, model, 1);
        forecaster.onBar(t, W, 11, model, 1);
        BarForecaster.Step afterLongGap = forecaster.onBar(t, 1000 * W, 13, model, 1);
        assertThat(afterLongGap.forecastOfActual()).as("the last value").isEqualTo(11);
        assertThat(afterLongGap.forecastOfActualVersion()).isZero();
        assertThat(afterLongGap.anomaly()).as("a gap's error is not judged").isEmpty();

        KeyTimeline fresh = forecaster.newTimeline(model);
        BarForecaster.Step first = forecaster.onBar(fresh, 1000 * W, 13, model, 1);
        assertThat(first.forecastOfActual()).as("a key's first bar: nothing forecast it").isNaN();
        assertThat(afterLongGap.forecast()).as("otherwise afresh, as a new key").isEqualTo(first.forecast());
        assertThat(afterLongGap.modelVersion()).isEqualTo(1);
    }

    /**
     * An irregular feed: thousands of keys, each bar after a random gap, some far longer than the
     * recent bars. Every bar but a key's first has a forecast of it: the model's through a short
     * gap, the last value (version 0) after a long one.
     */
    @Test
    void everyBarButAKeysFirstHasAForecastOfItAfterAnyGap() {
        Random random = new Random(10);
        int restarts = 0;
        for (int key = 0; key < 2_000; key++) {
            KeyTimeline t = forecaster.newTimeline(model);
            long window = random.nextInt(100);
            double last = Double.NaN;
            boolean judged = false;
            for (int bar = 0; bar < 20; bar++) {
                double value = 50 + 10 * random.nextGaussian();
                long gap = bar == 0 ? 0 : random.nextDouble() < 0.1 ? 17 + random.nextInt(500) : random.nextInt(17);
                window += gap;
                BarForecaster.Step step = forecaster.onBar(t, window * W, value, model, 1);
                if (bar == 0) {
                    assertThat(step.forecastOfActual()).isNaN();
                } else if (gap > 16) {
                    restarts++;
                    assertThat(step.forecastOfActual()).isEqualTo(last);
                    assertThat(step.forecastOfActualVersion()).isZero();
                } else if (step.forecastOfActualVersion() == 0) {
                    assertThat(step.forecastOfActual()).as("the last value, served in the model's place")
                            .isEqualTo(last);
                } else {
                    assertThat(step.forecastOfActual()).isFinite();
                    assertThat(step.forecastOfActualVersion()).isEqualTo(1);
                }
                // A key's first bar, or its first after a restart, gives no deviation to size a band
                // by; then only the errors it was judged on before do.
                boolean fresh = bar == 0 || gap > 16;
                if (fresh && !judged) {
                    assertThat(step.interval()).isEmpty();
                } else {
                    assertThat(step.interval()).hasValueSatisfying(i -> assertThat(i.isFinite()).isTrue());
                }
                judged |= !fresh;
                last = value;
                window++;
            }
        }
        assertThat(restarts).as("long gaps in the feed").isGreaterThan(2_000);
    }

    @Test
    void aNewModelRewarmsFromRecentBars() {
        KeyTimeline t = forecaster.newTimeline(null);
        for (int w = 0; w < 20; w++) {
            forecaster.onBar(t, w * W, 10 + w % 3, null, 0);
        }
        BarForecaster.Step swapped = forecaster.onBar(t, 20 * W, 12, model, 1);
        assertThat(swapped.modelVersion()).isEqualTo(1);
        assertThat(swapped.forecastOfActual()).as("made by the naive model").isEqualTo(10 + 19 % 3);

        // The same as a key that had met this model with an empty LSTM state, then replayed the 16 newest bars.
        KeyState expected = model.newState();
        KeyTimeline reference = forecaster.newTimeline(null);
        for (int w = 0; w < 20; w++) {
            forecaster.onBar(reference, w * W, 10 + w % 3, null, 0);
        }
        expected.setScaler(reference.getLstm().getScaler().copy());
        float[] recent = reference.getRecent().inputsOldestFirst();
        assertThat(recent).hasSize(16);
        model.rewarm(expected, recent, 20 * W, W);
        double expectedForecast = model.observe(expected, 12, 21 * W);
        assertThat(swapped.forecast()).isCloseTo(expectedForecast, within(1e-12));
        assertThat(t.getLstm().getHalfHidden()).containsExactly(expected.getHalfHidden());
        assertThat(t.getLstm().getHalfCell()).containsExactly(expected.getHalfCell());
    }

    @Test
    void aNonFiniteModelForecastFallsBackToTheLastValueAndIsCounted() {
        KeyForecaster diverged = new KeyForecaster(withOutputBias(WEIGHTS, Float.NaN));
        KeyTimeline t = forecaster.newTimeline(diverged);
        BarForecaster.Step first = forecaster.onBar(t, 0, 10, diverged, 1);
        BarForecaster.Step afterGap = forecaster.onBar(t, 3 * W, 12, diverged, 1);

        assertThat(first.forecast()).isEqualTo(10);
        assertThat(first.nonFiniteForecasts()).isEqualTo(1);
        assertThat(afterGap.forecastOfActual()).as("the naive forecast carried through the gap").isEqualTo(10);
        assertThat(afterGap.forecast()).isEqualTo(12);
        assertThat(afterGap.nonFiniteForecasts()).as("two gap steps and the bar").isEqualTo(3);
        assertThat(t.getLstm().getHalfHidden()).as("the poisoned state is zeroed").containsOnly((short) 0);
        assertThat(afterGap.interval()).hasValueSatisfying(i -> {
            assertThat(i.isFinite()).isTrue();
            assertThat(i.contains(12)).as("around the naive forecast").isTrue();
        });

        KeyTimeline healthy = forecaster.newTimeline(model);
        assertThat(forecaster.onBar(healthy, 0, 10, model, 1).nonFiniteForecasts()).isZero();
    }

    @Test
    void aKeyNeverNegativeIsNeverForecastNegativeAndOneThatWasIsLeftAlone() {
        // A model that forecasts far below every key's mean, as after a level shift downwards.
        KeyForecaster low = new KeyForecaster(withOutputBias(WEIGHTS, -50f));
        KeyTimeline rain = threeSteps.newTimeline(low);
        KeyTimeline frost = threeSteps.newTimeline(low);
        Random random = new Random(10);
        int rainZeros = 0;
        int rainIntervals = 0;
        for (int w = 0; w < 300; w++) {
            double millimetres = random.nextDouble() < 0.6 ? 0 : 20 * random.nextDouble();
            BarForecaster.Step step = threeSteps.onBar(rain, w * W, millimetres, low, 1);
            for (var h : step.horizon()) {
                assertThat(h.forecast()).as("bar %d, forecast for %d", w, h.forecastFor()).isNotNegative();
                h.interval().ifPresent(i -> assertThat(i.lower()).isNotNegative());
            }
            rainZeros += step.forecast() == 0 ? 1 : 0;
            rainIntervals += step.interval().isPresent() ? 1 : 0;
        }
        assertThat(rainZeros).as("forecasts raised to 0").isGreaterThan(250);
        assertThat(rainIntervals).as("bars with an interval").isGreaterThan(250);

        // Early, while the model is still served (later the last value would replace a model this bad).
        int frostBar = NaiveFallback.MIN_COMPARED - 2;
        BarForecaster.Step beforeFrost = null;
        BarForecaster.Step afterFrost = null;
        for (int w = 0; w <= frostBar; w++) {
            double celsius = w == frostBar ? -0.5 : 5 + random.nextGaussian();
            BarForecaster.Step step = threeSteps.onBar(frost, w * W, celsius, low, 1);
            if (w == frostBar - 1) {
                beforeFrost = step;
            }
            afterFrost = step;
        }
        assertThat(beforeFrost.forecast()).isZero();
        assertThat(afterFrost.forecast()).as("once below 0, the model's own forecast").isNegative();
        assertThat(afterFrost.interval()).hasValueSatisfying(i -> assertThat(i.lower()).isNegative());

        KeyTimeline restoredWithoutTheFlag = new KeyTimeline();
        restoredWithoutTheFlag.setLstm(new KeyState(low.stateSize()));
        restoredWithoutTheFlag.setRecent(new RecentBars(16));
        BarForecaster.Step restored = null;
        for (int w = 0; w < NaiveFallback.MIN_COMPARED; w++) {
            restored = threeSteps.onBar(restoredWithoutTheFlag, w * W, 5 + w % 2, low, 1);
        }
        assertThat(restored.forecast()).as("state that cannot know its key's past is not clipped").isNegative();
    }

    /**
     * A key its model forecasts worse than the last value is served the last value, by version 0,
     * at every step of the horizon; its model goes on stepping, so it can win the key back.
     */
    @Test
    void aKeyTheModelForecastsWorseThanTheLastValueIsServedTheLastValue() {
        KeyForecaster high = new KeyForecaster(withOutputBias(WEIGHTS, 3f));
        KeyTimeline t = threeSteps.newTimeline(high);
        Random random = new Random(12);
        BarForecaster.Step step = null;
        short[] hiddenBefore = null;
        for (int w = 0; w < 60; w++) {
            hiddenBefore = t.getLstm().getHalfHidden().clone();
            step = threeSteps.onBar(t, w * W, 20 + random.nextGaussian(), high, 7);
        }
        double last = t.getLastValue();
        assertThat(step.modelVersion()).isZero();
        assertThat(step.horizon()).allSatisfy(h -> {
            assertThat(h.forecast()).isEqualTo(last);
            assertThat(h.interval()).hasValueSatisfying(i -> assertThat(i.contains(last)).isTrue());
        });
        assertThat(t.getLstm().getHalfHidden()).as("the model still steps").isNotEqualTo(hiddenBefore);
        BarForecaster.Step next = threeSteps.onBar(t, 60 * W, 21, high, 7);
        assertThat(next.forecastOfActual()).isEqualTo(last);
        assertThat(next.forecastOfActualVersion()).isZero();
        assertThat(t.getFallback().getModelForecast()).as("the model's own forecast, far above")
                .isGreaterThan(next.forecast() + 1);
    }

    /** The same weights with another output bias: NaN makes every forecast NaN. */
    private static LstmWeights withOutputBias(LstmWeights w, float bias) {
        int layers = w.config().layers();
        float[][] input = new float[layers][];
        float[][] recurrent = new float[layers][];
        float[][] biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            input[l] = w.inputWeights(l);
            recurrent[l] = w.recurrentWeights(l);
            biases[l] = w.biases(l);
        }
        return new LstmWeights(w.config(), w.scaling(), input, recurrent, biases, w.outputWeights(), bias);
    }

    @Test
    void noIntervalOrVerdictEverUsesTheActualItCovers() {
        double[] series = new double[120];
        Random random = new Random(8);
        for (int w = 0; w < series.length; w++) {
            series[w] = 20 + Math.sin(w / 5.0) + random.nextGaussian();
        }
        List<BarForecaster.Step> original = ForecastRuns.run(threeSteps, series, model, W);
        for (int k : new int[] {1, 5, 40, 119}) {
            double[] changed = series.clone();
            changed[k] = 1e6;
            List<BarForecaster.Step> steps = ForecastRuns.run(threeSteps, changed, model, W);
            for (int w = 0; w < k; w++) {
                assertThat(steps.get(w)).as("bar %d, before the change at %d", w, k).isEqualTo(original.get(w));
            }
            assertThat(steps.get(k).forecastOfActual()).isEqualTo(original.get(k).forecastOfActual());
            if (k > 32) {
                assertThat(steps.get(k).anomaly()).hasValueSatisfying(v -> assertThat(v.anomaly()).isTrue());
            } else {
                assertThat(steps.get(k).anomaly()).as("too few errors to judge").isEmpty();
            }
        }
    }


    @Test
    void everyStepOfTheHorizonHasItsWindowForecastAndAWideningInterval() {
        KeyTimeline t = threeSteps.newTimeline(null);
        double level = 100;
        Random random = new Random(9);
        BarForecaster.Step last = null;
        for (int w = 0; w < 400; w++) {
            level += random.nextGaussian();
            last = threeSteps.onBar(t, w * W, level, w < 200 ? null : model, w < 200 ? 0 : 1);
        }
        assertThat(last.horizon()).extracting(h -> h.forecastFor()).containsExactly(401 * W, 402 * W, 403 * W);
        assertThat(last.horizon().get(0).forecast()).isEqualTo(last.forecast());
        double[] widths = last.horizon().stream().mapToDouble(h -> h.interval().orElseThrow().width()).toArray();
        assertThat(widths[1]).isGreaterThan(widths[0]);
        assertThat(widths[2]).isGreaterThan(widths[1]);
    }

    @Test
    void intervalsOffEmitNoneButStillFlag() {
        BarForecaster plain =
                new BarForecaster(W, 16, SCALING, new IntervalSpec(0, 0.99, 1), NaiveFallback.WHEN_BEHIND);
        KeyTimeline t = plain.newTimeline(null);
        BarForecaster.Step step = null;
        for (int w = 0; w < 200; w++) {
            step = plain.onBar(t, w * W, w % 2, null, 0);
        }
        assertThat(step.interval()).isEmpty();
        BarForecaster.Step spike = plain.onBar(t, 200 * W, 50, null, 0);
        assertThat(spike.anomaly()).hasValueSatisfying(v -> assertThat(v.anomaly()).isTrue());
    }

    @Test
    void barsMustComeInWindowOrder() {
        KeyTimeline t = forecaster.newTimeline(null);
        forecaster.onBar(t, 5 * W, 1, null, 0);
        assertThatThrownBy(() -> forecaster.onBar(t, 4 * W, 1, null, 0)).hasMessageContaining("arrived after");
    }
}
