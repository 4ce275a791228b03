package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.TickParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTicksTest {

    @Test
    void rowsOfSeveralFilesAreMergedInEventTimeOrder(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.csv"), "key,timestamp,value\n"
                + "a,2026-01-01T00:00:00Z,1\na,2026-01-01T00:00:02Z,2\nb,2026-01-01T00:00:01Z,3\n");
        Path b = Files.writeString(dir.resolve("b.csv"), "key,timestamp,value\nc,2026-01-01T00:00:01Z,4\n");
        CsvTicks.Replay replay = CsvTicks.writeSorted(List.of(a, b), dir.resolve("out.jsonl"));
        List<String> lines = Files.readAllLines(replay.jsonLines());
        assertThat(lines).extracting(l -> l.substring(8, 9)).containsExactly("a", "b", "c", "a");
        assertThat(replay.ticks()).isEqualTo(4);
        assertThat(replay.lastTimestamp() - replay.firstTimestamp()).isEqualTo(2000);
    }

    @Test
    void badRowsAreRejectedByTheTickParserWithItsSpecificReason() {
        assertThat(reason("k,2026-01-01T00:00:00Z,abc")).isEqualTo("field 'value' must be a number, was string \"abc\"");
        assertThat(reason("k,yesterday,1")).startsWith("field 'ts' is not an ISO-8601 instant");
        assertThat(reason("only,two")).startsWith("not valid JSON");
        assertThat(TickParser.parse(CsvTicks.row("k,2026-01-01T00:00:00Z,1.5").json().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ParseResult.Accepted.class);
    }

    private static String reason(String line) {
        ParseResult result = TickParser.parse(CsvTicks.row(line).json().getBytes(StandardCharsets.UTF_8));
        return ((ParseResult.Rejected) result).error();
    }
}
