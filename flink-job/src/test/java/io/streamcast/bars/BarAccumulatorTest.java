package io.streamcast.bars;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.records.Tick;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BarAccumulatorTest {

    @Test
    void everyAggregationOfOneWindow() {
        BarAccumulator acc = new BarAccumulator();
        acc.add(new Tick("k", 30, 4));
        acc.add(new Tick("k", 10, 1));
        acc.add(new Tick("k", 20, 7));
        assertThat(acc.count).isEqualTo(3);
        assertThat(acc.value(Aggregation.MEAN)).isEqualTo(4);
        assertThat(acc.value(Aggregation.LAST)).as("by event time, not arrival").isEqualTo(4);
        assertThat(acc.value(Aggregation.MIN)).isEqualTo(1);
        assertThat(acc.value(Aggregation.MAX)).isEqualTo(7);
        assertThat(acc.value(Aggregation.SUM)).isEqualTo(12);
    }

    @Test
    void mergingEqualsAddingAll() {
        BarAccumulator a = new BarAccumulator();
        a.add(new Tick("k", 10, 1));
        BarAccumulator b = new BarAccumulator();
        b.add(new Tick("k", 40, 9));
        b.add(new Tick("k", 20, -3));
        a.merge(b);
        assertThat(a.count).isEqualTo(3);
        assertThat(a.value(Aggregation.LAST)).isEqualTo(9);
        assertThat(a.value(Aggregation.MIN)).isEqualTo(-3);
        assertThat(a.value(Aggregation.SUM)).isEqualTo(7);
    }

    @Test
    void hugeTicksGiveAFiniteMeanAndASaturatedSum() {
        BarAccumulator acc = of(List.of(new Tick("k", 1, 1.7e308), new Tick("k", 2, 1.7e308)));
        assertThat(acc.value(Aggregation.MEAN)).isEqualTo(1.7e308);
        assertThat(acc.value(Aggregation.SUM)).isEqualTo(Double.MAX_VALUE);

        BarAccumulator negative = of(List.of(new Tick("k", 1, -1.7e308), new Tick("k", 2, -1.7e308)));
        assertThat(negative.value(Aggregation.MEAN)).isEqualTo(-1.7e308);
        assertThat(negative.value(Aggregation.SUM)).isEqualTo(-Double.MAX_VALUE);
    }

    @Test
    void theMeanIsExactWhereADoubleSumLosesSmallTicks() {
        // In arrival order a double sum gives 1e16 + 1 + 1 = 1e16 (each 1 is rounded away), then 0.
        BarAccumulator acc = of(List.of(new Tick("k", 1, 1e16), new Tick("k", 2, 1), new Tick("k", 3, 1),
                new Tick("k", 4, -1e16)));
        assertThat(acc.value(Aggregation.SUM)).isEqualTo(2);
        assertThat(acc.value(Aggregation.MEAN)).isEqualTo(0.5);
    }

    @Test
    void everyAggregationIsIndependentOfArrivalOrderAndSplitting() {
        Random random = new Random(7);
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Values of very different magnitudes, whose double sum depends on order; repeated timestamps.
            double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(30) - 10);
            ticks.add(new Tick("k", random.nextInt(20), value));
        }
        BarAccumulator reference = of(ticks);
        double naiveSum = 0;
        double naiveReversed = 0;
        for (int i = 0; i < ticks.size(); i++) {
            naiveSum += ticks.get(i).value();
            naiveReversed += ticks.get(ticks.size() - 1 - i).value();
        }
        assertThat(naiveSum).as("the data is order-sensitive for a double sum").isNotEqualTo(naiveReversed);

        for (int round = 0; round < 20; round++) {
            List<Tick> shuffled = new ArrayList<>(ticks);
            Collections.shuffle(shuffled, random);
            int split = random.nextInt(shuffled.size());
            BarAccumulator merged = of(shuffled.subList(0, split)).merge(of(shuffled.subList(split, shuffled.size())));
            for (Aggregation aggregation : Aggregation.values()) {
                assertThat(merged.value(aggregation)).as(aggregation.name())
                        .isEqualTo(reference.value(aggregation));
            }
        }
    }

    @Test
    void theSumAndMeanAreTheExactOnesRoundedOnce() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            List<Tick> ticks = new ArrayList<>();
            BigDecimal exact = BigDecimal.ZERO;
            for (int i = 0; i < 1 + random.nextInt(30); i++) {
                double value = switch (random.nextInt(4)) {
                    case 0 -> random.nextGaussian() * 50;
                    case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(600) - 300);
                    case 2 -> Double.MIN_VALUE * random.nextInt(1000);
                    default -> Math.round(random.nextDouble() * 1e4) / 100.0;
                };
                ticks.add(new Tick("k", i, value));
                exact = exact.add(new BigDecimal(value));
            }
            BarAccumulator acc = of(ticks);
            assertThat(acc.value(Aggregation.SUM)).isEqualTo(exact.doubleValue());
            assertThat(acc.value(Aggregation.MEAN)).isEqualTo(exactMean(exact, ticks.size()).doubleValue());
        }
    }

    @Test
    void ticksThatCancelOrAreZeroGiveAZeroSumAndMean() {
        for (List<Tick> ticks : List.of(List.of(new Tick("k", 1, 0.0), new Tick("k", 2, -0.0)),
                List.of(new Tick("k", 1, 1e300), new Tick("k", 2, 0.1), new Tick("k", 3, -1e300), new Tick("k", 4, -0.1)))) {
            assertThat(of(ticks).value(Aggregation.SUM)).isEqualTo(0.0);
            assertThat(of(ticks).value(Aggregation.MEAN)).isEqualTo(0.0);
        }
    }

    /**
     * Exact if the decimal ends; else to 2,000 digits, which cannot move a mean across the midpoint
     * of two doubles: a quotient that does not end as a decimal is no such midpoint, nor that near one.
     */
    private static BigDecimal exactMean(BigDecimal sum, int count) {
        try {
            return sum.divide(BigDecimal.valueOf(count));
        } catch (ArithmeticException nonTerminating) {
            return sum.divide(BigDecimal.valueOf(count), new MathContext(2000));
        }
    }

    @Test
    void aWindowOfThePreviousLayoutGoesOnFromItsDecimalSum() {
        List<Tick> ticks = List.of(new Tick("k", 1, 0.1), new Tick("k", 2, 1e-9), new Tick("k", 3, 7.25),
                new Tick("k", 4, -3.3));
        BarAccumulator restored = new BarAccumulator();
        restored.count = 2;
        restored.sum = new BigDecimal(0.1).add(new BigDecimal(1e-9));
        restored.add(ticks.get(2));
        restored.add(ticks.get(3));
        BarAccumulator reference = of(ticks);
        assertThat(restored.value(Aggregation.SUM)).isEqualTo(reference.value(Aggregation.SUM));
        assertThat(restored.value(Aggregation.MEAN)).isEqualTo(reference.value(Aggregation.MEAN));
        assertThat(new BarAccumulator().merge(restored).value(Aggregation.MEAN))
                .isEqualTo(reference.value(Aggregation.MEAN));
    }

    @Test
    void lastTiesOnEqualTimestampsGoToTheLargerValue() {
        assertThat(of(List.of(new Tick("k", 5, 2), new Tick("k", 5, 8), new Tick("k", 4, 9)))
                .value(Aggregation.LAST)).isEqualTo(8);
        assertThat(of(List.of(new Tick("k", 5, 8), new Tick("k", 5, 2))).value(Aggregation.LAST)).isEqualTo(8);
        assertThat(of(List.of(new Tick("k", Long.MIN_VALUE, -3))).value(Aggregation.LAST)).isEqualTo(-3);
    }

    private static BarAccumulator of(List<Tick> ticks) {
        BarAccumulator acc = new BarAccumulator();
        ticks.forEach(acc::add);
        return acc;
    }
}
