package io.streamcast.records;

/** One observation of a key's series; {@code timestamp} is event time in epoch milliseconds. */
public record Tick(String key, long timestamp, double value) {}
