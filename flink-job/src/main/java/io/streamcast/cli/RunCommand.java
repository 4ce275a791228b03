package io.streamcast.cli;

import io.streamcast.job.BrokerWatch;
import io.streamcast.job.ForecastJob;
import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaPreflight;
import io.streamcast.job.KafkaSettings;
import io.streamcast.job.LocalRun;
import io.streamcast.job.RetainedCheckpoints;
import io.streamcast.job.StartPosition;
import io.streamcast.job.StateBackend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamcast run}: the live job against a Kafka cluster, on whatever Flink runs it: the
 * cluster it was submitted to ({@code flink run}, the REST API), or else a {@link LocalRun} in
 * this JVM.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = StreamcastCli.Version.class,
        description = "Runs the forecasting job: ticks from Kafka in, forecasts to Kafka out.")
public final class RunCommand implements Callable<Integer> {

    /** The exit code of a setup the job cannot run with (unreachable broker, missing topic). */
    static final int SETUP_ERROR = 3;
    /**
     * How often a local run asks Kafka whether it is there, and how long a silence is worth saying:
     * a broker's restart takes seconds, and the job's own clients retry quietly for a minute.
     */
    private static final Duration BROKER_CHECK_EVERY = Duration.ofSeconds(5);
    private static final Duration BROKER_SILENCE_WORTH_SAYING = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (required).")
    String bootstrapServers;

    @Option(names = "--ticks-topic", defaultValue = "ticks", paramLabel = "TOPIC",
            description = "Topic the ticks are read from (default: ${DEFAULT-VALUE}).")
    String ticksTopic;

    @Option(names = "--anomalies-topic", paramLabel = "TOPIC",
            description = "Topic every flagged forecast is also written to, exactly once; it must exist "
                    + "(default: none).")
    String anomaliesTopic;

    @Option(names = "--forecasts-topic", defaultValue = "forecasts", paramLabel = "TOPIC",
            description = "Topic the forecasts are written to (default: ${DEFAULT-VALUE}).")
    String forecastsTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
            description = "Topic unusable ticks are written to (default: <ticks-topic>-dlq).")
    String deadLetterTopic;

    @Option(names = "--group-id", defaultValue = "streamcast", paramLabel = "ID",
            description = "Kafka consumer group of the tick source (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX",
            description = "Prefix of the sinks' transactional ids, unique per job on the cluster "
                    + "(default: streamcast-<forecasts-topic>).")
    String transactionalIdPrefix;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "Java properties file of extra Kafka client settings, e.g. security; it may not set what "
                    + "the options above set (default: none).")
    Path kafkaProperties;

    @Option(names = "--start-from", defaultValue = "committed", paramLabel = "WHERE",
            description = "Where reading starts without a checkpoint to resume: committed (the group's offsets, "
                    + "else earliest), earliest, latest, or an ISO-8601 instant (default: ${DEFAULT-VALUE}).")
    String startFrom;

    @Option(names = "--startup-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to wait for Kafka at start before giving up (default: ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallelism of the source, windows and forecaster (default: the cluster's; locally, the cores).")
    Integer parallelism;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Where checkpoints go; locally a restart resumes from the newest one here "
                    + "(default: the cluster's; locally ./streamcast-checkpoints).")
    Path checkpointDir;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Restore this savepoint or retained checkpoint (default: locally, the newest retained checkpoint).")
    Path fromSavepoint;

    @Option(names = "--fresh-start", description = "Locally: start anew, ignoring the retained checkpoints (default: off).")
    boolean freshStart;

    @Option(names = "--max-checkpoint-failures", defaultValue = "3", paramLabel = "N",
            description = "Consecutive failed checkpoints after which the job fails and restarts from the last good one (default: ${DEFAULT-VALUE}).")
    int maxCheckpointFailures;

    @Option(names = "--web-address", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Locally: address of the web UI and REST API (metrics) (default: ${DEFAULT-VALUE}).")
    String webAddress;

    @Option(names = "--web-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Locally: port of the web UI and REST API; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int webPort;

    /** Null: on a cluster, the cluster's own {@code state.backend.type}, which the job must not override. */
    @Option(names = "--state-backend", converter = EnumConverter.StateBackendConverter.class,
            paramLabel = "WHERE", description = "Where keyed state lives: hashmap (the heap) or rocksdb (local disk, "
                    + "incremental checkpoints; for more keys than the heap holds) (default: the cluster's; locally hashmap).")
    StateBackend stateBackend;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "Locally: serve the metrics for Prometheus on this port, on every interface (default: off).")
    Integer prometheusPort;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        JobConfig config = jobConfig();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            KafkaPreflight.check(config.kafka(), startupTimeout);
        } catch (KafkaPreflight.SetupException e) {
            err.println("streamcast: " + e.getMessage());
            err.flush();
            return SETUP_ERROR;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            return runLocally(config, out);
        }
        env.configure(clusterConfiguration());
        if (parallelism != null) {
            env.setParallelism(parallelism);
        }
        JobClient client = ForecastJob.start(env, config);
        out.println("streamcast: job " + client.getJobID() + " submitted; reading "
                + config.kafka().ticksTopic() + ", writing " + config.kafka().forecastsTopic());
        out.flush();
        if (!detached(env)) {
            client.getJobExecutionResult().get();
        }
        return 0;
    }

    private int runLocally(JobConfig config, PrintWriter out) throws Exception {
        Path checkpoints = (checkpointDir != null ? checkpointDir : Path.of("streamcast-checkpoints")).toAbsolutePath();
        RetainedCheckpoints retained = new RetainedCheckpoints(checkpoints);
        Optional<Path> resume = Optional.ofNullable(fromSavepoint);
        if (resume.isEmpty() && !freshStart) {
            resume = retained.latest();
            resume.ifPresent(retained::removeAllBut);
        }
        out.println(resume.map(p -> "streamcast: resuming from " + p)
                .orElse("streamcast: starting afresh (no checkpoint to resume in " + checkpoints + ")"));
        int cores = Runtime.getRuntime().availableProcessors();
        LocalRun.Settings settings = LocalRun.Settings.in(checkpoints).resumingFrom(resume).rest(webAddress, webPort)
                .parallelism(parallelism != null ? parallelism : cores).tolerableCheckpointFailures(maxCheckpointFailures)
                .prometheusPort(prometheusPort != null ? OptionalInt.of(prometheusPort) : OptionalInt.empty())
                .stateBackend(stateBackend != null ? stateBackend : StateBackend.HASHMAP);
        LocalRun run = LocalRun.start(config, settings);
        BrokerWatch brokerWatch = BrokerWatch.start(config.kafka(), BROKER_CHECK_EVERY, BROKER_SILENCE_WORTH_SAYING);
        // Ctrl-C or SIGTERM is how a local run is stopped: the hook cancels the job, whose newest
        // checkpoint stays, and says which one the next run resumes from. It says so itself, since
        // a stopping JVM may not let the job's end reach this thread.
        AtomicBoolean stopRequested = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.set(true);
            brokerWatch.close();
            closeQuietly(run);
            out.println(retained.latest().map(p -> "streamcast: stopped; the next run resumes from " + p)
                    .orElse("streamcast: stopped before its first checkpoint; the next run starts afresh"));
            out.flush();
        }, "streamcast-run-shutdown"));
        try {
            out.println("streamcast: job " + run.job().getJobID() + " running locally; reading "
                    + config.kafka().ticksTopic() + ", writing " + config.kafka().forecastsTopic());
            out.println("streamcast: web UI and REST API (metrics) at " + run.restAddress()
                    + "; checkpoints in " + checkpoints);
            if (prometheusPort != null) {
                out.println("streamcast: Prometheus metrics at http://127.0.0.1:" + prometheusPort + "/metrics");
            }
            out.flush();
            run.await();
            return 0;
        } catch (Exception e) {
            if (stopRequested.get()) {
                return 0;
            }
            throw e;
        } finally {
            // One closer: once the hook has started, it closes the run itself.
            if (!stopRequested.get()) {
                brokerWatch.close();
                run.close();
            }
        }
    }

    private static void closeQuietly(LocalRun run) {
        try {
            run.close();
        } catch (Exception e) {
            // Exiting anyway.
        }
    }

    /** What a cluster's own configuration cannot know: this job's checkpoint rules and restore point. */
    private Configuration clusterConfiguration() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, maxCheckpointFailures);
        if (stateBackend != null) {
            stateBackend.configure(conf);
        }
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        }
        if (fromSavepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint.toString());
        }
        return conf;
    }

    /**
     * Submitted detached ({@code flink run -d}, or the REST API's {@code /jars/{id}/run}, which runs
     * this in the JobManager and cannot report the job's result): return once the job is submitted.
     * Locally, and with an attached {@code flink run}, {@code run} lasts as long as the job.
     */
    static boolean detached(StreamExecutionEnvironment env) {
        return !env.getConfiguration().get(DeploymentOptions.ATTACHED);
    }

    /** The configuration the options describe, validated, without starting anything. */
    JobConfig jobConfig() {
        if (maxCheckpointFailures < 0) {
            throw OptionFiles.invalid(spec, "--max-checkpoint-failures", "must be 0 or more, was " + maxCheckpointFailures);
        }
        if (parallelism != null && parallelism < 1) {
            throw OptionFiles.invalid(spec, "--parallelism", "must be 1 or more, was " + parallelism);
        }
        return job.toJobConfig(kafkaSettings(), true);
    }

    KafkaSettings kafkaSettings() {
        Map<String, String> clientProperties = kafkaProperties == null ? Map.of()
                : OptionFiles.read(spec, "--kafka-properties", kafkaProperties, OptionFiles::properties);
        StartPosition start;
        try {
            start = StartPosition.parse(startFrom);
        } catch (IllegalArgumentException e) {
            throw OptionFiles.invalid(spec, "--start-from", e.getMessage());
        }
        try {
            return new KafkaSettings(bootstrapServers, ticksTopic, forecastsTopic,
                    deadLetterTopic != null ? deadLetterTopic : KafkaSettings.defaultDeadLetterTopic(ticksTopic),
                    groupId,
                    transactionalIdPrefix != null ? transactionalIdPrefix : "streamcast-" + forecastsTopic,
                    clientProperties, start, anomaliesTopic);
        } catch (IllegalArgumentException e) {
            throw OptionFiles.invalid(spec, "--kafka-properties", e.getMessage());
        }
    }
}
