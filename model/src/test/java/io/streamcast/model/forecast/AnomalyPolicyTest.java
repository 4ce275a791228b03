package io.streamcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.streamcast.model.interval.AnomalyPolicy;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmNetworks;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a flagged bar does to its key under {@code hold} and {@code learn}. */
class AnomalyPolicyTest {

    private static final long W = 60_000;
    private static final ScalingSpec SCALING = ScalingSpec.defaults();
    private static final LstmConfig CONFIG = LstmConfig.defaults().withHiddenSize(8);
    private static final KeyForecaster MODEL =
            new KeyForecaster(LstmNetworks.export(LstmNetworks.build(CONFIG), CONFIG, SCALING));
    private static final int EVENT_START = 300;
    private static final int EVENT_BARS = 6;

    private final BarForecaster hold = forecaster(AnomalyPolicy.hold(10));
    private final BarForecaster learn = forecaster(AnomalyPolicy.learn());

    @Test
    void anEventOfSeveralWindowsStaysFlaggedForItsDurationUnderHoldAndItsEndDoesNot() {
        double[] series = withEvent(noise(400), 20, EVENT_BARS);
        List<BarForecaster.Step> held = run(hold, series);
        List<BarForecaster.Step> learnt = run(learn, series);
        int end = EVENT_START + EVENT_BARS;
        assertThat(flagged(held, EVENT_START, end)).isEqualTo(EVENT_BARS);
        assertThat(flagged(held, end, 400)).as("hold: the return is to the level held").isZero();
        assertThat(flagged(learnt, EVENT_START, end)).as("the forecast follows the event after its onset")
                .isLessThan(EVENT_BARS);
        assertThat(flagged(learnt, end, end + 1)).as("learn: the return is a jump from the forecast").isOne();
    }

    @Test
    void afterTheEventTheKeyIsAsIfUnderLearnAndTheIntervalNarrowsBack() {
        double[] calm = noise(400);
        double[] series = withEvent(calm, 20, EVENT_BARS);
        List<BarForecaster.Step> held = run(hold, series);
        List<BarForecaster.Step> learnt = run(learn, series);
        int after = EVENT_START + EVENT_BARS;
        for (int w = after; w < 400; w++) {
            assertThat(held.get(w).forecast()).isEqualTo(learnt.get(w).forecast());
            assertThat(held.get(w).interval()).isEqualTo(learnt.get(w).interval());
        }
        // The event's errors enter the running mean capped, so the interval narrows back within
        // a few spans of the mean, not weeks.
        assertThat(width(held.get(399))).isCloseTo(width(run(hold, calm).get(399)), withinPercentage(15));
    }

    @Test
    void aLevelShiftIsFlaggedForTheHoldAndThenJudgedAgainstTheForecastsThatFollowedIt() {
        double[] series = withEvent(noise(400), 20, 400 - EVENT_START);
        List<BarForecaster.Step> held = run(hold, series);
        assertThat(flagged(held, EVENT_START, EVENT_START + 10)).isEqualTo(10);
        assertThat(flagged(held, EVENT_START + 10, 400)).as("the new level is normal").isZero();
    }

    private static BarForecaster forecaster(AnomalyPolicy policy) {
        return new BarForecaster(W, 16, SCALING, new IntervalSpec(0.9, 0.99, 1, policy), NaiveFallback.WHEN_BEHIND);
    }

    private static double[] noise(int bars) {
        Random random = new Random(3);
        return IntStream.range(0, bars).mapToDouble(w -> 10 + random.nextGaussian()).toArray();
    }

    private static double[] withEvent(double[] series, double height, int bars) {
        double[] out = series.clone();
        for (int w = EVENT_START; w < EVENT_START + bars; w++) {
            out[w] += height;
        }
        return out;
    }

    private static long flagged(List<BarForecaster.Step> steps, int from, int to) {
        return steps.subList(from, to).stream().filter(s -> s.anomaly().map(v -> v.anomaly()).orElse(false)).count();
    }

    private static double width(BarForecaster.Step step) {
        return step.interval().orElseThrow().width();
    }

    private static List<BarForecaster.Step> run(BarForecaster f, double[] series) {
        return ForecastRuns.run(f, series, MODEL, W);
    }
}
