package io.streamcast.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** The JSON form of the records the job writes to Kafka. */
public final class Json {

    /**
     * Shared because an ObjectMapper is expensive to build and thread-safe once configured. Its
     * parsers and generators take their buffers from one pool for all threads, not from a
     * ThreadLocal: in a Flink task thread the ThreadLocal lookups cost more than the tick's parse.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper(
            JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build());

    private Json() {}

    public static String toJson(ForecastRecord forecast) {
        return write(forecast);
    }

    public static String toJson(DeadLetter deadLetter) {
        return write(deadLetter);
    }

    /** A tick in the contract's form: {@code {"key":..,"ts":<epoch ms>,"value":..}}. */
    public static String toJson(Tick tick) {
        return MAPPER.createObjectNode()
                .put("key", tick.key())
                .put("ts", tick.timestamp())
                .put("value", tick.value())
                .toString();
    }

    public static ForecastRecord forecastFromJson(String json) {
        return read(json, ForecastRecord.class);
    }

    public static DeadLetter deadLetterFromJson(String json) {
        return read(json, DeadLetter.class);
    }

    private static String write(Record value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
