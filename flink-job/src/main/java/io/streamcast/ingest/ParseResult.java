package io.streamcast.ingest;

import io.streamcast.records.Tick;

/** The outcome of parsing one tick: the tick, or the specific reason it was rejected. */
public sealed interface ParseResult {

    static ParseResult accepted(Tick tick) {
        return new Accepted(tick);
    }

    static ParseResult rejected(String error) {
        return new Rejected(error);
    }

    record Accepted(Tick tick) implements ParseResult {}

    record Rejected(String error) implements ParseResult {}
}
