package io.streamcast.ingest;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.RawRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Raw records of one source reader into ticks or dead letters: {@link TickParser} for the content,
 * then a {@link TimestampGuard} per partition, since event time is per partition.
 */
public final class TickIngestor {

    private record Partition(String topic, int partition) {}

    private final TimestampRules rules;
    private final LongSupplier clock;
    private final Map<Partition, TimestampGuard> guards = new HashMap<>();

    public TickIngestor(TimestampRules rules, LongSupplier clock) {
        this.rules = rules;
        this.clock = clock;
    }

    public Ingested ingest(RawRecord record) {
        ParseResult parsed = TickParser.parse(record.value());
        if (parsed instanceof ParseResult.Rejected rejected) {
            return Ingested.of(DeadLetter.of(DeadLetter.Kind.MALFORMED, rejected.error(), record));
        }
        var tick = ((ParseResult.Accepted) parsed).tick();
        Optional<String> implausible = guards
                .computeIfAbsent(new Partition(record.topic(), record.partition()), p -> new TimestampGuard(rules, clock))
                .check(tick.timestamp());
        if (implausible.isPresent()) {
            return Ingested.of(DeadLetter.of(DeadLetter.Kind.IMPLAUSIBLE_TIMESTAMP, implausible.get(), record));
        }
        return Ingested.of(tick.withSource(record));
    }
}
