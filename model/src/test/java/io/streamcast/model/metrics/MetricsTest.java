package io.streamcast.model.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.model.interval.Interval;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void errorStatsByHand() {
        ErrorStats e = new ErrorStats();
        e.add(10, 12, 2); // err 2
        e.add(20, 14, 2); // err 6
        e.add(0, 0, 2);   // err 0, sMAPE 0
        assertThat(e.count()).isEqualTo(3);
        assertThat(e.mae()).isCloseTo(8.0 / 3, within(1e-12));
        assertThat(e.rmse()).isCloseTo(Math.sqrt(40.0 / 3), within(1e-12));
        assertThat(e.smape()).isCloseTo((200 * 2 / 22.0 + 200 * 6 / 34.0) / 3, within(1e-12));
        assertThat(e.mase()).isCloseTo(4.0 / 3, within(1e-12));
    }

    @Test
    void mergedMaseWeighsKeysByTheirOwnScale() {
        ErrorStats small = new ErrorStats();
        small.add(1, 2, 1);          // scaled error 1
        ErrorStats big = new ErrorStats();
        big.add(1000, 3000, 1000);   // scaled error 2
        small.merge(big);
        assertThat(small.mase()).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void baselinesReadOnlyThePast() {
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThat(Baselines.naive(y, 5)).isEqualTo(5);
        assertThat(Baselines.seasonalNaive(y, 8, 7)).isEqualTo(2);
        assertThat(Baselines.seasonalNaive(y, 3, 7)).isEqualTo(3);
        assertThat(Baselines.naiveScale(new double[] {1, 3, 2, 6}, 0, 4)).isCloseTo(7.0 / 3, within(1e-12));
    }

    @Test
    void comparisonScoresAllThreeOnTheSameWindows() {
        Comparison c = new Comparison(0.9);
        c.add(10, 10, 8, 11, 2);
        c.add(20, 19, 10, 20, 2);
        assertThat(c.model().count()).isEqualTo(c.naive().count()).isEqualTo(c.seasonalNaive().count());
        assertThat(c.model().mase()).isCloseTo(0.25, within(1e-12));
        assertThat(c.naive().mase()).isCloseTo(3.0, within(1e-12));
        assertThat(c.seasonalNaive().mase()).isCloseTo(0.25, within(1e-12));
        assertThat(c.modelBeatsBoth()).isFalse();
        assertThat(c.skill()).isCloseTo(1 - 0.5 / 6, within(1e-12));
    }

    @Test
    void msisByHandWithTheM4Definition() {
        IntervalStats s = new IntervalStats(0.9);
        s.add(5, new Interval(4, 6), 2);    // inside: width 2, scaled 1
        s.add(10, new Interval(4, 6), 2);   // 4 above: 2 + 20 * 4 = 82, scaled 41
        s.add(3, new Interval(4, 6), 2);    // 1 below: 2 + 20 * 1 = 22, scaled 11
        assertThat(s.coverage()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.msis()).isCloseTo((1 + 41 + 11) / 3.0, within(1e-12));
        assertThat(new IntervalStats(0.9).msis()).isNaN();
    }

    @Test
    void scaledErrorAndSkillHaveOneDefinition() {
        ErrorStats model = new ErrorStats();
        model.add(10, 12, 2);  // scaled error 1
        model.add(10, 4, 2);   // scaled error 3
        assertThat(model.mase()).isCloseTo(2, within(1e-12));
        ErrorStats perfect = new ErrorStats();
        perfect.add(10, 10, 1);
        assertThat(ErrorStats.skill(model, perfect)).as("a perfect baseline").isNaN();
        assertThat(ErrorStats.skill(new ErrorStats(), model)).as("nothing scored").isNaN();
        assertThat(ErrorStats.skill(perfect, model)).isEqualTo(1);
    }
}
