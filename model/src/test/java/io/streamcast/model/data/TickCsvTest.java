package io.streamcast.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickCsvTest {

    private static List<TickCsv.Row> rows(String csv) throws IOException {
        List<TickCsv.Row> rows = new ArrayList<>();
        TickCsv.read(new StringReader(csv), rows::add);
        return rows;
    }

    @Test
    void readsIsoAndEpochMillisTimestampsAndQuotedKeys() throws IOException {
        assertThat(rows("key,timestamp,value\n"
                + "a,2026-01-05T10:00:00.250Z,21.5\n"
                + "\n"
                + " b , 1767607200250 , -3\n"
                + "\"c,\"\"d\"\"\",2026-01-05T10:00:00Z,1e3\n")).containsExactly(
                new TickCsv.TickRow(2, "a,2026-01-05T10:00:00.250Z,21.5", "a", 1767607200250L, 21.5),
                new TickCsv.TickRow(4, " b , 1767607200250 , -3", "b", 1767607200250L, -3),
                new TickCsv.TickRow(5, "\"c,\"\"d\"\"\",2026-01-05T10:00:00Z,1e3", "c,\"d\"",
                        Instant.parse("2026-01-05T10:00:00Z").toEpochMilli(), 1000));
    }

    @Test
    void aDateIsItsDaysStartInUtcAndAnImpossibleDayIsRefused() throws IOException {
        List<TickCsv.Row> rows = rows("key,timestamp,value\n"
                + "rain,2012-01-01,1.8\n"
                + "rain,2024-02-29,0\n"
                + "rain,2023-02-29,0\n"
                + "rain,2012-1-01,0\n");
        assertThat(rows.subList(0, 2)).extracting(r -> ((TickCsv.TickRow) r).timestamp()).containsExactly(
                Instant.parse("2012-01-01T00:00:00Z").toEpochMilli(), Instant.parse("2024-02-29T00:00:00Z").toEpochMilli());
        assertThat(rows.subList(2, 4)).extracting(r -> ((TickCsv.Malformed) r).reason()).containsExactly(
                "timestamp '2023-02-29' is neither an ISO-8601 instant or date nor integral epoch milliseconds",
                "timestamp '2012-1-01' is neither an ISO-8601 instant or date nor integral epoch milliseconds");
    }

    @Test
    void aBadRowIsHandedOnWithItsLineRawTextAndReason() throws IOException {
        List<TickCsv.Row> rows = rows("key,timestamp,value\n"
                + "only,two\n"
                + "k,yesterday,1\n"
                + "k,2026-01-05T10:00:00Z,abc\n"
                + "k,2026-01-05T10:00:00Z,NaN\n"
                + "k,2026-01-05T10:00:00Z,-2e300\n"
                + "\"open,2026-01-05T10:00:00Z,1\n"
                + "k,2026-01-05T10:00:00Z,2\n");
        assertThat(rows).extracting(TickCsv.Row::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(rows.subList(0, 6)).allMatch(r -> r instanceof TickCsv.Malformed);
        assertThat(rows.get(0).raw()).isEqualTo("only,two");
        assertThat(rows.subList(0, 5)).extracting(r -> ((TickCsv.Malformed) r).reason()).containsExactly(
                "expected 3 fields (key,timestamp,value), found 2",
                "timestamp 'yesterday' is neither an ISO-8601 instant or date nor integral epoch milliseconds",
                "value 'abc' is not a number",
                "value 'NaN' is not finite",
                "value '-2e300' is beyond ±1e100, the largest magnitude a tick may have");
        assertThat(((TickCsv.Malformed) rows.get(5)).reason()).startsWith("not valid CSV: ");
        assertThat(rows.get(6)).as("an unclosed quote costs only its own line").isInstanceOf(TickCsv.TickRow.class);
    }

    @Test
    void theHeaderIsReadByNameInAnyOrderAndLetterCaseWithOtherColumnsIgnored() throws IOException {
        assertThat(rows("Timestamp,unit,VALUE,key\n"
                + "2026-01-05T10:00:00Z,kWh,21.5,a\n"
                + "2026-01-05T10:01:00Z,kWh,22\n")).containsExactly(
                new TickCsv.TickRow(2, "2026-01-05T10:00:00Z,kWh,21.5,a", "a",
                        Instant.parse("2026-01-05T10:00:00Z").toEpochMilli(), 21.5),
                new TickCsv.Malformed(3, "2026-01-05T10:01:00Z,kWh,22",
                        "expected 4 fields (Timestamp,unit,VALUE,key), found 3"));
    }

    @Test
    void aHeaderWithoutEachColumnOnceIsRefusedAndReadTicksStopsAtTheFirstBadRowNamingItsLine() {
        String expected = "expected a header naming the columns key, timestamp, value (in any order; others are"
                + " ignored), found: ";
        assertThatThrownBy(() -> rows("key,ts\n")).isInstanceOf(IOException.class).hasMessage(expected + "key,ts");
        assertThatThrownBy(() -> rows("key,timestamp,value,Value\n")).isInstanceOf(IOException.class)
                .hasMessage(expected + "key,timestamp,value,Value");
        assertThatThrownBy(() -> rows("")).isInstanceOf(IOException.class).hasMessageContaining("found: null");
        List<TickCsv.TickRow> read = new ArrayList<>();
        assertThatThrownBy(() -> TickCsv.readTicks(new StringReader(
                "\uFEFFkey,timestamp,value\na,1,1\na,2,x\na,3,3\n"), read::add))
                .isInstanceOf(IOException.class).hasMessage("line 3: value 'x' is not a number");
        assertThat(read).extracting(TickCsv.TickRow::timestamp).containsExactly(1L);
    }
}
