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
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The one reader of the tick CSV of DESIGN.md: a header {@code key,timestamp,value}, then a row per
 * tick, the timestamp an ISO-8601 instant or date or integral epoch milliseconds. The header is
 * read by name, as exports write it: the three columns in any order and any letter case, other
 * columns (a unit, a station name) ignored. Fields are split and unquoted by
 * jackson-dataformat-csv, one line at a time: each row keeps its line number and raw text (for a
 * dead letter or an error message), and a broken row (an unclosed quote, say) costs only its own
 * line. Blank lines are skipped; fields are trimmed.
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
     * @throws IOException if the file cannot be read or its header does not name each of
     *     {@link #HEADER} once
     */
    public static void read(Reader csv, RowHandler rows) throws IOException {
        BufferedReader in = csv instanceof BufferedReader b ? b : new BufferedReader(csv);
        String header = in.readLine();
        Columns columns = Columns.of(header == null ? List.of() : fields(stripBom(header)))
                .orElseThrow(() -> new IOException("expected a header naming the columns "
                        + String.join(", ", HEADER) + " (in any order; others are ignored), found: " + header));
        long line = 1;
        String text;
        while ((text = in.readLine()) != null) {
            line++;
            if (!text.isBlank()) {
                rows.accept(columns.row(line, text));
            }
        }
    }

    /** Where a file's header puts the three columns, among how many. */
    private record Columns(List<String> names, int keyAt, int timestampAt, int valueAt) {

        /** Each of {@link #HEADER} named exactly once (letter case aside), or empty. */
        static Optional<Columns> of(List<String> names) {
            int[] at = new int[HEADER.size()];
            for (int c = 0; c < HEADER.size(); c++) {
                String wanted = HEADER.get(c);
                List<Integer> found = IntStream.range(0, names.size())
                        .filter(i -> names.get(i).equalsIgnoreCase(wanted)).boxed().toList();
                if (found.size() != 1) {
                    return Optional.empty();
                }
                at[c] = found.get(0);
            }
            return Optional.of(new Columns(List.copyOf(names), at[0], at[1], at[2]));
        }

        /** One line's row. */
        Row row(long line, String text) {
            List<String> f;
            try {
                f = fields(text);
            } catch (IOException e) {
                return new Malformed(line, text, "not valid CSV: " + e.getMessage());
            }
            if (f.size() != names.size()) {
                return new Malformed(line, text, "expected " + names.size() + " fields (" + String.join(",", names)
                        + "), found " + f.size());
            }
            long ts;
            try {
                ts = timestamp(f.get(timestampAt));
            } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
                return new Malformed(line, text, "timestamp '" + f.get(timestampAt)
                        + "' is neither an ISO-8601 instant or date nor integral epoch milliseconds");
            }
            double v;
            try {
                v = Double.parseDouble(f.get(valueAt));
            } catch (NumberFormatException e) {
                return new Malformed(line, text, "value '" + f.get(valueAt) + "' is not a number");
            }
            String valueProblem = TickValues.problem(v);
            if (valueProblem != null) {
                return new Malformed(line, text, "value '" + f.get(valueAt) + "' " + valueProblem);
            }
            return new TickRow(line, text, f.get(keyAt), ts, v);
        }
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
