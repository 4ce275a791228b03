package io.streamcast.ingest;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.RawRecord;
import io.streamcast.records.Tick;
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
            return malformed(rejected.error(), record);
        }
        return checkTime(((ParseResult.Accepted) parsed).tick(), record);
    }

    /**
     * A tick read from another format (a CSV row, {@code record} its raw line): its key checked as
     * {@link TickParser} checks it, then its time.
     */
    public Ingested ingest(Tick tick, RawRecord record) {
        String keyProblem = TickKeys.problem(tick.key());
        return keyProblem != null ? malformed(keyProblem, record) : checkTime(tick, record);
    }

    /** A record that is no tick, for {@code reason}. */
    public static Ingested malformed(String reason, RawRecord record) {
        return Ingested.of(DeadLetter.of(DeadLetter.Kind.MALFORMED, reason, record));
    }

    private Ingested checkTime(Tick tick, RawRecord record) {
        Optional<String> implausible = guards
                .computeIfAbsent(new Partition(record.topic(), record.partition()), p -> new TimestampGuard(rules, clock))
                .check(tick.timestamp());
        if (implausible.isPresent()) {
            return Ingested.of(DeadLetter.of(DeadLetter.Kind.IMPLAUSIBLE_TIMESTAMP, implausible.get(), record));
        }
        return Ingested.of(tick.withSource(record));
    }
}
