package io.streamcast.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.records.Bar;
import io.streamcast.records.Tick;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/** The window operator's state, the open windows' {@link BarAccumulator}s, across a stop. */
class BarWindowStateTest {

    private static final List<Tick> BEFORE_THE_STOP = List.of(new Tick("a", 1_000, 0.1), new Tick("a", 2_000, 1e-9),
            new Tick("b", 3_000, 21.537281938561277));
    private static final List<Tick> AFTER_THE_STOP = List.of(new Tick("a", 4_000, 7.25), new Tick("b", 4_000, -3.3));

    /**
     * A snapshot written by the previous layout, whose accumulators kept their exact sum as a
     * BigDecimal, of {@link #BEFORE_THE_STOP} (checkpoint 1 at 5,000): Flink's POJO evolution
     * restores it with the binary sum empty, and each window's bar is the one it would have been.
     */
    @Test
    void windowsOfThePreviousLayoutCloseWithTheBarsTheyWouldHaveHad() throws Exception {
        String resource = getClass().getResource("window-state-decimal-sum.snapshot").getPath();
        assertThat(barsAfterRestoring(OperatorSnapshotUtil.readStateHandle(resource))).isEqualTo(uninterrupted());
    }

    @Test
    void windowsOfThisLayoutCloseWithTheBarsTheyWouldHaveHad() throws Exception {
        var harness = harness();
        harness.open();
        feed(harness, BEFORE_THE_STOP);
        OperatorSubtaskState snapshot = harness.snapshot(1, 5_000);
        harness.close();
        assertThat(barsAfterRestoring(snapshot)).isEqualTo(uninterrupted());
    }

    private static List<Bar> uninterrupted() throws Exception {
        var harness = harness();
        harness.open();
        feed(harness, BEFORE_THE_STOP);
        feed(harness, AFTER_THE_STOP);
        harness.processWatermark(60_000);
        List<Bar> bars = harness.extractOutputValues();
        harness.close();
        assertThat(bars).extracting(Bar::key).containsExactlyInAnyOrder("a", "b");
        for (Bar bar : bars) {
            assertThat(bar.value()).isCloseTo(bar.key().equals("a") ? (0.1 + 1e-9 + 7.25) / 3
                    : (21.537281938561277 - 3.3) / 2, within(1e-12));
        }
        return bars;
    }

    private static List<Bar> barsAfterRestoring(OperatorSubtaskState snapshot) throws Exception {
        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        feed(restored, AFTER_THE_STOP);
        restored.processWatermark(60_000);
        List<Bar> bars = restored.extractOutputValues();
        restored.close();
        return bars;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, Tick, Bar> harness, List<Tick> ticks)
            throws Exception {
        for (Tick tick : ticks) {
            harness.processElement(new StreamRecord<>(tick, tick.timestamp()));
        }
    }

    /** The job's window stage, one-minute windows of means, as ForecastJob wires it. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Tick, Bar> harness() throws Exception {
        SingleOutputStreamOperator<Bar> bars = StreamExecutionEnvironment.getExecutionEnvironment()
                .fromData(new Tick("k", 0, 0))
                .keyBy(Tick::key, Types.STRING)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .aggregate(new BarAggregator(), new BarAggregator.ToBar(Aggregation.MEAN),
                        Types.POJO(BarAccumulator.class), Types.POJO(BarAccumulator.class), Types.POJO(Bar.class));
        @SuppressWarnings("unchecked")
        OneInputStreamOperator<Tick, Bar> operator = (OneInputStreamOperator<Tick, Bar>)
                ((OneInputTransformation<Tick, Bar>) bars.getTransformation()).getOperator();
        return new KeyedOneInputStreamOperatorTestHarness<>(operator, Tick::key, Types.STRING);
    }
}
