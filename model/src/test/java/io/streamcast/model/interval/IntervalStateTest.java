package io.streamcast.model.interval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The error histogram: the newest 200 to 400 errors, ranks within a bin of the exact ones. */
class IntervalStateTest {

    @Test
    void holdsTheNewest200To400ErrorsAndTheirLargest() {
        IntervalState s = new IntervalState(1);
        s.record(0, 5);
        for (int i = 1; i < 200; i++) {
            s.record(0, 1);
        }
        assertThat(s.errorCount(0)).as("a full block becomes the one before").isEqualTo(200);
        assertThat(s.largestError(0)).isEqualTo(5);
        for (int i = 0; i < 250; i++) {
            s.record(0, 2);
        }
        assertThat(s.errorCount(0)).as("the first block dropped out at 400").isEqualTo(250);
        assertThat(s.largestError(0)).as("with its largest").isEqualTo(2);
    }

    @Test
    void aRankFallsWithinTheBinOfTheExactOrderStatistic() {
        Random random = new Random(3);
        IntervalState s = new IntervalState(1);
        double[] errors = new double[300];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = Math.exp(1.5 * random.nextGaussian());
            s.record(0, errors[i]);
        }
        Arrays.sort(errors);
        double previous = 0;
        for (int rank = 1; rank <= errors.length; rank++) {
            double exact = (float) errors[rank - 1];
            double ranked = s.rankedError(0, rank);
            // A bin is a third of an octave wide, the one below 1/16 starts at 0, the one above 64
            // reaches to the largest error.
            if (exact >= 64) {
                assertThat(ranked).as("rank %d", rank).isBetween(64.0, (double) (float) errors[errors.length - 1]);
            } else {
                assertThat(ranked).as("rank %d", rank).isBetween(Math.min(exact / Math.cbrt(2), exact - 1.0 / 16),
                        Math.max(exact * Math.cbrt(2), 1.0 / 16));
            }
            assertThat(ranked).as("ascending").isGreaterThanOrEqualTo(previous);
            previous = ranked;
        }
        assertThat(s.rankedError(0, errors.length)).as("the largest, exactly").isEqualTo((float) errors[errors.length - 1]);
    }

    @Test
    void aBinCountsUpToAWholeBlockInItsByte() {
        IntervalState s = new IntervalState(1);
        for (int i = 0; i < 399; i++) {
            s.record(0, 0.5);
        }
        assertThat(s.errorCount(0)).isEqualTo(399);
        assertThat(s.rankedError(0, 399)).isEqualTo(0.5);
        assertThat(s.rankedError(0, 1)).isBetween(0.5 / Math.cbrt(2), 0.5);
    }
}
