package io.streamcast.cli;

import io.streamcast.backtest.Backtest;
import io.streamcast.backtest.BacktestInput;
import io.streamcast.backtest.BacktestReport;
import io.streamcast.backtest.BacktestScores;
import io.streamcast.backtest.ConsoleView;
import io.streamcast.backtest.PrefixSeason;
import io.streamcast.backtest.SeasonChoice;
import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamcast backtest}: the production job over recorded ticks, in event time, scored
 * against the naive and seasonal-naive forecasts.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = StreamcastCli.Version.class,
        description = "Replays recorded ticks (CSV files or a Kafka time range) through the job and "
                + "writes forecasts.csv, dead-letters.csv, report.json and report.html to --out (default: out/ and the input's name).")
public final class BacktestCommand implements Callable<Integer> {

    private static final long PROGRESS_MILLIS = 500;

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--input", paramLabel = "FILE.csv", required = true,
                description = "CSV of ticks (key,timestamp,value); repeat for several files.")
        List<Path> inputs;

        @ArgGroup(exclusive = false)
        KafkaRange kafka;
    }

    static final class KafkaRange {
        @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Kafka topic of ticks to replay.")
        String topic;

        @Option(names = "--from", required = true, paramLabel = "TIME",
                description = "First Kafka record time, ISO-8601 (e.g. 2026-01-05T00:00:00Z).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME", description = "End of the range (exclusive), ISO-8601.")
        String to;

        @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
                description = "Kafka bootstrap servers.")
        String bootstrapServers;

        @Option(names = "--kafka-properties", paramLabel = "FILE",
                description = "Java properties file of extra Kafka client settings (default: none).")
        Path kafkaProperties;
    }

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for the results (created; default: out/ and the input's name, out/prices for "
                    + "prices.csv, the first file's for several, out/TOPIC for a Kafka range).")
    Path out;

    @Option(names = "--season", paramLabel = "N",
            description = "Season of the seasonal-naive baseline, in windows (default: read from the CSV input's "
                    + "windows before a model can be trained (the first retraining point after a key could fill a training "
                    + "window), 1 (the naive) if they show none; for a Kafka range or "
                    + "with --model, a day's worth for sub-daily windows, 7 for daily).")
    Integer season;

    @Option(names = "--score-from", paramLabel = "TIME",
            description = "Score only windows ending at or after TIME, ISO-8601; each key's bars before it are its "
                    + "in-sample part. Compares runs whose first models came at different times on the same windows "
                    + "(default: each key from its first window forecast by a trained model).")
    String scoreFrom;

    @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N",
            description = "Flink parallelism of the replay (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        JobConfig config = job.toJobConfig(kafkaSettings(), false);
        BacktestInput input = input();
        if (parallelism < 1) {
            throw OptionFiles.invalid(spec, "--parallelism", "must be at least 1, was " + parallelism);
        }
        Optional<Instant> scoringStart = scoreFrom == null ? Optional.empty() : Optional.of(instant("--score-from", scoreFrom));
        SeasonChoice seasonChoice = season(config, input);
        PrintWriter console = spec.commandLine().getOut();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--window")) {
            // The one setting no default can guess: daily values in one-minute windows are
            // 1,440 windows a day, each key restarting after every gap, and nothing says why.
            console.println("window: " + TimeUtils.formatWithHighestUnit(config.window())
                    + " (the default; --window sets it, e.g. --window 1d for daily values)");
        }
        console.println(seasonChoice.line());
        console.flush();
        Backtest.Result result;
        BacktestScores scores;
        Path results = outputDirectory();
        try (BacktestReport report = BacktestReport.open(results, config, seasonChoice, scoringStart)) {
            result = Backtest.run(config, input, parallelism, new ProgressBar(), report);
            System.err.println();
            scores = report.finish(describe(input), result);
            if (result.deadLetters() > 0 && result.deadLetters() == result.ticks()) {
                // Every row refused is a wrong input (a format, a column), not a result.
                DeadLetter example = report.firstDeadLetter().orElseThrow();
                String where = input instanceof BacktestInput.CsvFiles
                        ? example.topic() + ":" + example.offset()
                        : example.topic() + "-" + example.partition() + " offset " + example.offset();
                throw new IOException("none of the " + result.ticks() + " records read was a tick; each is in "
                        + results.resolve("dead-letters.csv") + " with why, e.g. " + where + ": " + example.error());
            }
        }
        long accepted = result.trainings().stream().filter(t -> t.accepted()).count();
        console.printf("%,d ticks, %,d bars, %,d dead letters%s in %.1f s (%,.0f ticks/s); %d trainings, %d accepted%n",
                result.ticks(), result.bars(), result.deadLetters(),
                result.deadLetters() > 0 ? " (which and why: dead-letters.csv)" : "", result.seconds(), result.ticksPerSecond(),
                result.trainings().size(), accepted);
        console.print(ConsoleView.summary(scores.overall(), scores.byKey(), 5));
        if (accepted == 0 && config.seedModel() == null) {
            console.printf("no model was trained: every forecast was the last value (a retraining waits for "
                    + "--min-training-windows, %d, training windows in its pool, which few keys or a short history "
                    + "may never offer)%n", config.training().minWindows());
        } else if (scores.lastValueServed() > 0) {
            console.printf("the last value forecast %,d of the %,d scored windows (a key's first after a long gap, "
                    + "or one its model was behind on; --no-naive-fallback serves the model there)%n",
                    scores.lastValueServed(), scores.overall().model().count());
        }
        console.println("results in " + results.toAbsolutePath());
        console.flush();
        return 0;
    }

    /**
     * {@code --out}, or {@code out/} and the input's name, so that a first backtest needs nothing
     * but the input and the window, and backtests of different inputs do not overwrite each other.
     */
    Path outputDirectory() {
        if (out != null) {
            return out;
        }
        if (source.inputs != null) {
            String file = source.inputs.get(0).getFileName().toString();
            int dot = file.lastIndexOf('.');
            return Path.of("out", dot > 0 ? file.substring(0, dot) : file);
        }
        return Path.of("out", source.kafka.topic);
    }

    /** Redraws one line on stderr at most every half second. */
    private static final class ProgressBar implements Backtest.Progress {
        private final long started = System.nanoTime();
        private long first;
        private long last;
        private long reached;
        private long bars;
        private long lastPrint;

        @Override
        public void started(long firstEventTime, long lastEventTime) {
            first = firstEventTime;
            last = lastEventTime;
            reached = firstEventTime;
        }

        @Override
        public synchronized void forecast(ForecastRecord forecast) {
            reached = Math.max(reached, forecast.windowEnd());
            bars++;
            long now = System.nanoTime();
            if (now - lastPrint > PROGRESS_MILLIS * 1_000_000) {
                lastPrint = now;
                // The cursor goes back to the line's start, so that a log line (a retraining's
                // report) overwrites the bar instead of continuing it; the next bar comes below.
                System.err.print("\r" + ConsoleView.progress(reached, first, last, bars, (now - started) / 1e9) + "\r");
            }
        }
    }

    /** --season if given; else read from a CSV input's past; else the calendar's rule (a Kafka range is not read ahead). */
    private SeasonChoice season(JobConfig config, BacktestInput input) throws IOException {
        if (season != null) {
            if (season < 1) {
                throw OptionFiles.invalid(spec, "--season", "must be at least 1 window, was " + season);
            }
            return SeasonChoice.given(season);
        }
        if (input instanceof BacktestInput.CsvFiles csv) {
            return PrefixSeason.ofCsv(csv.files(), config);
        }
        return SeasonChoice.rule(config.window(), "a Kafka range is not read ahead");
    }

    private BacktestInput input() {
        if (source.inputs != null) {
            for (Path p : source.inputs) {
                if (!Files.isRegularFile(p)) {
                    throw OptionFiles.invalid(spec, "--input", "no such file '" + p.toAbsolutePath() + "'");
                }
            }
            return new BacktestInput.CsvFiles(source.inputs);
        }
        Instant from = instant("--from", source.kafka.from);
        Instant to = instant("--to", source.kafka.to);
        if (!to.isAfter(from)) {
            throw OptionFiles.invalid(spec, "--to", "must be after --from (" + from + "), was " + to);
        }
        return new BacktestInput.KafkaRange(kafkaSettings(), from, to);
    }

    private KafkaSettings kafkaSettings() {
        if (source.kafka == null) {
            return new KafkaSettings("none", "replay", "none", "none", "none", "none", Map.of());
        }
        Map<String, String> props = source.kafka.kafkaProperties == null ? Map.of()
                : OptionFiles.read(spec, "--kafka-properties", source.kafka.kafkaProperties, OptionFiles::properties);
        return new KafkaSettings(source.kafka.bootstrapServers, source.kafka.topic, "none", "none",
                "streamcast-backtest", "none", props);
    }

    private Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw OptionFiles.invalid(spec, option, "'" + text + "' is not an ISO-8601 instant; write it like 2026-01-05T00:00:00Z");
        }
    }

    private static String describe(BacktestInput input) {
        if (input instanceof BacktestInput.KafkaRange range) {
            return range.kafka().ticksTopic() + " [" + range.from() + ", " + range.to() + ")";
        }
        return ((BacktestInput.CsvFiles) input).files().stream().map(p -> p.getFileName().toString())
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
