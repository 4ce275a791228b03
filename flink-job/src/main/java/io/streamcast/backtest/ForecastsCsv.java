package io.streamcast.backtest;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.streamcast.model.data.IsoInstants;
import io.streamcast.model.interval.Interval;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * forecasts.csv, a row at a time, by jackson-dataformat-csv: a field is quoted only where it
 * needs it (a key with a comma or a quote). Numbers are written as {@code Double.toString} writes
 * them: exact, and byte-identical run after run. Bounds are empty where there is no interval; the
 * {@code step} column is there only with a horizon.
 */
final class ForecastsCsv implements Closeable {

    private static final CsvFactory CSV = new CsvFactory()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);

    private final CsvGenerator out;
    private final boolean withStep;

    private ForecastsCsv(CsvGenerator out, boolean withStep) {
        this.out = out;
        this.withStep = withStep;
    }

    static ForecastsCsv create(Path file, boolean withStep) throws IOException {
        CsvSchema.Builder columns = CsvSchema.builder().addColumn("key").addColumn("windowEnd");
        if (withStep) {
            columns.addColumn("step");
        }
        for (String column : new String[] {"actual", "forecast", "naive", "seasonalNaive", "modelVersion", "lower",
                "upper", "anomaly"}) {
            columns.addColumn(column);
        }
        CsvGenerator out = CSV.createGenerator(Files.newBufferedWriter(file));
        out.setSchema(columns.setUseHeader(true).build());
        return new ForecastsCsv(out, withStep);
    }

    void write(BacktestScores.Row r) throws IOException {
        out.writeStartArray();
        out.writeString(r.key());
        out.writeString(Instant.ofEpochMilli(r.windowEnd()).toString());
        if (withStep) {
            out.writeNumber(r.step());
        }
        out.writeNumber(r.actual());
        out.writeNumber(r.forecast());
        out.writeNumber(r.naive());
        out.writeNumber(r.seasonalNaive());
        out.writeNumber(r.modelVersion());
        if (r.interval().isPresent()) {
            out.writeNumber(r.interval().get().lower());
            out.writeNumber(r.interval().get().upper());
        } else {
            out.writeNull();
            out.writeNull();
        }
        out.writeBoolean(r.anomaly());
        out.writeEndArray();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Hands on the rows of a forecasts.csv written here, in file order. */
    static void read(Path file, Consumer<BacktestScores.Row> rows) throws IOException {
        try (MappingIterator<Map<String, String>> in = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (in.hasNextValue()) {
                Map<String, String> r = in.nextValue();
                String lower = r.get("lower");
                rows.accept(new BacktestScores.Row(r.get("key"), IsoInstants.toEpochMilli(r.get("windowEnd")),
                        Integer.parseInt(r.getOrDefault("step", "1")), Double.parseDouble(r.get("actual")),
                        Double.parseDouble(r.get("forecast")), Double.parseDouble(r.get("naive")),
                        Double.parseDouble(r.get("seasonalNaive")), Long.parseLong(r.get("modelVersion")),
                        lower.isEmpty() ? Optional.empty()
                                : Optional.of(new Interval(Double.parseDouble(lower), Double.parseDouble(r.get("upper")))),
                        Boolean.parseBoolean(r.get("anomaly"))));
            }
        }
    }
}
