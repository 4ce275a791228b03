package io.streamcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.Json;
import io.streamcast.records.RawRecord;
import io.streamcast.records.Tick;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TickIngestorTest {

    private static final long T = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    private final TickIngestor ingestor = new TickIngestor(TimestampRules.defaults(Duration.ofMinutes(1), true),
            System::currentTimeMillis);

    private static RawRecord record(int partition, long offset, String value) {
        return new RawRecord("ticks", partition, offset, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGoodTickKeepsItsSourceRecord() {
        RawRecord raw = record(1, 7, Json.toJson(new Tick("k", T, 1.5)));
        Ingested in = ingestor.ingest(raw);
        assertThat(in.deadLetter()).isNull();
        assertThat(in.tick()).isEqualTo(new Tick("k", T, 1.5, raw));
        assertThat(Ingested.eventTime(in, 0)).isEqualTo(T);
    }

    @Test
    void malformedAndImplausibleAreDeadLettersWithTheirKindAndCoordinates() {
        Ingested broken = ingestor.ingest(record(0, 3, "{not json"));
        assertThat(broken.tick()).isNull();
        assertThat(broken.deadLetter()).satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DeadLetter.Kind.MALFORMED);
            assertThat(d.raw()).isEqualTo("{not json");
            assertThat(d.rawBytes()).isEqualTo(9);
            assertThat(d.topic()).isEqualTo("ticks");
            assertThat(d.partition()).isZero();
            assertThat(d.offset()).isEqualTo(3);
        });
        assertThat(Ingested.eventTime(broken, 0)).isEqualTo(Long.MIN_VALUE);

        Ingested micros = ingestor.ingest(record(0, 4, Json.toJson(new Tick("k", T * 1000, 1))));
        assertThat(micros.deadLetter().kind()).isEqualTo(DeadLetter.Kind.IMPLAUSIBLE_TIMESTAMP);
    }

    @Test
    void eventTimeIsKeptPerPartition() {
        assertThat(ingestor.ingest(record(0, 0, Json.toJson(new Tick("k", T, 1)))).tick()).isNotNull();
        long muchLater = T + Duration.ofDays(30).toMillis();
        assertThat(ingestor.ingest(record(1, 0, Json.toJson(new Tick("k", muchLater, 1)))).tick())
                .as("partition 1 starts its own event time").isNotNull();
        assertThat(ingestor.ingest(record(0, 1, Json.toJson(new Tick("k", muchLater, 1)))).deadLetter())
                .as("a jump on partition 0").isNotNull();
    }

    @Test
    void aHugeRecordMakesABoundedDeadLetter() {
        String huge = "{\"key\":\"" + "x".repeat(900_000) + "\",\"ts\":1,\"value\":\"" + "é".repeat(100_000) + "\"}";
        DeadLetter d = ingestor.ingest(record(2, 9, huge)).deadLetter();
        int size = huge.getBytes(StandardCharsets.UTF_8).length;
        assertThat(d.rawBytes()).isEqualTo(size);
        assertThat(d.raw().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(DeadLetter.MAX_RAW_BYTES);
        assertThat(huge).startsWith(d.raw());
        assertThat(d.error().length()).isLessThanOrEqualTo(DeadLetter.MAX_ERROR_CHARS);
        assertThat(Json.toJson(d).length()).isLessThan(3 * DeadLetter.MAX_RAW_BYTES);
    }

    @Test
    void binaryGarbageAndNullValuesAreDeadLetters() {
        DeadLetter garbage = ingestor.ingest(new RawRecord("ticks", 0, 1, new byte[] {(byte) 0xff, 0, (byte) 0xc3})).deadLetter();
        assertThat(garbage.kind()).isEqualTo(DeadLetter.Kind.MALFORMED);
        assertThat(garbage.rawBytes()).isEqualTo(3);
        DeadLetter tombstone = ingestor.ingest(new RawRecord("ticks", 0, 2, null)).deadLetter();
        assertThat(tombstone.raw()).isNull();
        assertThat(tombstone.error()).isEqualTo("empty value");
    }
}
