package io.streamcast.ingest;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.Json;
import io.streamcast.records.Tick;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Ticks that arrived after their window had closed become dead letters marked late, and are
 * counted: a late tick is never dropped silently. Their Kafka coordinates are gone by then.
 */
public final class LateTicks extends ProcessFunction<Tick, DeadLetter> {

    public static final OutputTag<Tick> TAG = new OutputTag<>("late-ticks") {};

    private transient Counter lateTicks;

    @Override
    public void open(OpenContext openContext) {
        lateTicks = getRuntimeContext().getMetricGroup().counter("lateTicks");
    }

    @Override
    public void processElement(Tick tick, Context ctx, Collector<DeadLetter> out) {
        lateTicks.inc();
        String error = "late: tick at " + Instant.ofEpochMilli(tick.timestamp())
                + " arrived after its window closed (watermark "
                + Instant.ofEpochMilli(ctx.timerService().currentWatermark()) + ")";
        out.collect(new DeadLetter(Json.toJson(tick), error, null, -1, -1));
    }
}
