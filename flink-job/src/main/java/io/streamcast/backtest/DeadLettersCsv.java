package io.streamcast.backtest;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.streamcast.records.DeadLetter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * dead-letters.csv: which of a backtest's rows (or a Kafka range's records) were refused and why,
 * with the dead letter's fields in the order a reader looks for them: {@code kind}, {@code error},
 * where it came from ({@code topic}: the file for a CSV row; {@code partition}; {@code offset}: the
 * row's line number), then {@code rawBytes} and {@code raw}, the row itself. A row at a time, in
 * the order the dead letters arrive (the refusing subtasks run side by side, so that order may
 * differ between runs; the set does not). The console and report.json only count them.
 */
final class DeadLettersCsv implements Closeable {

    private static final CsvSchema COLUMNS = CsvSchema.builder().addColumn("kind").addColumn("error")
            .addColumn("topic").addColumn("partition").addColumn("offset").addColumn("rawBytes").addColumn("raw")
            .setUseHeader(true).build();

    private final SequenceWriter out;

    private DeadLettersCsv(SequenceWriter out) {
        this.out = out;
    }

    static DeadLettersCsv create(Path file) throws IOException {
        return new DeadLettersCsv(new CsvMapper().writerFor(DeadLetter.class).with(COLUMNS)
                .writeValues(Files.newBufferedWriter(file)));
    }

    /** Safe to call from the thread that drains the dead letters while another writes forecasts. */
    synchronized void write(DeadLetter deadLetter) throws IOException {
        out.write(deadLetter);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
