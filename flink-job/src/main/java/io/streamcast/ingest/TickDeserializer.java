package io.streamcast.ingest;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.RawRecord;
import io.streamcast.records.Tick;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns Kafka values into ticks. A malformed value goes to {@link #DEAD_LETTERS} with its reason
 * and coordinates instead of failing the job, because one bad producer must not stop every key.
 */
public class TickDeserializer extends ProcessFunction<RawRecord, Tick> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Counter ticksIn;
    private transient Counter malformedTicks;

    @Override
    public void open(OpenContext openContext) {
        ticksIn = getRuntimeContext().getMetricGroup().counter("ticksIn");
        malformedTicks = getRuntimeContext().getMetricGroup().counter("malformedTicks");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Tick> out) {
        ParseResult result = TickParser.parse(raw.value());
        if (result instanceof ParseResult.Accepted accepted) {
            ticksIn.inc();
            out.collect(accepted.tick());
        } else if (result instanceof ParseResult.Rejected rejected) {
            malformedTicks.inc();
            ctx.output(DEAD_LETTERS, deadLetter(raw, rejected.error()));
        }
    }

    private static DeadLetter deadLetter(RawRecord raw, String error) {
        String text = raw.value() == null ? null : new String(raw.value(), StandardCharsets.UTF_8);
        return new DeadLetter(text, error, raw.topic(), raw.partition(), raw.offset());
    }
}
