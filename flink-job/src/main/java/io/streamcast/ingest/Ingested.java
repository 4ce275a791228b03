package io.streamcast.ingest;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.Tick;

/**
 * What the source makes of one record: a tick, or a dead letter. One type, because a Kafka
 * deserialization schema has one output; {@link IngestSplitter} parts them right after the source.
 * Exactly one of the two is set (a POJO for Flink, hence not a sealed pair of types).
 */
public record Ingested(Tick tick, DeadLetter deadLetter) {

    public static Ingested of(Tick tick) {
        return new Ingested(tick, null);
    }

    public static Ingested of(DeadLetter deadLetter) {
        return new Ingested(null, deadLetter);
    }

    /** The tick's event time; a dead letter has none and never moves a watermark. */
    public static long eventTime(Ingested record, long kafkaTimestamp) {
        return record.tick != null ? record.tick.timestamp() : Long.MIN_VALUE;
    }
}
