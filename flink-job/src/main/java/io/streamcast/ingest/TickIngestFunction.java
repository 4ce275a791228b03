package io.streamcast.ingest;

import io.streamcast.records.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** {@link TickIngestor} for sources other than Kafka (a replayed file), as a Flink function. */
public final class TickIngestFunction extends RichMapFunction<RawRecord, Ingested> {

    private final TimestampRules rules;
    private transient TickIngestor ingestor;

    public TickIngestFunction(TimestampRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        ingestor = new TickIngestor(rules, System::currentTimeMillis);
    }

    @Override
    public Ingested map(RawRecord record) {
        return ingestor.ingest(record);
    }
}
