package io.streamcast.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.cli.EnumConverter;
import io.streamcast.cli.JobOptions;
import io.streamcast.cli.MemorySizeConverter;
import io.streamcast.cli.OptionFiles;
import io.streamcast.cli.StreamcastCli;
import io.streamcast.job.JobConfig;
import io.streamcast.job.LocalRun;
import io.streamcast.job.StateBackend;
import io.streamcast.model.lstm.LstmNetworks;
import io.streamcast.records.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamcast bench}: the whole job's throughput on generated ticks, twice in one process
 * (with a model of the configured shape, then naive) so that the two figures share the machine's
 * state and their ratio means something on a busy machine. Not part of the cluster jar.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = StreamcastCli.Version.class, defaultValueProvider = BenchCommand.BenchDefaults.class,
        description = "Measures the job on generated ticks (no Kafka): with a model and naive, in one process.")
public final class BenchCommand implements Callable<Integer> {

    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final int WARM_UP_WINDOWS = 20;
    private static final int WARM_UP_KEYS = 10_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--keys", defaultValue = "10000", paramLabel = "N", description = "Keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--windows", defaultValue = "100", paramLabel = "N",
            description = "Windows of event time per key (default: ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--ticks-per-window", defaultValue = "10", paramLabel = "N",
            description = "Ticks per key and window (default: ${DEFAULT-VALUE}).")
    int ticksPerWindow;

    @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N",
            description = "Parallelism of the windows and the forecaster; the generator is one subtask (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--state-backend", defaultValue = "hashmap", converter = EnumConverter.StateBackendConverter.class,
            paramLabel = "WHERE", description = "hashmap or rocksdb (default: ${DEFAULT-VALUE}).")
    StateBackend stateBackend;

    @Option(names = "--managed-memory", defaultValue = "1g", converter = MemorySizeConverter.class, paramLabel = "SIZE",
            description = "Managed memory, outside the heap: RocksDB's block cache and write buffers (default: ${DEFAULT-VALUE}).")
    MemorySize managedMemory;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Measured runs of each kind, with the model and naive alternating; the figures are each "
                    + "kind's median run (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--kafka", description = "Through an embedded Kafka broker end to end instead: the ticks preloaded "
            + "into a topic of " + KafkaBench.PARTITIONS + " partitions, the live job, the forecasts counted as a "
            + "read_committed consumer sees them.")
    boolean kafka;

    @Option(names = "--out", defaultValue = "out/bench", paramLabel = "DIR",
            description = "Where bench.json goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    JobOptions job;

    /**
     * Through Kafka, a run ends with its last forecast committed, and output is committed with
     * each checkpoint: unless told otherwise that run checkpoints every second, so that the
     * interval does not decide its time. Generated ticks checkpoint at the job's own default.
     */
    static final Duration KAFKA_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    /** The bench's own defaults: no retraining unless asked for. */
    public static final class BenchDefaults implements IDefaultValueProvider {
        static final Map<String, String> DEFAULTS = Map.of("--retrain-every", "3650d");

        @Override
        public String defaultValue(ArgSpec argSpec) {
            return argSpec instanceof OptionSpec option ? DEFAULTS.get(option.longestName()) : null;
        }
    }

    @Override
    public Integer call() throws Exception {
        for (var option : Map.of("--keys", keys, "--windows", windows, "--ticks-per-window", ticksPerWindow,
                "--parallelism", parallelism, "--rounds", rounds).entrySet()) {
            if (option.getValue() < 1) {
                throw OptionFiles.invalid(spec, option.getKey(), "must be 1 or more, was " + option.getValue());
            }
        }
        JobConfig options = job.toJobConfig(DemoRunner.kafkaSettings("none"), kafka);
        if (kafka && !spec.commandLine().getParseResult().hasMatchedOption("--checkpoint-interval")) {
            options = options.toBuilder().checkpointInterval(KAFKA_CHECKPOINT_INTERVAL).build();
        }
        JobConfig naive = options.toBuilder().seedModel(null).build();
        // The model's weights do not change what a step costs: untrained ones of the configured shape will do.
        JobConfig withModel = options.seedModel() != null ? options : options.toBuilder().seedModel(LstmNetworks.export(
                LstmNetworks.build(options.lstm()), options.lstm(), options.scaling()).toBytes()).build();
        BenchTicks ticks = new BenchTicks(keys, ticksPerWindow, naive.windowMillis(), START.toEpochMilli());

        if (kafka) {
            return throughKafka(withModel, naive, ticks);
        }
        // The first job in a JVM pays for class loading and JIT compilation; no measured run
        // should. Both kinds, so that the code of each is compiled, and long enough that C2 has
        // compiled the hot paths: after a warm-up of 300,000 ticks, JFR still counted 18.5 s of C2
        // compilation in the with-model run (it comes first) against 2.0 s in the naive one; after
        // a warm-up with the model alone, the first with-model run was still the slowest of six
        // (ratio 0.81 and 0.74 in its round, against 0.89 and 0.88 with both kinds warmed up).
        for (JobConfig kind : List.of(withModel, naive)) {
            inTempDir(dir -> Bench.run(kind, warmUpTicks(naive), WARM_UP_WINDOWS, settings(dir), Bench.Progress.NONE));
        }
        Runs runs = new Runs();
        double restoreSeconds = 0;
        for (int round = 1; round <= rounds; round++) {
            String tag = roundTag(round);
            if (round == 1) {
                Restored first = inTempDir(dir -> {
                    Bench.Outcome run = Bench.run(withModel, ticks, windows, settings(dir), new ProgressLine("with model" + tag));
                    Path restoreDir = Files.createDirectories(dir.resolve("restored"));
                    return new Restored(run, Bench.restore(withModel, ticks, windows, settings(restoreDir),
                            run.snapshots().nativeFormat()));
                });
                runs.withModel().add(first.run());
                restoreSeconds = first.restoreSeconds();
            } else {
                runs.withModel().add(inTempDir(dir -> Bench.run(withModel, ticks, windows, settings(dir),
                        new ProgressLine("with model" + tag))));
            }
            runs.naive().add(inTempDir(dir -> Bench.run(naive, ticks, windows, settings(dir),
                    new ProgressLine("naive" + tag))));
        }

        write(report(ticks, runs).put("restoreSeconds", restoreSeconds));
        print(spec.commandLine().getOut(), runs);
        Bench.Outcome first = runs.withModel().get(0);
        spec.commandLine().getOut().printf("with model: %d retrainings (%.1f s); restored its savepoint in %.1f s%n",
                first.retrainings(), first.trainingSeconds(), restoreSeconds);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private String roundTag(int round) {
        return rounds == 1 ? "" : " " + round + "/" + rounds;
    }

    /**
     * The measured runs, in the order they ran: with the model and naive alternate, so that a
     * slow spell of a shared machine or a late JIT compilation falls on both sides, and each
     * side's median run is what the figures report.
     */
    private record Runs(List<Bench.Outcome> withModel, List<Bench.Outcome> naive) {
        Runs() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        static Bench.Outcome median(List<Bench.Outcome> runs) {
            List<Bench.Outcome> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(Bench.Outcome::ticksPerSecond));
            return sorted.get((sorted.size() - 1) / 2);
        }

        static double median(List<Bench.Outcome> runs, ToDoubleFunction<Bench.Outcome> figure) {
            double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
            return values[(values.length - 1) / 2];
        }

        double ratio() {
            return median(withModel).ticksPerSecond() / median(naive).ticksPerSecond();
        }

        double cpuRatio() {
            return median(withModel, Bench.Outcome::ticksPerCpuSecond) / median(naive, Bench.Outcome::ticksPerCpuSecond);
        }

        long peakHeapBytes() {
            return Stream.concat(withModel.stream(), naive.stream()).mapToLong(Bench.Outcome::peakHeapBytes).max()
                    .orElseThrow();
        }
    }

    /**
     * A run's ticks so far, redrawn on stderr about every second (a million keys take many
     * minutes); when they are all in, what the run does next.
     */
    private static final class ProgressLine implements Bench.Progress {
        private static final long EVERY_NANOS = 1_000_000_000L;

        private final String run;
        private final long started = System.nanoTime();
        private long lastPrint = started;

        ProgressLine(String run) {
            this.run = run;
        }

        @Override
        public void ticks(long done, long total) {
            long now = System.nanoTime();
            if (done >= total) {
                System.err.printf("\r%s: %,d ticks in, %.0f s; savepoints, then the drain%n", run, total,
                        (now - started) / 1e9);
            } else if (now - lastPrint >= EVERY_NANOS) {
                lastPrint = now;
                System.err.printf("\r%s: %,d of %,d ticks (%.0f%%), %.0f s", run, done, total, 100.0 * done / total,
                        (now - started) / 1e9);
            }
        }
    }

    /** The with-model run, and how long its savepoint took to restore. */
    private record Restored(Bench.Outcome run, double restoreSeconds) {}

    /** A short first job: the JVM's class loading and JIT compilation are paid before the measured runs. */
    private BenchTicks warmUpTicks(JobConfig config) {
        return new BenchTicks(Math.min(keys, WARM_UP_KEYS), ticksPerWindow, config.windowMillis(), START.toEpochMilli());
    }

    private Integer throughKafka(JobConfig withModel, JobConfig naive, BenchTicks ticks) throws Exception {
        Duration timeout = Duration.ofMinutes(30);
        Runs runs = new Runs();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            for (JobConfig kind : List.of(withModel, naive)) {
                String name = kind == naive ? "warm-up-naive" : "warm-up-model";
                inTempDir(dir -> KafkaBench.run(broker, name, kind, warmUpTicks(naive), WARM_UP_WINDOWS,
                        settings(dir), timeout));
            }
            for (int round = 1; round <= rounds; round++) {
                String name = "-" + round;
                runs.withModel().add(inTempDir(dir -> KafkaBench.run(broker, "model" + name, withModel, ticks, windows,
                        settings(dir), timeout)));
                runs.naive().add(inTempDir(dir -> KafkaBench.run(broker, "naive" + name, naive, ticks, windows,
                        settings(dir), timeout)));
            }
        }
        write(report(ticks, runs).put("kafkaPartitions", KafkaBench.PARTITIONS));
        print(spec.commandLine().getOut(), runs);
        return 0;
    }

    private ObjectNode report(BenchTicks ticks, Runs runs) {
        Bench.Outcome first = runs.withModel().get(0);
        ObjectNode report = Json.MAPPER.createObjectNode()
                .put("keys", keys).put("ticks", ticks.total(windows)).put("bars", (long) keys * windows)
                .put("kafka", kafka).put("rounds", rounds);
        report.set("withModel", figures(Runs.median(runs.withModel())));
        report.set("naive", figures(Runs.median(runs.naive())));
        ArrayNode each = report.putArray("eachRound");
        for (int i = 0; i < rounds; i++) {
            Bench.Outcome model = runs.withModel().get(i);
            Bench.Outcome naive = runs.naive().get(i);
            each.addObject().put("withModelTicksPerSecond", model.ticksPerSecond())
                    .put("naiveTicksPerSecond", naive.ticksPerSecond())
                    .put("ratio", model.ticksPerSecond() / naive.ticksPerSecond())
                    .put("cpuRatio", model.ticksPerCpuSecond() / naive.ticksPerCpuSecond());
        }
        return report.put("ratio", runs.ratio())
                .put("cpuRatio", runs.cpuRatio())
                .put("stateBytesPerKey", (double) first.snapshots().canonical().stateBytes() / keys)
                .put("nativeStateBytesPerKey", (double) first.snapshots().nativeFormat().stateBytes() / keys)
                .put("peakHeapBytes", runs.peakHeapBytes())
                .put("retrainings", first.retrainings())
                .put("trainingSeconds", first.trainingSeconds())
                .put("stateBackend", EnumConverter.cliName(stateBackend))
                .put("parallelism", parallelism);
    }

    private void write(ObjectNode report) throws IOException {
        Files.createDirectories(out);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.resolve("bench.json").toFile(), report);
    }

    @FunctionalInterface
    private interface InDir<T> {
        T run(Path dir) throws Exception;
    }

    private static <T> T inTempDir(InDir<T> run) throws Exception {
        Path dir = Files.createTempDirectory("streamcast-bench-");
        try {
            return run.run(dir);
        } finally {
            FileUtils.deleteDirectoryQuietly(dir.toFile());
        }
    }

    private LocalRun.Settings settings(Path checkpoints) {
        return LocalRun.Settings.in(checkpoints).parallelism(parallelism).stateBackend(stateBackend)
                .managedMemory(managedMemory);
    }

    private static ObjectNode figures(Bench.Outcome run) {
        return Json.MAPPER.createObjectNode().put("seconds", run.seconds())
                .put("ticksPerSecond", run.ticksPerSecond()).put("forecastsPerSecond", run.forecastsPerSecond())
                .put("cpuSeconds", run.cpuSeconds()).put("ticksPerCpuSecond", run.ticksPerCpuSecond())
                .put("forecasts", run.forecasts()).put("savepointSeconds", run.snapshots().seconds());
    }

    private static void printRow(PrintWriter w, String name, Bench.Outcome run) {
        w.printf("%-18s %10.1f %,14.0f %,16.0f %12.1f %,18.0f%n", name, run.seconds(), run.ticksPerSecond(),
                run.forecastsPerSecond(), run.cpuSeconds(), run.ticksPerCpuSecond());
    }

    private void print(PrintWriter w, Runs runs) {
        w.printf("%-18s %10s %14s %16s %12s %18s%n", "run", "seconds", "ticks/s", "forecasts/s", "CPU seconds",
                "ticks/CPU second");
        for (int i = 0; i < rounds; i++) {
            printRow(w, "with model" + roundTag(i + 1), runs.withModel().get(i));
            printRow(w, "naive" + roundTag(i + 1), runs.naive().get(i));
        }
        Bench.Outcome first = runs.withModel().get(0);
        w.printf("ratio %.2f (%.2f by CPU time)%s; state %,.0f bytes per key (%,.0f as the backend keeps it); "
                + "peak heap %,d MB; %s%n", runs.ratio(), runs.cpuRatio(),
                rounds == 1 ? "" : ", of each side's median run",
                (double) first.snapshots().canonical().stateBytes() / keys,
                (double) first.snapshots().nativeFormat().stateBytes() / keys,
                runs.peakHeapBytes() >> 20, out.resolve("bench.json"));
        w.flush();
    }
}
