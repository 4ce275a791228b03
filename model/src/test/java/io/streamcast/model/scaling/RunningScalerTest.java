package io.streamcast.model.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RunningScalerTest {

    private final ScalingSpec spec = new ScalingSpec(20, 8f);

    @Test
    void standardisesAStationarySeries() {
        RunningScaler s = new RunningScaler();
        Random r = new Random(3);
        for (int i = 0; i < 5000; i++) {
            s.observe(spec, 1000 + 50 * r.nextGaussian());
        }
        assertThat(s.getMean()).isCloseTo(1000, within(40.0));
        assertThat(s.std()).isCloseTo(50, within(15.0));
        assertThat(s.unscale(s.scale(spec, 1030))).isCloseTo(1030, within(1e-3));
    }

    @Test
    void aConstantSeriesScalesToZeroAndBack() {
        RunningScaler s = new RunningScaler();
        for (int i = 0; i < 100; i++) {
            s.observe(spec, 42.0);
        }
        assertThat(s.scale(spec, 42.0)).isZero();
        assertThat(s.unscale(0)).isEqualTo(42.0);
        assertThat(Double.isFinite(s.scale(spec, 43.0))).isTrue();
    }

    /**
     * A key's unit must not matter: the same series in farads (1e-12), in volts or in
     * micro-units (1e12) scales to the same inputs, so the network sees the same thing. An
     * absolute floor on the deviation broke that below it: a series varying by 1e-9 scaled to
     * almost nothing, and its forecasts were the floor's noise.
     */
    @Test
    void scalingDoesNotDependOnTheKeysUnit() {
        Random r = new Random(9);
        double[] series = new double[300];
        for (int i = 0; i < series.length; i++) {
            series[i] = 3 + Math.sin(i * 2 * Math.PI / 7) + 0.1 * r.nextGaussian();
        }
        for (double unit : new double[] {1e-100, 1e-30, 1e-12, 1e-6, 1e6, 1e12, 1e30, 1e100}) {
            RunningScaler reference = new RunningScaler();
            RunningScaler scaled = new RunningScaler();
            for (double y : series) {
                reference.observe(spec, y);
                scaled.observe(spec, y * unit);
                assertThat(scaled.scale(spec, y * unit)).as("unit %s", unit)
                        .isCloseTo(reference.scale(spec, y), within(1e-4f));
            }
            assertThat(scaled.unscale(0.5) / unit).as("unit %s", unit)
                    .isCloseTo(reference.unscale(0.5), within(1e-9));
        }
    }

    @Test
    void anAllZeroSeriesScalesToZeroAndItsFirstChangeToTheClip() {
        RunningScaler s = new RunningScaler();
        for (int i = 0; i < 100; i++) {
            s.observe(spec, 0.0);
        }
        assertThat(s.scale(spec, 0.0)).isZero();
        assertThat(s.unscale(3)).isCloseTo(0.0, within(1e-300));
        assertThat(s.scale(spec, 1e-20)).isEqualTo(spec.clip());
        assertThat(s.scale(spec, -1e300)).isEqualTo(-spec.clip());
    }

    @Test
    void aLevelShiftIsClippedThenAbsorbedWithinASpan() {
        RunningScaler s = new RunningScaler();
        Random r = new Random(5);
        for (int i = 0; i < 500; i++) {
            s.observe(spec, 10 + r.nextGaussian());
        }
        s.observe(spec, 1000);
        // The shift enters the statistics before it is scaled, which bounds its own z well
        // inside the clip; a value beyond what was seen is clipped.
        assertThat(s.scale(spec, 1000)).isBetween(1f, 8f);
        assertThat(s.scale(spec, 1e9)).isEqualTo(8f);
        for (int i = 0; i < 3 * spec.span(); i++) {
            s.observe(spec, 1000 + r.nextGaussian());
        }
        assertThat(Math.abs(s.scale(spec, 1000))).isLessThan(1f);
    }

    @Test
    void usesOnlyThePast() {
        RunningScaler a = new RunningScaler();
        RunningScaler b = new RunningScaler();
        for (int i = 0; i < 50; i++) {
            a.observe(spec, i);
            b.observe(spec, i);
        }
        float before = a.scale(spec, 49);
        b.observe(spec, 1e6); // a future bar
        assertThat(a.scale(spec, 49)).isEqualTo(before);
        assertThat(b.scale(spec, 49)).isNotEqualTo(before);
    }

    @Test
    void earlyBarsWeighEquallyUntilASpanIsSeen() {
        RunningScaler s = new RunningScaler();
        s.observe(spec, 10);
        s.observe(spec, 20);
        s.observe(spec, 30);
        assertThat(s.getMean()).isCloseTo(20, within(1e-9));
    }
}
