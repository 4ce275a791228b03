package io.streamcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.bars.Aggregation;
import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import io.streamcast.model.interval.AnomalyPolicy;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.InputFeatures;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmNetworks;
import io.streamcast.model.scaling.ScalingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamcastCliTest {

    private static final String[] SERVERS = {"--bootstrap-servers", "kafka:9092"};

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Runs `streamcast run` with the bootstrap servers and {@code args}, expecting a usage error. */
    private static String usageError(String... args) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(SERVERS));
        all.addAll(List.of(args));
        CliRun result = run(all.toArray(new String[0]));
        assertUsageError(result);
        return result.err();
    }

    private static void assertUsageError(CliRun result) {
        assertUsageError(result, "run");
    }

    private static void assertUsageError(CliRun result, String command) {
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(2);
        assertThat(result.err()).endsWith("Try 'streamcast " + command + " --help' for more information." + System.lineSeparator());
        assertThat(result.out()).isEmpty();
    }

    private static JobConfig parseRun(String... args) {
        RunCommand run = new RunCommand();
        CommandLine cli = new CommandLine(run);
        cli.parseArgs(args);
        return run.jobConfig();
    }

    @Test
    void runHelpListsEveryOptionWithItsDefault() {
        CliRun result = run("run", "--help");
        assertThat(result.exitCode()).isZero();
        String help = result.out();
        Map<String, String> defaults = Map.ofEntries(
                Map.entry("--bootstrap-servers", "(required)"),
                Map.entry("--ticks-topic", "(default: ticks)"),
                Map.entry("--forecasts-topic", "(default: forecasts)"),
                Map.entry("--dead-letter-topic", "(default: <ticks-topic>-dlq)"),
                Map.entry("--group-id", "(default: streamcast)"),
                Map.entry("--transactional-id-prefix", "(default: streamcast-<forecasts-topic>)"),
                Map.entry("--kafka-properties", "(default: none)"),
                Map.entry("--start-from", "(default: committed)"),
                Map.entry("--startup-timeout", "(default: 30s)"),
                Map.entry("--parallelism", "(default: the cluster's; locally, the cores)"),
                Map.entry("--checkpoint-dir", "(default: the cluster's; locally ./streamcast-checkpoints)"),
                Map.entry("--from-savepoint", "(default: locally, the newest retained checkpoint)"),
                Map.entry("--fresh-start", "(default: off)"),
                Map.entry("--max-checkpoint-failures", "(default: 3)"),
                Map.entry("--web-address", "(default: 127.0.0.1)"),
                Map.entry("--web-port", "(default: 8081)"),
                Map.entry("--prometheus-port", "(default: off)"),
                Map.entry("--state-backend", "(default: the cluster's; locally hashmap)"),
                Map.entry("--window", "(default: 1m)"),
                Map.entry("--min-timestamp", "(default: 1900-01-01T00:00:00Z)"),
                Map.entry("--max-clock-ahead", "(default: 1h)"),
                Map.entry("--max-timestamp-jump", "(default: 1d, or 20 windows if longer)"),
                Map.entry("--watermark-alignment", "(default: 0)"),
                Map.entry("--aggregation", "(default: mean)"),
                Map.entry("--lateness", "(default: 10s)"),
                Map.entry("--idle-timeout", "(default: 30s)"),
                Map.entry("--layers", "(default: 2)"),
                Map.entry("--hidden", "(default: 32)"),
                Map.entry("--epochs", "(default: 30)"),
                Map.entry("--learning-rate", "(default: 0.005)"),
                Map.entry("--features", "(default: value-and-calendar-with-year)"),
                Map.entry("--retrain-every", "(default: 300 windows)"),
                Map.entry("--training-windows", "(default: 2048)"),
                Map.entry("--min-training-windows", "(default: 10)"),
                Map.entry("--training-sample", "(default: 1.0)"),
                Map.entry("--training-history", "(default: 2000 windows)"),
                Map.entry("--tbptt", "(default: 50)"),
                Map.entry("--minibatch", "(default: 64)"),
                Map.entry("--warmup-bars", "(default: 64)"),
                Map.entry("--state-ttl", "(default: the longer of 7d and --warmup-bars windows)"),
                Map.entry("--checkpoint-interval", "(default: 10s)"),
                Map.entry("--model", "(default: none)"),
                Map.entry("--seed", "(default: 42)"),
                Map.entry("--interval", "(default: 0.9)"),
                Map.entry("--anomaly-level", "(default: 0.99)"),
                Map.entry("--anomaly-policy", "(default: hold)"),
                Map.entry("--anomaly-hold", "(default: 10)"),
                Map.entry("--horizon", "(default: 1)"),
                Map.entry("--no-naive-fallback", "(default: off)"),
                Map.entry("--anomalies-topic", "(default: none)"));
        Map<String, String> entries = helpEntries(help);
        defaults.forEach((option, text) -> assertThat(entries.get(option)).as(option).contains(text));
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(
                concat(defaults.keySet(), List.of("--help", "--version")));
    }

    /** Each option's help entry (its description lines joined), by long name. */
    static Map<String, String> helpEntries(String help) {
        Map<String, String> entries = new LinkedHashMap<>();
        Pattern start = Pattern.compile("^\\s+(?:-\\w, )?(--[\\w-]+)");
        String current = null;
        for (String line : help.lines().toList()) {
            Matcher m = start.matcher(line);
            if (m.find()) {
                current = m.group(1);
                entries.put(current, line.trim());
            } else if (current != null && !line.isBlank()) {
                entries.merge(current, " " + line.trim(), String::concat);
            }
        }
        return entries;
    }

    private static List<String> concat(Collection<String> a, Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void topLevelHelpListsTheSubcommandsAndVersionPrints() {
        CliRun help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run", "demo");
        CliRun version = run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("streamcast ");
    }

    @Test
    void badDurationSaysHowToWriteOne() {
        assertThat(usageError("--window", "5x")).startsWith(
                "Invalid value for option '--window': '5x' is not a duration; write it like 30s, 1m, 2h or 1d");
        assertThat(usageError("--window", "5")).as("Flink would read 5 milliseconds").startsWith(
                "Invalid value for option '--window': '5' has no unit; write it like 30s, 1m, 2h or 1d");
        assertThat(usageError("--lateness", "-PT1M")).startsWith(
                "Invalid value for option '--lateness': '-PT1M' is negative; a duration must be 0 or more");
    }

    @Test
    void durationsTakeShortAndIsoForms() {
        JobConfig config = parseRun("--bootstrap-servers", "k:1", "--window", "500ms", "--lateness", "PT1M",
                "--idle-timeout", "1d", "--checkpoint-interval", "0", "--retrain-every", "90 min");
        assertThat(config.window()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.retrainEvery()).isEqualTo(Duration.ofMinutes(90));
        assertThat(config.lateness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(config.checkpointInterval()).isZero();
    }

    @Test
    void zeroWindowIsRefused() {
        assertThat(usageError("--window", "0")).startsWith("Invalid value for option '--window': must be more than 0");
    }

    @Test
    void negativeHiddenSizeNamesTheOptionAndRange() {
        assertThat(usageError("--hidden", "-3"))
                .startsWith("Invalid value for option '--hidden': must be in [1, 1024], was -3");
    }

    @Test
    void inconsistentTrainingSettingsNameTheOptions() {
        assertThat(usageError("--min-training-windows", "3000")).contains("2 <= --min-training-windows <= --training-windows");
        assertThat(usageError("--training-sample", "1.5")).contains("--training-sample in (0, 1]");
        assertThat(usageError("--retrain-every", "0 windows")).contains("'0 windows' is empty");
        assertThat(usageError("--training-history", "soon")).contains("'soon' is not a duration");
        assertThat(usageError("--retrain-every", "100")).as("a bare number: windows or milliseconds?")
                .startsWith("Invalid value for option '--retrain-every': '100' has no unit; write it like 200 windows, 6h or 1d");
    }

    @Test
    void unknownAnomalyPolicyNamesTheChoices() {
        assertThat(usageError("--anomaly-policy", "ignore"))
                .startsWith("Invalid value for option '--anomaly-policy': must be hold or learn, was ignore");
    }

    @Test
    void unknownAggregationListsTheChoices() {
        assertThat(usageError("--aggregation", "avg"))
                .startsWith("Invalid value for option '--aggregation': 'avg' is not one of mean, last, min, max, sum");
    }

    @Test
    void missingBootstrapServersIsAUsageError() {
        CliRun result = run("run");
        assertUsageError(result);
        assertThat(result.err()).contains("--bootstrap-servers");
    }

    @Test
    void missingModelFileIsAUsageError(@TempDir Path dir) {
        assertThat(usageError("--model", dir.resolve("nope.bin").toString()))
                .startsWith("Invalid value for option '--model': no such file");
    }

    @Test
    void corruptModelFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.bin"), "not weights");
        assertThat(usageError("--model", model.toString())).startsWith("Invalid value for option '--model': ");
    }

    @Test
    void aModelOfAnotherShapeThanTheOptionsIsAUsageError(@TempDir Path dir) throws Exception {
        LstmConfig saved = LstmConfig.defaults().withLayers(1).withHiddenSize(8).withFeatures(InputFeatures.VALUE);
        Path model = dir.resolve("model.bin");
        LstmNetworks.export(LstmNetworks.build(saved), saved, ScalingSpec.defaults()).writeTo(model);

        String error = usageError("--model", model.toString(), "--hidden", "16");
        assertThat(error.lines().findFirst().orElseThrow()).isEqualTo("Invalid value for option '--model': '" + model
                + "' has layers 1, hidden 8, features value, but the options give layers 2, hidden 16, "
                + "features value-and-calendar-with-year; set --layers, --hidden and --features to the model's");
    }

    @Test
    void theStateTtlDefaultsToTheLongerOfAWeekAndTheWarmUpBars() {
        assertThat(stateTtl("--window", "1d")).isEqualTo(Duration.ofDays(64));
        assertThat(stateTtl("--window", "1m")).isEqualTo(Duration.ofDays(7));
        assertThat(stateTtl("--window", "1m", "--state-ttl", "2h")).isEqualTo(Duration.ofHours(2));
    }

    private static Duration stateTtl(String... options) {
        BacktestCommand command = new BacktestCommand();
        List<String> args = new ArrayList<>(List.of("--input", "ticks.csv", "--out", "out"));
        args.addAll(List.of(options));
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.job.toJobConfig(new KafkaSettings("none", "t", "f", "d", "g", "p", Map.of()), false).stateTtl();
    }

    @Test
    void backtestResultsGoToOutAndTheInputsNameUnlessOutSaysOtherwise() {
        assertThat(outputDirectory("--input", "data/prices.csv")).isEqualTo(Path.of("out", "prices"));
        assertThat(outputDirectory("--input", "/tmp/a.b.csv", "--input", "b.csv")).as("the first file's name")
                .isEqualTo(Path.of("out", "a.b"));
        assertThat(outputDirectory("--input", "ticks")).isEqualTo(Path.of("out", "ticks"));
        assertThat(outputDirectory("--topic", "sensor-ticks", "--from", "2026-01-05T00:00:00Z", "--to",
                "2026-01-06T00:00:00Z", "--bootstrap-servers", "kafka:9092")).isEqualTo(Path.of("out", "sensor-ticks"));
        assertThat(outputDirectory("--input", "data/prices.csv", "--out", "results/p1")).isEqualTo(Path.of("results", "p1"));
    }

    private static Path outputDirectory(String... args) {
        BacktestCommand command = new BacktestCommand();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--window", "1d"));
        new CommandLine(command).parseArgs(all.toArray(String[]::new));
        return command.outputDirectory();
    }

    @Test
    void aStateTtlNoLongerThanTheWindowIsAUsageError() {
        assertThat(usageError("--window", "1h", "--state-ttl", "30m"))
                .startsWith("Invalid value for option '--state-ttl': must be longer than --window (PT1H), was PT30M");
    }

    @Test
    void missingKafkaPropertiesFileIsAUsageError(@TempDir Path dir) {
        assertThat(usageError("--kafka-properties", dir.resolve("client.properties").toString()))
                .startsWith("Invalid value for option '--kafka-properties': no such file");
    }

    @Test
    void defaultsMapIntoTheJobConfig() {
        JobConfig config = parseRun(SERVERS);
        assertThat(config.kafka()).isEqualTo(new KafkaSettings("kafka:9092", "ticks", "forecasts", "ticks-dlq",
                "streamcast", "streamcast-forecasts", Map.of()));
        assertThat(config.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.aggregation()).isEqualTo(Aggregation.MEAN);
        assertThat(config.lateness()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.lstm()).isEqualTo(LstmConfig.defaults());
        assertThat(config.retrainEvery()).as("300 windows").isEqualTo(Duration.ofMinutes(300));
        assertThat(config.live()).isTrue();
        assertThat(config.training()).isEqualTo(JobConfig.TrainingSettings.defaults());
        assertThat(config.warmupBars()).isEqualTo(64);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.seedModel()).isNull();
        assertThat(config.intervals()).isEqualTo(IntervalSpec.defaults());
    }

    @Test
    void anomalyPolicyMapsIntoTheIntervals() {
        assertThat(parseRun("--bootstrap-servers", "kafka:9092", "--anomaly-policy", "learn").intervals().anomalyPolicy())
                .isEqualTo(AnomalyPolicy.learn());
        assertThat(parseRun("--bootstrap-servers", "kafka:9092", "--anomaly-hold", "4").intervals().anomalyPolicy())
                .isEqualTo(AnomalyPolicy.hold(4));
    }

    @Test
    void optionsMapIntoTheJobConfig(@TempDir Path dir) throws Exception {
        Path properties = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism = PLAIN\n");
        JobConfig config = parseRun("--bootstrap-servers", "a:1,b:2", "--ticks-topic", "in", "--forecasts-topic", "out",
                "--group-id", "g", "--kafka-properties", properties.toString(),
                "--window", "5m", "--aggregation", "LAST", "--lateness", "2s", "--idle-timeout", "1m",
                "--layers", "3", "--hidden", "64", "--epochs", "2", "--learning-rate", "0.01", "--features", "value",
                "--retrain-every", "24 windows", "--training-windows", "500", "--min-training-windows", "20",
                "--training-sample", "0.25", "--training-history", "1d", "--tbptt", "12", "--minibatch", "16",
                "--warmup-bars", "10", "--checkpoint-interval", "1m", "--seed", "7");
        assertThat(config.kafka()).isEqualTo(new KafkaSettings("a:1,b:2", "in", "out", "in-dlq", "g", "streamcast-out",
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN")));
        assertThat(config.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.aggregation()).isEqualTo(Aggregation.LAST);
        assertThat(config.lateness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.lstm()).isEqualTo(new LstmConfig(3, 64, InputFeatures.VALUE, 0.01, 2, 12, 16, 7));
        assertThat(config.retrainEvery()).as("24 windows of 5 minutes").isEqualTo(Duration.ofHours(2));
        assertThat(config.training()).as("a day of 5-minute windows")
                .isEqualTo(new JobConfig.TrainingSettings(500, 20, 0.25, 288));
        assertThat(config.warmupBars()).isEqualTo(10);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void explicitTopicsAndPrefixWin() {
        JobConfig config = parseRun("--bootstrap-servers", "k:1", "--dead-letter-topic", "bad",
                "--transactional-id-prefix", "job-7");
        assertThat(config.kafka().deadLetterTopic()).isEqualTo("bad");
        assertThat(config.kafka().transactionalIdPrefix()).isEqualTo("job-7");
    }

    @Test
    void demoHelpShowsTheDemoDefaults() {
        CliRun result = run("demo", "--help");
        assertThat(result.exitCode()).isZero();
        Map<String, String> entries = helpEntries(result.out());
        Map.of("--data", "(default: data/chicago_ridership.csv)", "--speedup", "(default: 1382400",
                "--keys", "(default: 20)", "--duration", "(default: 3m)",
                "--window", "(default: 1d)", "--retrain-every", "(default: 300 windows)", "--epochs", "(default: 30)",
                "--hidden", "(default: 32)")
                // Without spaces: the help wraps a long default path where it likes (after its dot).
                .forEach((option, text) -> assertThat(entries.get(option).replace(" ", "")).as(option)
                        .contains(text.replace(" ", "")));
        assertThat(entries.get("--checkpoint-interval")).contains("(default: 2s)");
        assertThat(entries.get("--features")).contains("(default: value-and-calendar)");
        assertThat(entries.get("--layers")).contains("(default: 2)");
        assertThat(entries).doesNotContainKey("--bootstrap-servers");
    }

    @Test
    void demoWithAMissingDataFileIsAUsageError(@TempDir Path dir) {
        CliRun result = run("demo", "--data", dir.resolve("missing.csv").toString());
        assertUsageError(result, "demo");
        assertThat(result.err()).startsWith("Invalid value for option '--data': no data file");
    }

    @Test
    void demoRefusesANonPositiveSpeedup() {
        CliRun result = run("demo", "--speedup", "0");
        assertUsageError(result, "demo");
        assertThat(result.err()).startsWith("Invalid value for option '--speedup': must be more than 0");
    }

    @Test
    void aBacktestSaysWhenItsWindowIsTheDefault(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("ticks.csv"), "key,timestamp,value\nk,2026-01-05T00:00:00Z,1\n"
                + "k,2026-01-06T00:00:00Z,2\n");
        CliRun defaulted = run("backtest", "--input", input.toString(), "--out", dir.resolve("a").toString());
        CliRun given = run("backtest", "--input", input.toString(), "--out", dir.resolve("b").toString(), "--window", "1d");
        assertThat(defaulted.exitCode()).as(defaulted.err()).isZero();
        assertThat(given.exitCode()).as(given.err()).isZero();
        assertThat(defaulted.out()).startsWith("window: 1 min (the default; --window sets it, e.g. --window 1d for daily values)");
        assertThat(given.out()).doesNotContain("window: ").startsWith("season: ");
    }

    @Test
    void backtestRefusesAScoringStartThatIsNotAnInstant(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("ticks.csv"), "key,timestamp,value\nk,2026-01-05T00:00:00Z,1\n");
        CliRun result = run("backtest", "--input", input.toString(), "--out", dir.resolve("out").toString(),
                "--score-from", "2013-05-17");
        assertUsageError(result, "backtest");
        assertThat(result.err()).startsWith("Invalid value for option '--score-from': '2013-05-17' is not an ISO-8601 "
                + "instant; write it like 2026-01-05T00:00:00Z");
    }
}
