package io.streamcast.job;

import static io.streamcast.job.LiveTests.DLQ;
import static io.streamcast.job.LiveTests.FORECASTS;
import static io.streamcast.job.LiveTests.MINUTE;
import static io.streamcast.job.LiveTests.START;
import static io.streamcast.job.LiveTests.TICKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.DeadLetter.Kind;
import io.streamcast.records.ForecastRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Good ticks of many keys, spread over four partitions, interleaved with every kind of bad record
 * a producer can send, read by fewer subtasks than partitions. Every bad record is a dead letter
 * with its specific reason, every good tick is in a bar, the job never restarts, and forecasts go
 * on for every window after the wild timestamps.
 */
class HostileInputTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 24;
    private static final int WINDOWS = 40;
    private static final int TICKS_PER_WINDOW = 2;

    /** A bad record, the rule that must refuse it, and words its reason must contain. */
    record Bad(String name, byte[] value, Kind kind, String reason) {
        static Bad of(String name, String value, Kind kind, String reason) {
            return new Bad(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8), kind, reason);
        }
    }

    private static String tick(String key, String ts, String value) {
        return "{\"key\":" + key + ",\"ts\":" + ts + ",\"value\":" + value + "}";
    }

    static List<Bad> badRecords() {
        String ts = String.valueOf(START + 10 * MINUTE);
        Kind m = Kind.MALFORMED;
        Kind t = Kind.IMPLAUSIBLE_TIMESTAMP;
        return List.of(
                Bad.of("invalid JSON", "{not json", m, "not valid JSON"),
                Bad.of("truncated JSON", "{\"key\":\"key-1\",\"ts\":" + ts + ",\"val", m, "not valid JSON"),
                Bad.of("empty value", "", m, "empty value"),
                Bad.of("null value", null, m, "empty value"),
                Bad.of("missing ts", "{\"key\":\"key-1\",\"value\":1}", m, "missing field 'ts'"),
                Bad.of("key a number", tick("17", ts, "1"), m, "field 'key' must be a string"),
                Bad.of("value null", tick("\"key-1\"", ts, "null"), m, "field 'value' must be a number, was null"),
                Bad.of("NaN", tick("\"key-1\"", ts, "NaN"), m, "not finite"),
                Bad.of("Infinity", tick("\"key-1\"", ts, "Infinity"), m, "not finite"),
                Bad.of("1e999", tick("\"key-1\"", ts, "1e999"), m, "not finite"),
                Bad.of("a double's largest", tick("\"key-1\"", ts, "-1.7976931348623157e308"), m, "beyond ±1e100"),
                Bad.of("number as string", tick("\"key-1\"", ts, "\"21.5\""), m, "must be a number, was string"),
                Bad.of("array", "[1,2,3]", m, "not a JSON object but array"),
                Bad.of("nested object", tick("\"key-1\"", ts, "{\"v\":1}"), m, "must be a number, was object"),
                Bad.of("ts a boolean", tick("\"key-1\"", "true", "1"), m, "field 'ts' must be"),
                Bad.of("blank key", tick("\"  \"", ts, "1"), m, "field 'key' is blank"),
                Bad.of("100 KB key", tick("\"" + "k".repeat(100_000) + "\"", ts, "1"), m, "key"),
                Bad.of("control characters in key", tick("\"key\\u0000\\n1\"", ts, "1"), m, "control"),
                Bad.of("duplicate fields", "{\"key\":\"key-1\",\"ts\":" + ts + ",\"value\":1,\"value\":2}", m, "duplicate"),
                Bad.of("900 KB record", "{\"key\":\"key-1\",\"pad\":\"" + "x".repeat(900_000), m, "not valid JSON"),
                new Bad("binary garbage", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3}, m, "not valid JSON"),
                Bad.of("no zone", tick("\"key-1\"", "\"2026-01-05T00:10:00\"", "1"), m, "not an ISO-8601 instant"),
                Bad.of("microseconds", tick("\"key-1\"", ts + "000", "1"), t, "ahead of this machine's clock"),
                Bad.of("year 10000", tick("\"key-1\"", "\"+10000-01-01T00:00:00Z\"", "1"), t, "ahead of this machine's clock"),
                Bad.of("negative", tick("\"key-1\"", "-1", "1"), t, "behind its partition's event time"),
                Bad.of("before 1900", tick("\"key-1\"", "-2500000000000", "1"), t, "before the earliest"),
                Bad.of("days ahead of the partition", tick("\"key-1\"", String.valueOf(START + 5 * 86_400_000L), "1"),
                        t, "ahead of its partition's event time"));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void everyBadRecordIsADeadLetterAndEveryGoodTickIsInABar(int parallelism, @TempDir Path dir) throws Exception {
        List<Bad> bad = badRecords();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            kafka.createTopics(PARTITIONS, TICKS);
            kafka.createTopics(1, FORECASTS, DLQ);
            LiveTests.Feed feed = new LiveTests.Feed(client, PARTITIONS);
            long good = 0;
            try (LocalRun run = LocalRun.start(LiveTests.config(kafka.bootstrapServers(), "hostile"),
                    LiveTests.localRun(dir.resolve("checkpoints"), parallelism))) {
                for (int w = 0; w < WINDOWS; w++) {
                    good += feed.window(KEYS, w, TICKS_PER_WINDOW);
                    // From window 5 on, once every partition has an event time, one bad record of
                    // each kind per window, on partition after partition.
                    if (w >= 5 && w - 5 < bad.size()) {
                        feed.raw(bad.get(w - 5).value());
                    }
                    client.flush();
                }
                List<DeadLetter> deadLetters = LiveTests.deadLetters(client, bad.size());
                assertThat(LiveTests.lastRestart(run)).as("the job never restarted").isZero();
                LiveTests.drain(run, dir.resolve("savepoints"));

                List<ForecastRecord> forecasts = LiveTests.forecasts(client, (long) KEYS * WINDOWS);
                LiveTests.assertOnePerKeyAndWindow(forecasts, KEYS, WINDOWS);
                assertThat(forecasts.stream().mapToLong(ForecastRecord::ticks).sum()).as("every good tick in a bar")
                        .isEqualTo(good);
                assertThat(deadLetters).as("no good tick among the dead letters").hasSize(bad.size());
                assertEveryBadRecordRefusedForItsReason(bad, deadLetters);
            }
        }
    }

    private static void assertEveryBadRecordRefusedForItsReason(List<Bad> bad, List<DeadLetter> deadLetters) {
        List<DeadLetter> unmatched = new ArrayList<>(deadLetters);
        unmatched.sort(Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
        for (Bad b : bad) {
            DeadLetter d = unmatched.stream().filter(x -> matches(b, x)).findFirst().orElse(null);
            assertThat(d).as("dead letter of the %s record", b.name()).isNotNull();
            assertThat(d.kind()).as(b.name()).isEqualTo(b.kind());
            assertThat(d.error()).as(b.name()).contains(b.reason());
            assertThat(d.topic()).isEqualTo(TICKS);
            assertThat(d.offset()).isNotNegative();
            unmatched.remove(d);
        }
    }

    /** The same size and, as text, the same beginning (all of it unless cut to the bound). */
    private static boolean matches(Bad bad, DeadLetter d) {
        if (bad.value() == null || d.raw() == null) {
            return bad.value() == null && d.raw() == null;
        }
        return d.rawBytes() == bad.value().length
                && new String(bad.value(), StandardCharsets.UTF_8).startsWith(d.raw());
    }
}
