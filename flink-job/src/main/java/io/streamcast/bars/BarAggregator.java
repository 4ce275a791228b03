package io.streamcast.bars;

import io.streamcast.records.Bar;
import io.streamcast.records.Tick;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Ticks of one key and window into one {@link Bar}: incrementally aggregated (the window keeps
 * one accumulator, not its ticks), then stamped with the key and window bounds.
 */
public final class BarAggregator implements AggregateFunction<Tick, BarAccumulator, BarAccumulator> {

    @Override
    public BarAccumulator createAccumulator() {
        return new BarAccumulator();
    }

    @Override
    public BarAccumulator add(Tick tick, BarAccumulator acc) {
        acc.add(tick);
        return acc;
    }

    @Override
    public BarAccumulator getResult(BarAccumulator acc) {
        return acc;
    }

    @Override
    public BarAccumulator merge(BarAccumulator a, BarAccumulator b) {
        return a.merge(b);
    }

    /** Stamps the aggregate with its key and window, and counts bars. */
    public static final class ToBar extends ProcessWindowFunction<BarAccumulator, Bar, String, TimeWindow> {

        private final Aggregation aggregation;
        private transient Counter bars;

        public ToBar(Aggregation aggregation) {
            this.aggregation = aggregation;
        }

        @Override
        public void open(OpenContext openContext) {
            bars = getRuntimeContext().getMetricGroup().counter("bars");
        }

        @Override
        public void process(String key, Context ctx, Iterable<BarAccumulator> aggregates, Collector<Bar> out) {
            BarAccumulator acc = aggregates.iterator().next();
            bars.inc();
            out.collect(new Bar(key, ctx.window().getStart(), ctx.window().getEnd(), acc.value(aggregation), acc.count));
        }
    }
}
