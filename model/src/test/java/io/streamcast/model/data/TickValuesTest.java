package io.streamcast.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TickValuesTest {

    @Test
    void everyFiniteValueUpToTheBoundIsAValueAndNothingElseIs() {
        for (double ok : new double[] {0, -0.0, Double.MIN_VALUE, 1e-300, 21.5, -6.02e23, 1e100, -1e100}) {
            assertThat(TickValues.problem(ok)).as("%s", ok).isNull();
        }
        assertThat(TickValues.problem(Math.nextUp(1e100))).startsWith("is beyond ±1e100");
        assertThat(TickValues.problem(-Double.MAX_VALUE)).startsWith("is beyond ±1e100");
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThat(TickValues.problem(bad)).as("%s", bad).isEqualTo("is not finite");
        }
    }
}
