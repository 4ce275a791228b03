package io.streamcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.forecast.BarForecaster;
import io.streamcast.model.forecast.KeyTimeline;
import io.streamcast.model.forecast.NaiveFallback;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.InputFeatures;
import io.streamcast.model.lstm.TrainingWindow;
import io.streamcast.model.scaling.RunningScaler;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowSamplerTest {

    private static final long W = 3_600_000L;
    private static final int MAX_CARRIED = 16;
    private static final ScalingSpec SCALING = ScalingSpec.defaults();
    private static final InputFeatures FEATURES = InputFeatures.VALUE_AND_CALENDAR_WITH_YEAR;

    /** An irregular key: a level that drifts, a daily cycle, noise, short gaps and two long ones. */
    private static List<long[]> barsWithGaps(long seed) {
        Random random = new Random(seed);
        List<long[]> bars = new ArrayList<>(); // {windowStart, value bits}
        long window = 0;
        for (int i = 0; i < 3_000; i++) {
            double value = 100 + i * 0.01 + 10 * Math.sin(2 * Math.PI * window / 24) + random.nextGaussian();
            bars.add(new long[] {window * W, Double.doubleToLongBits(value)});
            int r = random.nextInt(100);
            window += r < 80 ? 1 : r < 99 ? 2 + random.nextInt(MAX_CARRIED) : MAX_CARRIED + 2 + random.nextInt(50);
        }
        return bars;
    }

    @Test
    void trainingWindowsHoldExactlyTheInputsAndTargetsTheForecasterSteppedThrough() {
        List<long[]> bars = barsWithGaps(1);
        WindowSampler sampler = new WindowSampler(new SampleSpec(24, 1.0, 7), W, MAX_CARRIED, SCALING);
        BarForecaster forecaster =
                new BarForecaster(W, MAX_CARRIED, SCALING, new IntervalSpec(0, 0, 1), NaiveFallback.WHEN_BEHIND);
        SamplerState state = new SamplerState();
        KeyTimeline timeline = forecaster.newTimeline(null);
        // What the forecaster fed its LSTM at each real bar, by the start of the window forecast,
        // and the scaler it had then (which scales the next bar for the target).
        Map<Long, float[]> inputs = new HashMap<>();
        Map<Long, RunningScaler> scalers = new HashMap<>();
        Map<Long, Double> values = new HashMap<>();
        List<TrainingWindow> windows = new ArrayList<>();
        for (long[] bar : bars) {
            double value = Double.longBitsToDouble(bar[1]);
            forecaster.onBar(timeline, bar[0], value, null, 0);
            RunningScaler scaler = timeline.getLstm().getScaler().copy();
            float[] input = new float[FEATURES.size()];
            FEATURES.encode(scaler.scale(SCALING, value), bar[0] + W, input);
            inputs.put(bar[0] + W, input);
            scalers.put(bar[0] + W, scaler);
            values.put(bar[0], value);
            windows.addAll(sampler.onBar(state, "k", bar[0], value));
        }

        assertThat(windows).hasSizeGreaterThan(50);
        int compared = 0;
        for (TrainingWindow w : windows) {
            assertThat(w.length()).isEqualTo(24);
            float[] input = new float[FEATURES.size()];
            for (int i = 0; i < w.length(); i++) {
                long forecastStart = w.firstForecastStart() + i * W;
                float[] forecasterInput = inputs.get(forecastStart);
                if (forecasterInput == null) {
                    continue; // a carried-forward step: no bar of its own to compare with
                }
                w.input(i, FEATURES, input);
                assertThat(input).as("input of step %d of %s", i, w).containsExactly(forecasterInput);
                Double next = values.get(forecastStart);
                if (next != null) {
                    float expected = scalers.get(forecastStart).scale(SCALING, next) - forecasterInput[0];
                    assertThat(w.targets()[i]).as("target of step %d of %s", i, w).isEqualTo(expected);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(1_000);
    }

    @Test
    void noWindowIsCompleteBeforeTheWarmUpAndAWholeWindowHavePassed() {
        SampleSpec everyStep = new SampleSpec(24, 1.0, 7);
        WindowSampler sampler = new WindowSampler(everyStep, W, MAX_CARRIED, SCALING);
        SamplerState state = new SamplerState();
        int before = WindowSampler.windowsBeforeFirstWindow(everyStep);
        for (int bar = 0; bar < before; bar++) {
            assertThat(sampler.onBar(state, "k", bar * W, bar % 5)).as("bar %d", bar).isEmpty();
        }
        // At the first bar the bound allows, a sampler that starts a window wherever it can completes one.
        assertThat(sampler.onBar(state, "k", before * W, 1)).hasSize(1);
    }

    @Test
    void noWindowSpansAGapThatRestartsTheKey() {
        List<long[]> bars = barsWithGaps(2);
        WindowSampler sampler = new WindowSampler(new SampleSpec(24, 1.0, 7), W, MAX_CARRIED, SCALING);
        SamplerState state = new SamplerState();
        List<TrainingWindow> windows = new ArrayList<>();
        long lastEnd = Long.MIN_VALUE;
        List<long[]> restarts = new ArrayList<>();
        for (long[] bar : bars) {
            if (lastEnd != Long.MIN_VALUE && (bar[0] - lastEnd) / W > MAX_CARRIED) {
                restarts.add(new long[] {lastEnd, bar[0]});
            }
            lastEnd = bar[0] + W;
            windows.addAll(sampler.onBar(state, "k", bar[0], Double.longBitsToDouble(bar[1])));
        }
        assertThat(restarts).isNotEmpty();
        for (TrainingWindow w : windows) {
            for (long[] gap : restarts) {
                boolean spans = w.firstForecastStart() < gap[1] && w.end() > gap[0];
                assertThat(spans).as("%s across the gap %d..%d", w, gap[0], gap[1]).isFalse();
            }
        }
    }

    @Test
    void theSampleIsTheAskedShareAndTheSameWhateverTheRun() {
        List<long[]> bars = barsWithGaps(3);
        for (double fraction : new double[] {0.1, 0.5}) {
            List<TrainingWindow> once = sample(bars, fraction, 11);
            List<TrainingWindow> again = sample(bars, fraction, 11);
            List<TrainingWindow> otherSeed = sample(bars, fraction, 12);
            assertThat(again).isEqualTo(once);
            assertThat(otherSeed).isNotEqualTo(once);
            long stepsInWindows = once.stream().mapToLong(TrainingWindow::length).sum();
            long steps = (bars.get(bars.size() - 1)[0] - bars.get(0)[0]) / W;
            assertThat((double) stepsInWindows / steps).as("share sampled at %s", fraction)
                    .isBetween(fraction * 0.6, fraction * 1.25);
        }
    }

    private static List<TrainingWindow> sample(List<long[]> bars, double fraction, long seed) {
        WindowSampler sampler = new WindowSampler(new SampleSpec(24, fraction, seed), W, MAX_CARRIED, SCALING);
        SamplerState state = new SamplerState();
        List<TrainingWindow> out = new ArrayList<>();
        for (long[] bar : bars) {
            out.addAll(sampler.onBar(state, "k", bar[0], Double.longBitsToDouble(bar[1])));
        }
        return out;
    }
}
