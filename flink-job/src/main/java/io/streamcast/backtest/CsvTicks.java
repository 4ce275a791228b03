package io.streamcast.backtest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.records.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recorded ticks in the CSV of DESIGN.md ({@code key,timestamp,value}) turned into the tick JSON
 * the job reads from Kafka, in event-time order. The sample files are sorted by key, then time;
 * replayed as they are, every key after the first would be late. So the rows are sorted by time
 * (stable: file, then line order), which makes the replay's input order, and with it the run,
 * deterministic.
 *
 * <p>Fields are carried into the JSON as they are, so a bad row is rejected by the same
 * {@code TickParser} as a bad Kafka record, with the same specific reason (a value that is no
 * number stays a string, a bad time stays a string); a row without three fields is passed on as
 * its raw text. Rows whose time cannot be read sort first.
 */
public final class CsvTicks {

    private static final String HEADER = "key,timestamp,value";

    /** One input row as the job will see it. */
    record Row(long timestamp, String json) {}

    /** What a file replay holds: the JSON lines written, and the event-time range they span. */
    public record Replay(Path jsonLines, long ticks, long firstTimestamp, long lastTimestamp) {}

    private CsvTicks() {}

    public static Replay writeSorted(List<Path> csvFiles, Path jsonLines) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path file : csvFiles) {
            read(file, rows);
        }
        rows.sort(Comparator.comparingLong(Row::timestamp));
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (BufferedWriter out = Files.newBufferedWriter(jsonLines)) {
            for (Row row : rows) {
                out.write(row.json());
                out.newLine();
                if (row.timestamp() != Long.MIN_VALUE) {
                    first = Math.min(first, row.timestamp());
                    last = Math.max(last, row.timestamp());
                }
            }
        }
        return new Replay(jsonLines, rows.size(), first, last);
    }

    private static void read(Path file, List<Row> rows) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IOException(file + ": expected the header '" + HEADER + "', found: " + header);
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(row(line));
                }
            }
        }
    }

    static Row row(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 3) {
            return new Row(Long.MIN_VALUE, line);
        }
        ObjectNode tick = Json.MAPPER.createObjectNode().put("key", f[0].strip());
        long timestamp = Long.MIN_VALUE;
        try {
            timestamp = Instant.parse(f[1].strip()).toEpochMilli();
            tick.put("ts", timestamp);
        } catch (DateTimeParseException e) {
            tick.put("ts", f[1]);
        }
        try {
            tick.put("value", Double.parseDouble(f[2].strip()));
        } catch (NumberFormatException e) {
            tick.put("value", f[2]);
        }
        return new Row(timestamp, tick.toString());
    }
}
