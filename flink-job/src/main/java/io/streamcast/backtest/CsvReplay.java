package io.streamcast.backtest;

import io.streamcast.ingest.Ingested;
import io.streamcast.ingest.TickIngestor;
import io.streamcast.ingest.TimestampRules;
import io.streamcast.model.data.TickCsv;
import io.streamcast.records.RawRecord;
import io.streamcast.records.Tick;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recorded ticks in CSV files ({@link TickCsv}) made ready for a replay, each row read once. The
 * sample files are sorted by key, then time; replayed as they are, every key after the first would
 * be late. So the rows are sorted by time (stable: file, then line order; a row whose time cannot
 * be read first), which makes the replay's input order, and with it the run, deterministic.
 *
 * <p>Each row then becomes what the Kafka source would have made of it ({@link TickIngestor}): a
 * tick, or a dead letter whose raw text is the row's line and whose offset is its line number. A
 * file is one partition: its own event time, judged by its own timestamp guard.
 */
final class CsvReplay {

    /** The rows read: how many, and the event-time range of their ticks. */
    record Rows(long count, long firstTimestamp, long lastTimestamp) {}

    /** The replay file written, and the rows it holds. */
    record Prepared(Path file, Rows rows) {}

    /** What is done with each record, in replay order. */
    @FunctionalInterface
    interface RecordHandler {
        void accept(Ingested record) throws IOException;
    }

    private record Entry(long time, String file, TickCsv.Row row) {}

    private CsvReplay() {}

    static Prepared prepare(List<Path> csvFiles, TimestampRules rules, Path replayFile) throws IOException {
        try (ReplayFile.Writer out = ReplayFile.create(replayFile)) {
            return new Prepared(replayFile, read(csvFiles, rules, out::write));
        }
    }

    /** Every row of the files as the record the replay makes of it, in replay order. */
    static Rows read(List<Path> csvFiles, TimestampRules rules, RecordHandler records) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Path file : csvFiles) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                TickCsv.read(in, row -> entries.add(new Entry(
                        row instanceof TickCsv.TickRow tick ? tick.timestamp() : Long.MIN_VALUE, file.toString(), row)));
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
        entries.sort(Comparator.comparingLong(Entry::time));
        TickIngestor ingestor = new TickIngestor(rules, System::currentTimeMillis);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Entry e : entries) {
            records.accept(ingest(ingestor, e));
            if (e.row() instanceof TickCsv.TickRow) {
                first = Math.min(first, e.time());
                last = Math.max(last, e.time());
            }
        }
        return new Rows(entries.size(), first, last);
    }

    private static Ingested ingest(TickIngestor ingestor, Entry e) {
        RawRecord raw = new RawRecord(e.file(), 0, e.row().line(), e.row().raw().getBytes(StandardCharsets.UTF_8));
        if (e.row() instanceof TickCsv.TickRow t) {
            return ingestor.ingest(new Tick(t.key(), t.timestamp(), t.value()), raw);
        }
        return TickIngestor.malformed(((TickCsv.Malformed) e.row()).reason(), raw);
    }
}
