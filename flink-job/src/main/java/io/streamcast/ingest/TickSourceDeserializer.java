package io.streamcast.ingest;

import io.streamcast.records.RawRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses ticks inside the Kafka source, so that the source's watermarks are per partition and a
 * record refused here (malformed, implausible timestamp) never moves event time. Never throws: an
 * exception here would fail the source and restart it at the same offset, forever.
 */
public final class TickSourceDeserializer implements KafkaRecordDeserializationSchema<Ingested> {

    private final TimestampRules rules;
    private transient TickIngestor ingestor;

    public TickSourceDeserializer(TimestampRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        ingestor = new TickIngestor(rules, System::currentTimeMillis);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        out.collect(ingestor.ingest(new RawRecord(record.topic(), record.partition(), record.offset(), record.value())));
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }
}
