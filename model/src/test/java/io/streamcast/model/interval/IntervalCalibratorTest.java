package io.streamcast.model.interval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The calibrator alone, on noise of known law around a forecast of 0 with deviation 1. */
class IntervalCalibratorTest {

    private final IntervalCalibrator calibrator = new IntervalCalibrator(IntervalSpec.defaults());

    @Test
    void coversNinetyPercentOfGaussianNoise() {
        Random random = new Random(1);
        assertThat(coverage(random::nextGaussian, 20_000)).isBetween(0.885, 0.915);
    }

    @Test
    void coversNinetyPercentOfHeavyTailedNoise() {
        Random random = new Random(2);
        // Student's t with 2 degrees of freedom: infinite variance, so no Gaussian band could be calibrated.
        DoubleSupplier t2 = () -> random.nextGaussian() / Math.sqrt((square(random.nextGaussian())
                + square(random.nextGaussian())) / 2);
        assertThat(coverage(t2, 20_000)).isBetween(0.885, 0.915);
    }

    @Test
    void widensAfterAVarianceShiftAndNarrowsBack() {
        Random random = new Random(3);
        IntervalState s = calibrator.newState();
        double calm = run(s, () -> random.nextGaussian(), 1_000);
        double noisy = run(s, () -> 5 * random.nextGaussian(), 1_000);
        double calmAgain = run(s, () -> random.nextGaussian(), 1_000);
        assertThat(noisy).isGreaterThan(4 * calm);
        assertThat(calmAgain).isCloseTo(calm, within(0.25 * calm));
    }

    @Test
    void aSpikeIsFlaggedAndBarelyMovesLaterIntervals() {
        Random random = new Random(4);
        IntervalState s = calibrator.newState();
        double before = run(s, () -> random.nextGaussian(), 500);
        Optional<AnomalyVerdict> verdict = calibrator.observe(s, 1_000, 1);
        double after = run(s, () -> 0, 1);
        assertThat(verdict).hasValueSatisfying(v -> {
            assertThat(v.anomaly()).isTrue();
            assertThat(v.score()).isGreaterThan(50);
        });
        // It enters the running mean capped at the 99% half-width: a few percent wider, not 1,000 deviations.
        assertThat(after).isCloseTo(before, within(0.1 * before));
    }

    @Test
    void anActualInsideTheWideIntervalIsNotFlagged() {
        Random random = new Random(5);
        IntervalState s = calibrator.newState();
        run(s, () -> random.nextGaussian(), 500);
        assertThat(calibrator.observe(s, 0.5, 1)).contains(new AnomalyVerdict(false, 0));
    }

    @Test
    void widthGrowsWithTheStepOnARandomWalk() {
        IntervalCalibrator three = new IntervalCalibrator(new IntervalSpec(0.9, 0.99, 3));
        IntervalState s = three.newState();
        Random random = new Random(6);
        double level = 0;
        var intervals = three.intervals(s, new double[] {0, 0, 0}, OptionalDouble.of(1));
        for (int t = 0; t < 3_000; t++) {
            level += random.nextGaussian();
            three.observe(s, level, 1);
            double[] naive = {level, level, level};
            intervals = three.intervals(s, naive, OptionalDouble.of(1));
            three.remember(s, naive);
        }
        double w1 = intervals.get(0).orElseThrow().width();
        double w2 = intervals.get(1).orElseThrow().width();
        double w3 = intervals.get(2).orElseThrow().width();
        assertThat(w2).isCloseTo(w1 * Math.sqrt(2), within(0.2 * w1));
        assertThat(w3).isCloseTo(w1 * Math.sqrt(3), within(0.2 * w1));
    }

    @Test
    void beforeEnoughErrorsTheBandIsChebyshevsOrTheLargestErrorSeen() {
        IntervalState s = calibrator.newState();
        double chebyshev = 1 / Math.sqrt(0.1);
        assertThat(IntervalCalibrator.halfWidth(s, 0, 0.9, 2)).as("the key's deviation before any error")
                .isCloseTo(2 * chebyshev, within(1e-9));
        calibrator.remember(s, new double[] {0});
        calibrator.observe(s, 7, 2);
        assertThat(IntervalCalibrator.halfWidth(s, 0, 0.9, 2)).as("then the mean absolute error")
                .isCloseTo(7 * chebyshev, within(1e-9));
        calibrator.remember(s, new double[] {0});
        calibrator.observe(s, 35, 2); // normalised 5, mean (7 + 35) / 2
        assertThat(IntervalCalibrator.halfWidth(s, 0, 0.9, 2)).isCloseTo(21 * 5, within(1e-6));
    }

    @Test
    void aConstantSeriesGetsAThinButPositiveBandAndAFiniteScore() {
        IntervalState s = calibrator.newState();
        run(s, () -> 0, 300);
        Interval interval = next(s);
        assertThat(interval.width()).isPositive();
        assertThat(calibrator.observe(s, Double.MAX_VALUE, 1)).hasValueSatisfying(v -> {
            assertThat(v.anomaly()).isTrue();
            assertThat(Double.isFinite(v.score())).isTrue();
        });
    }

    @Test
    void aRestoreUnderAnotherHorizonKeepsTheCommonStepsErrors() {
        IntervalCalibrator one = new IntervalCalibrator(IntervalSpec.defaults());
        IntervalState s = one.newState();
        Random random = new Random(7);
        double width = run(s, () -> random.nextGaussian(), 300);
        IntervalCalibrator four = new IntervalCalibrator(new IntervalSpec(0.9, 0.99, 4));
        IntervalState adopted = four.adopt(s);
        assertThat(adopted.horizon()).isEqualTo(4);
        assertThat(adopted.getPendingCount()).isZero();
        assertThat(2 * IntervalCalibrator.halfWidth(adopted, 0, 0.9, 1)).isEqualTo(width);
        assertThat(four.adopt(adopted)).isSameAs(adopted);
    }

    /** Share of {@code n} draws inside the interval made for them before they were seen. */
    private double coverage(DoubleSupplier noise, int n) {
        IntervalState s = calibrator.newState();
        run(s, noise, 500);
        int inside = 0;
        for (int t = 0; t < n; t++) {
            Interval interval = next(s);
            double actual = noise.getAsDouble();
            inside += interval.contains(actual) ? 1 : 0;
            calibrator.observe(s, actual, 1);
        }
        return inside / (double) n;
    }

    /** Feeds {@code n} actuals around a forecast of 0; returns the width of the interval after them. */
    private double run(IntervalState s, DoubleSupplier noise, int n) {
        for (int t = 0; t < n; t++) {
            next(s);
            calibrator.observe(s, noise.getAsDouble(), 1);
        }
        return calibrator.intervals(s, new double[] {0}, OptionalDouble.of(1)).get(0).orElseThrow().width();
    }

    private Interval next(IntervalState s) {
        double[] forecast = {0};
        Interval interval = calibrator.intervals(s, forecast, OptionalDouble.of(1)).get(0).orElseThrow();
        calibrator.remember(s, forecast);
        return interval;
    }

    private static double square(double x) {
        return x * x;
    }
}
