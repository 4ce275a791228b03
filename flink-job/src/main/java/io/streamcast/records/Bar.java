package io.streamcast.records;

/** One key's aggregate over one event-time window [windowStart, windowEnd), with its tick count. */
public record Bar(String key, long windowStart, long windowEnd, double value, long count) {}
