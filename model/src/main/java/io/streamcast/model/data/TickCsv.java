package io.streamcast.model.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one reader of the tick CSV of DESIGN.md: a header {@code key,timestamp,value}, then a row per
 * tick, the timestamp an ISO-8601 instant or integral epoch milliseconds. Fields are split and
 * unquoted by jackson-dataformat-csv, one line at a time: each row keeps its line number and raw
 * text (for a dead letter or an error message), and a broken row (an unclosed quote, say) costs
 * only its own line. Blank lines are skipped; fields are trimmed.
 *
 * <p>Every row is handed on, good or not, so each caller decides what a bad row means: the model's
 * readers stop at it, a backtest turns it into a dead letter.
 */
public final class TickCsv {

    public static final List<String> HEADER = List.of("key", "timestamp", "value");

    private static final CsvFactory CSV = new CsvFactory().enable(CsvParser.Feature.TRIM_SPACES);

    /** One non-blank line after the header; {@code line} counts from 1, the header's. */
    public sealed interface Row permits TickRow, Malformed {
        long line();

        String raw();
    }

    public record TickRow(long line, String raw, String key, long timestamp, double value) implements Row {}

    /** A row that is no tick, and why in words. */
    public record Malformed(long line, String raw, String reason) implements Row {}

    /** What is done with each row; may stop the reading by throwing. */
    @FunctionalInterface
    public interface RowHandler {
        void accept(Row row) throws IOException;
    }

    private TickCsv() {}

    /**
     * The ticks of a file that must have no bad row (sample data, the demo's input).
     *
     * @throws IOException at the first bad row, naming its line and what is wrong with it
     */
    public static void readTicks(Reader csv, Consumer<TickRow> ticks) throws IOException {
        read(csv, row -> {
            if (row instanceof Malformed bad) {
                throw new IOException("line " + bad.line() + ": " + bad.reason());
            }
            ticks.accept((TickRow) row);
        });
    }

    /**
     * Checks the header and hands every row to {@code rows}, in file order.
     *
     * @throws IOException if the file cannot be read or its header is not {@link #HEADER}
     */
    public static void read(Reader csv, RowHandler rows) throws IOException {
        BufferedReader in = csv instanceof BufferedReader b ? b : new BufferedReader(csv);
        String header = in.readLine();
        if (header == null || !fields(stripBom(header)).equals(HEADER)) {
            throw new IOException("expected the header '" + String.join(",", HEADER) + "', found: " + header);
        }
        long line = 1;
        String text;
        while ((text = in.readLine()) != null) {
            line++;
            if (!text.isBlank()) {
                rows.accept(row(line, text));
            }
        }
    }

    /** One line's row. */
    static Row row(long line, String text) {
        List<String> f;
        try {
            f = fields(text);
        } catch (IOException e) {
            return new Malformed(line, text, "not valid CSV: " + e.getMessage());
        }
        if (f.size() != HEADER.size()) {
            return new Malformed(line, text, "expected " + HEADER.size() + " fields (" + String.join(",", HEADER)
                    + "), found " + f.size());
        }
        long timestamp;
        try {
            timestamp = timestamp(f.get(1));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return new Malformed(line, text, "timestamp '" + f.get(1)
                    + "' is neither an ISO-8601 instant or date nor integral epoch milliseconds");
        }
        double value;
        try {
            value = Double.parseDouble(f.get(2));
        } catch (NumberFormatException e) {
            return new Malformed(line, text, "value '" + f.get(2) + "' is not a number");
        }
        String valueProblem = TickValues.problem(value);
        if (valueProblem != null) {
            return new Malformed(line, text, "value '" + f.get(2) + "' " + valueProblem);
        }
        return new TickRow(line, text, f.get(0), timestamp, value);
    }

    /** The line's fields, split and unquoted by Jackson's streaming CSV parser (no data binding: this runs per row). */
    private static List<String> fields(String text) throws IOException {
        List<String> fields = new ArrayList<>(HEADER.size());
        try (JsonParser row = CSV.createParser(text)) {
            if (row.nextToken() == JsonToken.START_ARRAY) {
                while (row.nextToken() == JsonToken.VALUE_STRING) {
                    fields.add(row.getText());
                }
            }
        } catch (JacksonException e) {
            throw new IOException(e.getOriginalMessage(), e);
        }
        return fields;
    }

    /** Epoch milliseconds if the text is an integer, else an ISO-8601 date or instant. */
    private static long timestamp(String text) {
        return isInteger(text) ? Long.parseLong(text) : IsoInstants.dateOrInstantToEpochMilli(text);
    }

    private static boolean isInteger(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripBom(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }
}
