package io.streamcast.backtest;

import io.streamcast.records.ForecastRecord;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A backtest's forecasts in one stable order, by window end, then key, however the subtasks that
 * made them interleaved: they are written as they come, and the same input must give the same
 * bytes at any parallelism. The forecast of the window ending at E is made when the watermark
 * passes E - 1 (its timestamp), before that watermark travels on; so once this operator's
 * watermark passes E - 1, every forecast of a window ending by E is here. It holds only the
 * forecasts of windows not yet complete.
 *
 * <p>Runs on a single key at parallelism 1. A backtest takes no checkpoints, so what it holds is
 * kept on the heap.
 */
final class WindowOrder extends KeyedProcessFunction<Integer, ForecastRecord, ForecastRecord> {

    private transient TreeMap<Long, TreeMap<String, ForecastRecord>> pending;
    private transient long emittedThrough;

    @Override
    public void open(OpenContext openContext) {
        pending = new TreeMap<>();
        emittedThrough = Long.MIN_VALUE;
    }

    @Override
    public void processElement(ForecastRecord forecast, Context ctx, Collector<ForecastRecord> out) {
        if (forecast.windowEnd() <= emittedThrough) {
            // Writing it now would put it after windows written before it: the order would depend on timing.
            throw new IllegalStateException("the forecast of " + forecast.key() + " for the window ending "
                    + forecast.windowEnd() + " came after every window ending by " + emittedThrough
                    + " was written; forecasts must be emitted at their window's end");
        }
        ForecastRecord earlier = pending.computeIfAbsent(forecast.windowEnd(), end -> new TreeMap<>())
                .put(forecast.key(), forecast);
        if (earlier != null) {
            throw new IllegalStateException("two forecasts of " + forecast.key() + " for the window ending "
                    + forecast.windowEnd());
        }
        ctx.timerService().registerEventTimeTimer(forecast.windowEnd() - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ForecastRecord> out) {
        while (!pending.isEmpty() && pending.firstKey() - 1 <= timestamp) {
            Map.Entry<Long, TreeMap<String, ForecastRecord>> window = pending.pollFirstEntry();
            window.getValue().values().forEach(out::collect);
            emittedThrough = window.getKey();
        }
    }
}
