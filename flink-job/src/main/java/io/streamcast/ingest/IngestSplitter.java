package io.streamcast.ingest;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.Tick;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Right after the source: ticks go on, dead letters go to {@link #DEAD_LETTERS}, and so does a
 * tick whose window has already closed by this subtask's watermark (it would be late in the window
 * too, whose watermark is never ahead of this one), with its original bytes and coordinates.
 * Counts what it sees.
 */
public final class IngestSplitter extends ProcessFunction<Ingested, Tick> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final long windowMillis;
    private transient Counter ticksIn;
    private transient Counter malformedTicks;
    private transient Counter implausibleTimestamps;
    private transient Counter lateTicks;

    public IngestSplitter(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        var metrics = getRuntimeContext().getMetricGroup();
        ticksIn = metrics.counter("ticksIn");
        malformedTicks = metrics.counter("malformedTicks");
        implausibleTimestamps = metrics.counter("implausibleTimestamps");
        lateTicks = LateTicks.counter(metrics);
    }

    @Override
    public void processElement(Ingested record, Context ctx, Collector<Tick> out) {
        DeadLetter rejected = record.deadLetter();
        if (rejected != null) {
            (rejected.kind() == DeadLetter.Kind.IMPLAUSIBLE_TIMESTAMP ? implausibleTimestamps : malformedTicks).inc();
            ctx.output(DEAD_LETTERS, rejected);
            return;
        }
        Tick tick = record.tick();
        long watermark = ctx.timerService().currentWatermark();
        if (LateTicks.windowClosed(tick.timestamp(), windowMillis, watermark)) {
            lateTicks.inc();
            ctx.output(DEAD_LETTERS, LateTicks.deadLetter(tick, watermark));
            return;
        }
        ticksIn.inc();
        out.collect(tick);
    }
}
