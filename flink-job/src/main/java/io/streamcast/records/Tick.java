package io.streamcast.records;

/**
 * One observation of a key's series; {@code timestamp} is event time in epoch milliseconds.
 * {@code source} is the record it was parsed from, carried so that a tick found late after the
 * shuffle still dead-letters with its original bytes and Kafka coordinates; it is null for ticks
 * made in memory (a test, the demo's replayer) that never went through the source.
 */
public record Tick(String key, long timestamp, double value, RawRecord source) {

    public Tick(String key, long timestamp, double value) {
        this(key, timestamp, value, null);
    }

    public Tick withSource(RawRecord record) {
        return new Tick(key, timestamp, value, record);
    }
}
