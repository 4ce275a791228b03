package io.streamcast.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamcast.records.Json;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** A record's JSON as a Kafka value (a class, not a lambda: Flink must see its type). */
final class JsonValue<T> implements SerializationSchema<T> {

    @Override
    public byte[] serialize(T element) {
        try {
            return Json.MAPPER.writeValueAsBytes(element);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
