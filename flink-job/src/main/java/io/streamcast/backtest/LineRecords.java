package io.streamcast.backtest;

import io.streamcast.records.RawRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Lines of a replay file as raw tick records, numbered like Kafka offsets so that a dead letter
 * names its line. Runs at parallelism 1 over one file, so the numbers are the line numbers.
 */
final class LineRecords implements MapFunction<String, RawRecord> {

    private final String origin;
    private long line;

    LineRecords(String origin) {
        this.origin = origin;
    }

    @Override
    public RawRecord map(String value) {
        return new RawRecord(origin, 0, line++, value.getBytes(StandardCharsets.UTF_8));
    }
}
