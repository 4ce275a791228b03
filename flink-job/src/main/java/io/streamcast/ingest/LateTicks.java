package io.streamcast.ingest;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.Tick;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Ticks that arrived after their window had closed become dead letters marked late, with their
 * original bytes, and are counted: a late tick is never dropped silently. Most are caught by
 * {@link IngestSplitter} before the shuffle; the window's own late side output (this function)
 * catches the rest: ticks of a subtask that was idle while the others moved event time on.
 */
public final class LateTicks extends ProcessFunction<Tick, DeadLetter> {

    public static final OutputTag<Tick> TAG = new OutputTag<>("late-ticks") {};

    private transient Counter lateTicks;

    @Override
    public void open(OpenContext openContext) {
        lateTicks = counter(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Tick tick, Context ctx, Collector<DeadLetter> out) {
        lateTicks.inc();
        out.collect(deadLetter(tick, ctx.timerService().currentWatermark()));
    }

    static Counter counter(MetricGroup metrics) {
        return metrics.counter("lateTicks");
    }

    /** The window operator's own rule: a window is late once the watermark reaches its last millisecond. */
    static boolean windowClosed(long timestamp, long windowMillis, long watermark) {
        return TimeWindow.getWindowStartWithOffset(timestamp, 0, windowMillis) + windowMillis - 1 <= watermark;
    }

    static DeadLetter deadLetter(Tick tick, long watermark) {
        String error = "late: tick at " + Instant.ofEpochMilli(tick.timestamp())
                + " arrived after its window closed (watermark " + Instant.ofEpochMilli(watermark) + ")";
        return DeadLetter.of(DeadLetter.Kind.LATE, error, tick.source());
    }
}
