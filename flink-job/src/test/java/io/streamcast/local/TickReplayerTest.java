package io.streamcast.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.TickParser;
import io.streamcast.records.Tick;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickReplayerTest {

    private static final String CSV = """
            key,timestamp,value
            b,2010-07-10T00:00:00Z,1
            b,2010-07-10T00:00:05Z,2
            b,2010-07-10T00:00:10Z,3
            a,2010-07-10T00:00:05Z,10
            a,2010-07-10T00:00:07Z,11
            c,2010-07-10T00:00:01Z,100
            """;

    private static long ts(String time) {
        return Instant.parse("2010-07-10T" + time + "Z").toEpochMilli();
    }

    @Test
    void mergesTheFirstKeysInEventTimeOrderKeepingKeyOrderOnTies() throws IOException {
        assertThat(TickReplayer.readCsv(new StringReader(CSV), 2)).containsExactly(
                new Tick("b", ts("00:00:00"), 1),
                new Tick("b", ts("00:00:05"), 2),
                new Tick("a", ts("00:00:05"), 10),
                new Tick("a", ts("00:00:07"), 11),
                new Tick("b", ts("00:00:10"), 3));
        assertThat(TickReplayer.readCsv(new StringReader(CSV), 10)).hasSize(6)
                .extracting(Tick::key).containsExactly("b", "c", "b", "a", "a", "b");
    }

    @Test
    void badCsvNamesTheLine() {
        assertThatThrownBy(() -> TickReplayer.readCsv(new StringReader("key,ts\n"), 1))
                .isInstanceOf(IOException.class).hasMessageContaining("key, timestamp, value").hasMessageEndingWith("found: key,ts");
        assertThatThrownBy(() -> TickReplayer.readCsv(new StringReader("key,timestamp,value\na,yesterday,1\n"), 1))
                .isInstanceOf(IOException.class).hasMessageStartingWith("line 2: ");
    }

    @Test
    void dueTimeIsEventTimeOverSpeedup() {
        assertThat(TickReplayer.dueNanos(0, 5_000, 600)).isEqualTo(8_333_333);
        assertThat(TickReplayer.dueNanos(1_000, 60_000, 60)).isEqualTo(1_000_001_000L);
        assertThat(TickReplayer.dueNanos(7, -5_000, 600)).as("out of order: at once").isEqualTo(7);
    }

    @Test
    void replaySleepsUntilEachTickIsDueWithoutDriftAndCapsGaps() throws Exception {
        long twoMonths = 61L * 24 * 3_600_000;
        List<Tick> ticks = List.of(new Tick("a", 0, 1), new Tick("b", 0, 2), new Tick("a", 6_000, 3),
                new Tick("a", 6_001, 4), new Tick("a", 12_000, 5), new Tick("b", 12_000 + twoMonths, 6));
        FakePacer pacer = new FakePacer();
        List<Tick> sent = new ArrayList<>();
        TickReplayer replayer = new TickReplayer(ticks, 60, Duration.ofSeconds(6), new TickReplayer.TickSink() {
            @Override
            public void send(Tick tick) {
                sent.add(tick);
                pacer.now += 1_000_000; // sending takes 1 ms
            }

            @Override
            public void close() {}
        }, pacer);

        replayer.replay();

        assertThat(sent).isEqualTo(ticks);
        assertThat(replayer.ticksSent()).isEqualTo(6);
        // Due at 0, 0, 100 ms, 100.017 ms (already past after a 1 ms send: no sleep), 200 ms, and
        // 300 ms: the two months' gap replays as the 6 s cap.
        assertThat(pacer.sleeps).containsExactly(98_000_000L, 98_000_000L, 99_000_000L);
    }

    @Test
    void ticksAreWrittenAsTheJobParsesThem() {
        Tick tick = new Tick("multihop.mote1.outdoor.humidity", ts("10:00:00.250"), 43.82);
        String json = TickReplayer.toJson(tick);
        assertThat(json).isEqualTo(
                "{\"key\":\"multihop.mote1.outdoor.humidity\",\"ts\":\"2010-07-10T10:00:00.250Z\",\"value\":43.82}");
        assertThat(TickParser.parse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(ParseResult.accepted(tick));
    }

    private static final class FakePacer implements TickReplayer.Pacer {
        long now = 5_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }
}
