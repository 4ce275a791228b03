package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.streamcast.cli.CliRun;
import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.local.TickProducers;
import io.streamcast.records.Tick;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.records.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest command on a MiniCluster at parallelism 2 over real recorded data (two Chicago
 * stations, 400 days): byte-identical forecasts run after run, and no forecast sees the future.
 */
class BacktestCommandTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int DAYS = 400;
    private static final Instant CHANGE_FROM = Instant.parse("2016-01-01T00:00:00Z");

    @TempDir
    static Path dir;
    private static Path original;
    private static Path changed;
    /** What the last backtest printed on the console. */
    private static String lastConsole;

    /** Two stations' last 400 days, and the same with every value from CHANGE_FROM on tripled. */
    @BeforeAll
    static void data() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "data", "chicago_ridership.csv"));
        Map<String, List<String>> byKey = lines.subList(1, lines.size()).stream()
                .collect(Collectors.groupingBy(l -> l.substring(0, l.indexOf(','))));
        List<String> rows = new ArrayList<>();
        for (String key : List.of("Clark_Lake", "Harlem")) {
            List<String> keyRows = byKey.get(key);
            rows.addAll(keyRows.subList(keyRows.size() - DAYS, keyRows.size()));
        }
        List<String> tripled = rows.stream().map(r -> {
            String[] f = r.split(",");
            return Instant.parse(f[1]).isBefore(CHANGE_FROM) ? r : f[0] + "," + f[1] + "," + 3 * Double.parseDouble(f[2]);
        }).toList();
        original = Files.write(dir.resolve("original.csv"), concat("key,timestamp,value", rows));
        changed = Files.write(dir.resolve("changed.csv"), concat("key,timestamp,value", tripled));
    }

    private static List<String> concat(String header, List<String> rows) {
        List<String> all = new ArrayList<>(List.of(header));
        all.addAll(rows);
        return all;
    }

    private static Path backtest(Path input, String name) {
        return backtest(name, "--input", input.toString());
    }

    private static Path backtest(String name, String... source) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("backtest"));
        args.addAll(List.of(source));
        args.addAll(List.of("--out", out.toString(),
                "--window", "1d", "--retrain-every", "30d", "--min-training-windows", "4", "--training-sample", "1", "--tbptt", "20",
                "--hidden", "8", "--layers", "1", "--epochs", "4", "--parallelism", "2"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        lastConsole = run.out();
        return out;
    }

    /**
     * One key measured in picofarads, one broken device at a double's range: the picofarad key is
     * forecast as its twin in ordinary units, the broken one is dead-lettered, and the model still
     * trains for everyone (its NaN once spoiled every retraining of the run).
     */
    @Test
    void aKeyInTinyUnitsIsForecastAsItsTwinAndABrokenDeviceSpoilsNoTraining() throws Exception {
        List<String> rows = new ArrayList<>(Files.readAllLines(original));
        List<String> ticks = rows.subList(1, rows.size());
        List<String> extra = new ArrayList<>();
        for (String r : ticks) {
            String[] f = r.split(",");
            if (f[0].equals("Clark_Lake")) {
                extra.add("Clark_Lake_pico," + f[1] + "," + Double.parseDouble(f[2]) * 1e-12);
                extra.add("broken," + f[1] + "," + (extra.size() % 4 == 1 ? "1.7e308" : "-1.7e308"));
            }
        }
        List<String> lines = concat("key,timestamp,value", Stream.concat(ticks.stream(), extra.stream()).toList());
        Path input = Files.write(dir.resolve("units.csv"), lines);
        Path out = backtest(input, "units");

        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        assertThat(report.path("run").path("deadLetters").asLong()).as("every tick of the broken device").isEqualTo(DAYS);
        assertThat(lastConsole).contains(DAYS + " dead letters (which and why: dead-letters.csv)");
        List<Map<String, String>> deadLetters;
        try (MappingIterator<Map<String, String>> read = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(out.resolve("dead-letters.csv").toFile())) {
            deadLetters = read.readAll();
        }
        assertThat(deadLetters).hasSize(DAYS).allSatisfy(d -> {
            assertThat(d.get("kind")).isEqualTo("MALFORMED");
            assertThat(d.get("error")).startsWith("value '").contains("is beyond ±1e100");
            assertThat(d.get("topic")).isEqualTo(input.toString());
            int line = Integer.parseInt(d.get("offset"));
            assertThat(d.get("raw")).as("the row of line %d, as it was", line).isEqualTo(lines.get(line - 1))
                    .startsWith("broken,");
        });
        assertThat(report.path("models")).as("trainings").isNotEmpty()
                .allSatisfy(m -> assertThat(m.path("trainLoss").isNumber()).as("a finite loss: %s", m).isTrue());
        assertThat(report.path("models").findValues("accepted")).anySatisfy(a -> assertThat(a.asBoolean()).isTrue());
        JsonNode keys = report.path("keys");
        assertThat(keys.has("broken")).isFalse();
        assertThat(keys.path("Clark_Lake_pico").path("model").path("mase").asDouble()).as("MASE in picofarads")
                .isCloseTo(keys.path("Clark_Lake").path("model").path("mase").asDouble(), within(1e-3));
    }

    /** Daily data dated by day reads as the day's start; a file none of whose rows is a tick is an error, not a result. */
    @Test
    void datesAreDaysAndAFileOfNothingButRefusedRowsFailsSayingWhy() throws Exception {
        Path dated = Files.write(dir.resolve("dated.csv"), List.of("key,timestamp,value",
                "a,2020-01-01,1", "a,2020-01-02,2", "a,2020-01-03,3"));
        Path out = backtest(dated, "dated");
        assertThat(Files.readAllLines(out.resolve("forecasts.csv"))).hasSize(3)
                .element(1).asString().startsWith("a,2020-01-03T00:00:00Z,2.0,");

        Path slashed = Files.write(dir.resolve("slashed.csv"), List.of("key,timestamp,value",
                "a,2020/01/01,1", "a,2020/01/02,2"));
        Path refusedOut = dir.resolve("slashed");
        CliRun run = CliRun.of("backtest", "--input", slashed.toString(), "--out", refusedOut.toString(), "--window", "1d");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("none of the 2 records read was a tick; each is in "
                + refusedOut.resolve("dead-letters.csv") + " with why, e.g. " + slashed + ":",
                "timestamp '2020/01/0", "is neither an ISO-8601 instant or date nor integral epoch milliseconds");
        assertThat(Files.readAllLines(refusedOut.resolve("dead-letters.csv"))).hasSize(3);
    }

    @Test
    void nothingScoredGivesNoScoresNotNaN() throws Exception {
        // Two days of one key: no model ever forecasts, so no window is scored.
        Path tiny = Files.write(dir.resolve("tiny.csv"),
                List.of("key,timestamp,value", "a,2020-01-01T00:00:00Z,1", "a,2020-01-02T00:00:00Z,2"));
        // An earlier run's champion in the same directory must not pass for this run's.
        Files.createDirectories(dir.resolve("tiny"));
        Files.write(dir.resolve("tiny").resolve("model.bin"), new byte[] {1, 2, 3});
        Path out = backtest(tiny, "tiny");
        assertThat(out.resolve("model.bin")).as("an earlier run's model").doesNotExist();
        String json = Files.readString(out.resolve("report.json"));
        JsonNode overall = Json.MAPPER.readTree(json).path("overall");
        assertThat(overall.path("n").asLong()).isZero();
        assertThat(overall.path("model").path("mase").isNull()).isTrue();
        assertThat(overall.path("skill").isNull()).isTrue();
        assertThat(overall.path("interval").path("coverage").isNull()).isTrue();
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(Files.readString(out.resolve("report.html"))).doesNotContain("NaN");
        assertThat(lastConsole).contains("overall").doesNotContain("NaN").doesNotContain("baseline wins")
                .contains("no model was trained: every forecast was the last value");
    }

    @Test
    void aKafkaTimeRangeReplaysLikeTheFile() throws Exception {
        Path fromFile = backtest(original, "file");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                KafkaProducer<String, String> producer = TickProducers.create(kafka.bootstrapServers(),
                        new StringSerializer(), new StringSerializer(), Map.of())) {
            kafka.createTopics(2, "ticks");
            List<String> rows = Files.readAllLines(original);
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",");
                long ts = Instant.parse(f[1]).toEpochMilli();
                first = Math.min(first, ts);
                last = Math.max(last, ts);
                // Each key on its own partition, in time order there, stamped with its event time.
                producer.send(new ProducerRecord<>("ticks", f[0].equals("Harlem") ? 1 : 0, ts, f[0],
                        Json.toJson(new Tick(f[0], ts, Double.parseDouble(f[2])))));
            }
            producer.flush();
            // A Kafka range is not read ahead for its season; given the file's, its seasonal naive is the file's.
            String season = Json.MAPPER.readTree(fromFile.resolve("report.json").toFile()).path("config").path("season").asText();
            Path fromKafka = backtest("kafka", "--topic", "ticks", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--from", Instant.ofEpochMilli(first).toString(), "--to", Instant.ofEpochMilli(last + 1).toString(),
                    "--season", season);
            assertThat(firstDifference(fromFile, fromKafka)).isEqualTo("none");
        }
    }

    @Test
    void sameInputSameForecastsByteForByteAndAFullReport() throws Exception {
        Path first = backtest(original, "first");
        // Scored from two thirds in: the scores change, the forecasts must not.
        List<String> firstRows = Files.readAllLines(first.resolve("forecasts.csv"));
        String scoreFrom = firstRows.get(firstRows.size() * 2 / 3).split(",")[1];
        Path second = backtest("second", "--input", original.toString(), "--score-from", scoreFrom);
        byte[] forecasts = Files.readAllBytes(first.resolve("forecasts.csv"));
        byte[] again = Files.readAllBytes(second.resolve("forecasts.csv"));
        assertThat(Arrays.equals(forecasts, again)).as("forecasts.csv byte-identical; first differing line: %s",
                firstDifference(first, second)).isTrue();

        List<String> rows = Files.readAllLines(first.resolve("forecasts.csv"));
        assertThat(rows.get(0)).isEqualTo("key,windowEnd,actual,forecast,naive,seasonalNaive,modelVersion,lower,upper,anomaly");
        assertThat(rows).hasSize(1 + 2 * (DAYS - 1));
        assertThat(rows.stream().skip(1).mapToLong(r -> Long.parseLong(r.split(",")[6])).max().orElse(0))
                .as("retraining published models").isPositive();
        // A key's first row scores the forecast made at its first bar, which had no deviation to
        // size an interval by; every later forecast has one.
        // (windowEnd is an ISO-8601 instant of one format: its text sorts as its time does.)
        Map<String, String> firstRowOfKey = rows.stream().skip(1).map(r -> r.split(",", -1))
                .collect(Collectors.toMap(f -> f[0], f -> f[1], (a, b) -> a.compareTo(b) <= 0 ? a : b));
        assertThat(rows.stream().skip(1)).allSatisfy(r -> {
            String[] f = r.split(",", -1);
            if (f[1].equals(firstRowOfKey.get(f[0]))) {
                assertThat(f[7]).isEmpty();
                assertThat(f[8]).isEmpty();
            } else {
                assertThat(Double.parseDouble(f[7])).isLessThanOrEqualTo(Double.parseDouble(f[3]));
                assertThat(Double.parseDouble(f[8])).isGreaterThanOrEqualTo(Double.parseDouble(f[3]));
            }
            assertThat(f[9]).isIn("true", "false");
        });

        JsonNode report = Json.MAPPER.readTree(first.resolve("report.json").toFile());
        // Read from the windows before the first retraining point a model can be trained at: the
        // points fall every 30 days from the epoch, the first (2015-08-03) 22 days in, before any key
        // can fill a window of 2 x 20 bars after 8 of warm-up (48 days: 2015-08-29), so the next,
        // 2015-09-02: 52 windows. The seasonal naive is of that season.
        JsonNode config = report.path("config");
        assertThat(config.path("seasonFrom").asText()).isEqualTo("data");
        assertThat(config.path("seasonReason").asText())
                .matches("(autocorrelation 0\\.\\d\\d|none found) in the first 52 windows, "
                        + "before a model can be trained.*");
        assertThat(seasonalNaiveIsTheActualOfASeasonBefore(rows, config.path("season").asInt())).isGreaterThan(600);
        for (String part : List.of("model", "naive", "seasonalNaive")) {
            for (String metric : List.of("mae", "rmse", "smape", "mase")) {
                assertThat(report.path("overall").path(part).path(metric).isNumber()).as(part + "." + metric).isTrue();
            }
        }
        // Each key is scored from the first window a trained model forecast.
        long scored = 0;
        for (String key : List.of("Clark_Lake", "Harlem")) {
            List<String> keyRows = rows.stream().filter(r -> r.startsWith(key + ",")).toList();
            int naive = 0;
            while (keyRows.get(naive).split(",")[6].equals("0")) {
                naive++;
            }
            scored += keyRows.size() - naive;
        }
        assertThat(report.path("overall").path("n").asLong()).isEqualTo(scored);
        JsonNode fromLater = Json.MAPPER.readTree(second.resolve("report.json").toFile());
        assertThat(fromLater.path("config").path("scoreFrom").asText()).isEqualTo(scoreFrom);
        assertThat(fromLater.path("overall").path("n").asLong())
                .isEqualTo(rows.stream().skip(1).filter(r -> r.split(",")[1].compareTo(scoreFrom) >= 0).count());
        assertThat(report.path("keys").has("Clark_Lake")).isTrue();
        JsonNode interval = report.path("overall").path("interval");
        for (String metric : List.of("coverage", "msis", "naiveCoverage", "naiveMsis")) {
            assertThat(interval.path(metric).isNumber()).as("interval." + metric).isTrue();
        }
        assertThat(report.path("steps").get(0).path("model").path("mase").asDouble())
                .isEqualTo(report.path("overall").path("model").path("mase").asDouble());
        assertThat(report.path("models").size()).isPositive();
        assertThat(report.path("run").path("ticks").asLong()).isEqualTo(2 * DAYS);
        assertThat(LstmWeights.readFrom(first.resolve("model.bin")).config().hiddenSize())
                .as("the final champion, ready for run --model").isEqualTo(8);
        assertThat(Files.readString(first.resolve("report.html"))).as("self-contained: nothing to fetch")
                .contains("report-data", "Clark_Lake", "Harlem", "uPlot").doesNotContain("<script src", "<link", "@import")
                .contains("seasonal naive's season: " + report.path("config").path("season").asInt() + " window");
    }

    /**
     * The rows whose seasonal naive is the actual {@code season} days before, checked wherever
     * that day has a row of the key; fails at any that is not.
     */
    private static int seasonalNaiveIsTheActualOfASeasonBefore(List<String> rows, int season) {
        Map<String, String> actuals = rows.stream().skip(1).map(r -> r.split(","))
                .collect(Collectors.toMap(f -> f[0] + "," + f[1], f -> f[2]));
        int checked = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            String seasonBefore = f[0] + "," + Instant.parse(f[1]).minusSeconds(season * 86_400L);
            if (actuals.containsKey(seasonBefore)) {
                assertThat(Double.parseDouble(f[5])).as(row).isEqualTo(Double.parseDouble(actuals.get(seasonBefore)));
                checked++;
            }
        }
        return checked;
    }

    static String firstDifference(Path a, Path b) throws IOException {
        List<String> x = Files.readAllLines(a.resolve("forecasts.csv"));
        List<String> y = Files.readAllLines(b.resolve("forecasts.csv"));
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            if (!x.get(i).equals(y.get(i))) {
                return x.get(i) + " vs " + y.get(i);
            }
        }
        return x.size() == y.size() ? "none" : "lengths " + x.size() + " vs " + y.size();
    }

    @Test
    void aForecastUsesOnlyTicksOfEarlierWindows() throws Exception {
        List<String> before = Files.readAllLines(backtest(original, "before").resolve("forecasts.csv"));
        List<String> after = Files.readAllLines(backtest(changed, "after").resolve("forecasts.csv"));
        assertThat(after).hasSameSizeAs(before);
        int unchanged = 0;
        int differ = 0;
        for (int i = 1; i < before.size(); i++) {
            String[] b = before.get(i).split(",");
            String[] a = after.get(i).split(",");
            // The forecast of the window ending at E was made when the window ending E - 1 day closed.
            Instant madeAt = Instant.parse(b[1]).minusSeconds(86_400);
            if (!madeAt.isAfter(CHANGE_FROM)) {
                assertThat(a[3]).as("forecast made at %s, before the change", madeAt).isEqualTo(b[3]);
                assertThat(a[6]).isEqualTo(b[6]);
                unchanged++;
            } else if (!a[3].equals(b[3])) {
                differ++;
            }
        }
        assertThat(unchanged).isGreaterThan(300);
        assertThat(differ).as("forecasts after the change do change").isGreaterThan(100);
    }
}
