package io.streamcast.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Kafka record value with its coordinates, so that a record failing later still names its origin.
 *
 * <p>{@code value} may be null (a tombstone). The record takes ownership of the array and nobody
 * writes to it: a defensive copy per record would double the ingest allocations. Equality compares
 * the bytes, not the array identity.
 */
public record RawRecord(String topic, int partition, long offset, byte[] value) {

    @Override
    public boolean equals(Object other) {
        return other instanceof RawRecord that
                && partition == that.partition
                && offset == that.offset
                && Objects.equals(topic, that.topic)
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        String size = value == null ? "null" : value.length + " bytes";
        return "RawRecord[topic=" + topic + ", partition=" + partition + ", offset=" + offset
                + ", value=" + size + "]";
    }
}
