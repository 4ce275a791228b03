package io.streamcast.bars;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.records.Tick;
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
}
