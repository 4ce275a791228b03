package io.streamcast.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamcast.records.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A record's JSON as a Kafka value, optionally keyed. The Kafka timestamp is left to the producer
 * (the time of writing), not the record's event time: the broker refuses timestamps more than
 * {@code message.timestamp.after.max.ms} (1 h) ahead of its clock, and its retention deletes ones
 * older than {@code retention.ms}, so event-time stamps would let skewed clocks fail the sink and
 * replayed data vanish. Event time is in the record's own fields.
 */
final class JsonRecords<T> implements KafkaRecordSerializationSchema<T> {

    private final String topic;
    private final SerializableFunction<T, String> key;

    /** @param key the Kafka record key of an element, or null for unkeyed records */
    JsonRecords(String topic, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        byte[] keyBytes = key == null ? null : key.apply(element).getBytes(StandardCharsets.UTF_8);
        try {
            return new ProducerRecord<>(topic, null, null, keyBytes, Json.MAPPER.writeValueAsBytes(element));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
