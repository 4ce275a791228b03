package io.streamcast.job;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job outside a Flink cluster ({@code run} locally, the demo): on a MiniCluster in this JVM, with what a cluster
 * would give it. Checkpoints go to a directory (never the JobManager's memory, whose 5 MiB limit
 * silently stopped all output at about 160 keys) and are retained on cancellation, so a restart
 * resumes; the REST API and web UI listen on a given address; Flink's temporary files live in a
 * directory of this run's, removed on close; and every failed checkpoint is logged at ERROR with
 * its cause as it happens, since a job whose checkpoints fail commits no output.
 */
public final class LocalRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);
    private static final Duration WATCH_EVERY = Duration.ofSeconds(1);
    private static final String PROMETHEUS_REPORTER = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    /**
     * @param resumeFrom a checkpoint or savepoint to restore, if any
     * @param parallelism of the source, windows and forecaster
     * @param tolerableCheckpointFailures consecutive failed checkpoints after which the job fails
     *     (and restarts from the last good one) rather than run on without committing output
     * @param prometheusPort where Flink's Prometheus reporter serves the metrics, if anywhere (it
     *     listens on every interface: the reporter has no address setting)
     * @param stateBackend where keyed state lives between checkpoints
     */
    public record Settings(Path checkpointDir, Optional<Path> resumeFrom, String restAddress, int restPort,
            int parallelism, int tolerableCheckpointFailures, OptionalInt prometheusPort, StateBackend stateBackend) {

        /** Fresh, REST on any free port of 127.0.0.1, parallelism 1, 3 failed checkpoints tolerated, on the heap. */
        public static Settings in(Path checkpointDir) {
            return new Settings(checkpointDir, Optional.empty(), "127.0.0.1", 0, 1, 3, OptionalInt.empty(),
                    StateBackend.HASHMAP);
        }

        public Settings resumingFrom(Optional<Path> checkpoint) {
            return new Settings(checkpointDir, checkpoint, restAddress, restPort, parallelism,
                    tolerableCheckpointFailures, prometheusPort, stateBackend);
        }

        public Settings rest(String address, int port) {
            return new Settings(checkpointDir, resumeFrom, address, port, parallelism, tolerableCheckpointFailures,
                    prometheusPort, stateBackend);
        }

        public Settings parallelism(int subtasks) {
            return new Settings(checkpointDir, resumeFrom, restAddress, restPort, subtasks,
                    tolerableCheckpointFailures, prometheusPort, stateBackend);
        }

        public Settings tolerableCheckpointFailures(int failures) {
            return new Settings(checkpointDir, resumeFrom, restAddress, restPort, parallelism, failures,
                    prometheusPort, stateBackend);
        }

        public Settings prometheusPort(OptionalInt port) {
            return new Settings(checkpointDir, resumeFrom, restAddress, restPort, parallelism,
                    tolerableCheckpointFailures, port, stateBackend);
        }

        public Settings stateBackend(StateBackend backend) {
            return new Settings(checkpointDir, resumeFrom, restAddress, restPort, parallelism,
                    tolerableCheckpointFailures, prometheusPort, backend);
        }
    }

    private final Path tmpDir;
    private final MiniCluster cluster;
    private final JobClient job;
    private final Thread watch;
    private final AtomicLong largestCheckpointBytes = new AtomicLong();

    private LocalRun(Path tmpDir, MiniCluster cluster, JobClient job) {
        this.tmpDir = tmpDir;
        this.cluster = cluster;
        this.job = job;
        this.watch = new Thread(this::watchCheckpoints, "streamcast-checkpoint-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** The live job ({@link ForecastJob#define}). */
    public static LocalRun start(JobConfig config, Settings settings) throws Exception {
        return start(settings, env -> ForecastJob.define(env, config));
    }

    /** Whatever job {@code graph} defines on the environment it is given. */
    public static LocalRun start(Settings settings, Consumer<StreamExecutionEnvironment> graph) throws Exception {
        Path tmpDir = Files.createTempDirectory("streamcast-run-");
        try {
            Configuration conf = configuration(settings, tmpDir);
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
            graph.accept(env);
            AtomicReference<MiniCluster> cluster = new AtomicReference<>();
            JobClient job = LocalExecutor.createWithFactory(conf, c -> {
                MiniCluster created = new MiniCluster(c);
                cluster.set(created);
                return created;
            }).execute(env.getStreamGraph(), conf, LocalRun.class.getClassLoader()).get();
            return new LocalRun(tmpDir, cluster.get(), job);
        } catch (Exception | Error e) {
            FileUtils.deleteDirectoryQuietly(tmpDir.toFile());
            throw e;
        }
    }

    static Configuration configuration(Settings settings, Path tmpDir) {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.ATTACHED, true);
        conf.set(RestOptions.ADDRESS, settings.restAddress());
        conf.set(RestOptions.BIND_ADDRESS, settings.restAddress());
        conf.set(RestOptions.BIND_PORT, String.valueOf(settings.restPort()));
        conf.set(CoreOptions.TMP_DIRS, tmpDir.toString());
        conf.set(CoreOptions.DEFAULT_PARALLELISM, settings.parallelism());
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDir().toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, settings.tolerableCheckpointFailures());
        settings.stateBackend().configure(conf);
        settings.resumeFrom().ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toString()));
        settings.prometheusPort().ifPresent(port -> {
            conf.setString("metrics.reporter.prom.factory.class", PROMETHEUS_REPORTER);
            conf.setString("metrics.reporter.prom.port", String.valueOf(port));
        });
        return conf;
    }

    /** The size of the largest checkpoint completed so far (0 before the first). */
    public long largestCheckpointBytes() {
        return largestCheckpointBytes.get();
    }

    public JobClient job() {
        return job;
    }

    public URI restAddress() throws Exception {
        return cluster.getRestAddress().get();
    }

    /** Waits for the job to end; it ends by failing for good, or by being cancelled. */
    public JobExecutionResult await() throws Exception {
        return job.getJobExecutionResult().get();
    }

    private void watchCheckpoints() {
        long lastLogged = -1;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(WATCH_EVERY.toMillis());
                var graph = cluster.getExecutionGraph(job.getJobID()).get();
                if (graph.getState().isGloballyTerminalState()) {
                    return;
                }
                CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
                CompletedCheckpointStats completed = stats.getHistory().getLatestCompletedCheckpoint();
                if (completed != null) {
                    largestCheckpointBytes.accumulateAndGet(completed.getStateSize(), Math::max);
                }
                FailedCheckpointStats latest = stats.getHistory().getLatestFailedCheckpoint();
                if (latest != null && latest.getCheckpointId() != lastLogged) {
                    lastLogged = latest.getCheckpointId();
                    LOG.error("checkpoint {} failed ({} failed so far; no output is committed until one completes): {}",
                            latest.getCheckpointId(), stats.getCounts().getNumberOfFailedCheckpoints(),
                            latest.getFailureMessage());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // The job is restarting or gone: nothing to watch until it is back.
            }
        }
    }

    /** Cancels the job if it still runs (its latest checkpoint stays), stops the cluster, removes the temporary files. */
    @Override
    public void close() throws IOException {
        watch.interrupt();
        // A finished job has taken its cluster down with it: nothing to cancel then.
        if (!job.getJobExecutionResult().isDone()) {
            try {
                job.cancel().get();
            } catch (Exception e) {
                LOG.warn("cancelling the job failed", e);
            }
        }
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("stopping the local cluster failed", e);
        }
        FileUtils.deleteDirectory(tmpDir.toFile());
    }
}
