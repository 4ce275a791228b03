package io.streamcast.local;

import io.streamcast.cli.DurationConverter;
import io.streamcast.cli.JobOptions;
import io.streamcast.cli.OptionFiles;
import io.streamcast.cli.StreamcastCli;
import io.streamcast.job.JobConfig;
import io.streamcast.records.Tick;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamcast demo}: everything on this machine (Kafka, Flink, a replay of recorded data) with
 * a live view of the forecasts. Not part of the cluster jar.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = StreamcastCli.Version.class, defaultValueProvider = DemoCommand.DemoDefaults.class,
        description = "Replays recorded data (by default daily entries at 20 Chicago 'L' stations) through an "
                + "embedded Kafka and a local Flink, and shows the forecasts live.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", defaultValue = "data/chicago_ridership.csv", paramLabel = "FILE",
            description = "CSV (key,timestamp,value) to replay; a relative path is looked up in the working "
                    + "directory, then above the jar (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--speedup", defaultValue = "1382400", paramLabel = "X",
            description = "Event-time seconds replayed per wall second (default: ${DEFAULT-VALUE}, 16 days of data "
                    + "a second).")
    double speedup;

    @Option(names = "--keys", defaultValue = "20", paramLabel = "N",
            description = "Replay the first N keys of the file (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--duration", defaultValue = "3m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop after this much wall time at the latest; the demo also stops once the replay "
                    + "is done and the last forecasts are shown (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--log", defaultValue = "streamcast-demo.log", paramLabel = "FILE",
            description = "Where Flink's, Kafka's and the job's log lines go, so that the console shows only the "
                    + "demo; named again at the end (default: ${DEFAULT-VALUE}).")
    Path log;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        return new DemoRunner(settings(), System.out).run();
    }

    /** The validated settings, with the ticks read; starts nothing. */
    DemoRunner.Settings settings() {
        if (!(speedup > 0)) {
            throw OptionFiles.invalid(spec, "--speedup", "must be more than 0, was " + speedup);
        }
        if (keys < 1) {
            throw OptionFiles.invalid(spec, "--keys", "must be 1 or more, was " + keys);
        }
        if (duration.isZero()) {
            throw OptionFiles.invalid(spec, "--duration", "must be more than 0");
        }
        Path logDirectory = log.toAbsolutePath().getParent();
        if (Files.isDirectory(log) || !Files.isDirectory(logDirectory) || !Files.isWritable(logDirectory)) {
            throw OptionFiles.invalid(spec, "--log", "cannot write '" + log + "': give a file in a writable directory");
        }
        JobConfig config = job.toJobConfig(DemoRunner.kafkaSettings("embedded"), true);
        Path file = dataFile();
        List<Tick> ticks = OptionFiles.read(spec, "--data", file, path -> {
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                return TickReplayer.readCsv(in, keys);
            }
        });
        if (ticks.isEmpty()) {
            throw OptionFiles.invalid(spec, "--data", "'" + file + "' has no ticks");
        }
        return new DemoRunner.Settings(ticks, speedup, duration, config, log);
    }

    private Path dataFile() {
        try {
            return DataFiles.resolve(data);
        } catch (IllegalArgumentException e) {
            throw OptionFiles.invalid(spec, "--data", e.getMessage());
        }
    }

    /**
     * The demo's data is daily; the rest is the job's own default but for two settings. The inputs
     * leave out the time of year: the demo's first models train on less than a year of data, in
     * which each time of year shows once (measured at the same load, the closing table read +24%
     * against the seasonal naive without it, +8% with it). Checkpoints come often because
     * forecasts show only once committed.
     */
    public static final class DemoDefaults implements IDefaultValueProvider {

        static final Map<String, String> DEFAULTS = Map.of(
                "--window", "1d",
                "--features", "value-and-calendar",
                "--checkpoint-interval", "2s");

        @Override
        public String defaultValue(ArgSpec argSpec) {
            return argSpec instanceof OptionSpec option ? DEFAULTS.get(option.longestName()) : null;
        }
    }
}
