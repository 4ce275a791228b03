package io.streamcast.records;

/**
 * A record the pipeline could not use, with the reason in {@code error}.
 *
 * <p>{@code topic} is null and {@code partition} and {@code offset} are -1 when the source
 * coordinates are unknown (a file replay, or a late tick whose Kafka origin is gone).
 */
public record DeadLetter(String raw, String error, String topic, int partition, long offset) {}
