package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.ingest.Ingested;
import io.streamcast.ingest.TimestampRules;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.Tick;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReplayTest {

    private static final TimestampRules RULES = TimestampRules.defaults(Duration.ofMinutes(1), false);

    /** What the job's source reads back from the replay file. */
    private static List<Ingested> replayed(Path file) throws Exception {
        List<Ingested> records = new ArrayList<>();
        try (StreamFormat.Reader<Ingested> in = new ReplayFile.Format()
                .createReader(new Configuration(), new LocalDataInputStream(file.toFile()))) {
            for (Ingested next = in.read(); next != null; next = in.read()) {
                records.add(next);
            }
        }
        return records;
    }

    @Test
    void rowsOfSeveralFilesBecomeTicksInEventTimeOrder(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.csv"), "key,timestamp,value\n"
                + "a,2026-01-01T00:00:00Z,1\na,2026-01-01T00:00:02Z,2\nb,2026-01-01T00:00:01Z,3\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "key,timestamp,value\nc,1767225601000,4\n");
        CsvReplay.Prepared replay = CsvReplay.prepare(List.of(a, b), RULES, dir.resolve("replay.bin"));
        List<Ingested> records = replayed(replay.file());
        assertThat(records).extracting(r -> r.tick().key()).containsExactly("a", "b", "c", "a");
        assertThat(records.get(2).tick().value()).isEqualTo(4);
        assertThat(records.get(2).tick().source().topic()).as("a tick keeps its file and line").isEqualTo(b.toString());
        assertThat(records.get(2).tick().source().offset()).isEqualTo(2);
        assertThat(replay.rows().count()).isEqualTo(4);
        assertThat(replay.rows().lastTimestamp() - replay.rows().firstTimestamp()).isEqualTo(2000);
    }

    @Test
    void badRowsBecomeDeadLettersWithTheirLineAndReason(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "key,timestamp,value\n"
                + "k,2026-01-01T00:00:00Z,1.5\n"
                + "k,yesterday,1\n"
                + "k,2026-01-01T00:00:01Z,abc\n"
                + " ,2026-01-01T00:00:02Z,1\n"
                + "k,1800-01-01T00:00:00Z,1\n");
        List<Ingested> records = replayed(CsvReplay.prepare(List.of(csv), RULES, dir.resolve("replay.bin")).file());
        List<DeadLetter> deadLetters = records.stream().map(Ingested::deadLetter).filter(d -> d != null).toList();
        assertThat(deadLetters).extracting(DeadLetter::offset).as("rows whose time cannot be read sort first")
                .containsExactly(3L, 4L, 6L, 5L);
        assertThat(deadLetters.get(0).raw()).isEqualTo("k,yesterday,1");
        assertThat(deadLetters.get(0).topic()).isEqualTo(csv.toString());
        assertThat(deadLetters).extracting(DeadLetter::kind).containsExactly(DeadLetter.Kind.MALFORMED,
                DeadLetter.Kind.MALFORMED, DeadLetter.Kind.IMPLAUSIBLE_TIMESTAMP, DeadLetter.Kind.MALFORMED);
        assertThat(deadLetters.get(0).error()).startsWith("timestamp 'yesterday' is neither");
        assertThat(deadLetters.get(1).error()).isEqualTo("value 'abc' is not a number");
        assertThat(deadLetters.get(3).error()).isEqualTo("field 'key' is blank");
        assertThat(records.stream().map(Ingested::tick).filter(t -> t != null)).extracting(Tick::value)
                .containsExactly(1.5);
    }
}
