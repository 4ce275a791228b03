package io.streamcast.job;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job outside a Flink cluster ({@code run} locally, the demo): on a MiniCluster in this JVM, with what a cluster
 * would give it. Checkpoints go to a directory (never the JobManager's memory, whose 5 MiB limit
 * silently stopped all output at about 160 keys) and are retained on cancellation, so a restart
 * resumes; the REST API and web UI listen on a given address; Flink's temporary files live in a
 * directory of this run's, removed on close; and every failed checkpoint, and every failure the job
 * restarts from, is logged at ERROR with its cause as it happens, since a job whose checkpoints fail
 * commits no output.
 */
public final class LocalRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);
    private static final Duration WATCH_EVERY = Duration.ofSeconds(1);
    /** How long closing waits for the job to cancel, and then for the cluster to stop: a stop must end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final String METADATA = "_metadata";
    private static final Duration POLL_EVERY = Duration.ofMillis(50);
    /**
     * How often the TaskManager reports to the JobManager, and with it a running job's
     * accumulators (Flink's default is 10 s): in one JVM the report costs next to nothing.
     */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final String PROMETHEUS_REPORTER = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    /**
     * @param resumeFrom a checkpoint or savepoint to restore, if any
     * @param parallelism of the source, windows and forecaster
     * @param tolerableCheckpointFailures consecutive failed checkpoints after which the job fails
     *     (and restarts from the last good one) rather than run on without committing output
     * @param prometheusPort where Flink's Prometheus reporter serves the metrics, if anywhere (it
     *     listens on every interface: the reporter has no address setting)
     * @param stateBackend where keyed state lives between checkpoints
     * @param managedMemory the TaskManager's managed memory, outside the heap: with RocksDB its
     *     block cache and write buffers, shared by the state of each slot
     */
    public record Settings(Path checkpointDir, Optional<Path> resumeFrom, String restAddress, int restPort,
            int parallelism, int tolerableCheckpointFailures, OptionalInt prometheusPort, StateBackend stateBackend,
            MemorySize managedMemory) {

        /** What a local cluster gets unless told otherwise: Flink's own default for one. */
        public static final MemorySize DEFAULT_MANAGED_MEMORY = MemorySize.ofMebiBytes(128);

        /** Fresh, REST on any free port of 127.0.0.1, parallelism 1, 3 failed checkpoints tolerated, on the heap. */
        public static Settings in(Path checkpointDir) {
            return new Settings(checkpointDir, Optional.empty(), "127.0.0.1", 0, 1, 3, OptionalInt.empty(),
                    StateBackend.HASHMAP, DEFAULT_MANAGED_MEMORY);
        }

        public Settings resumingFrom(Optional<Path> checkpoint) {
            return with(s -> s.resumeFrom = checkpoint);
        }

        public Settings rest(String address, int port) {
            return with(s -> {
                s.restAddress = address;
                s.restPort = port;
            });
        }

        public Settings parallelism(int subtasks) {
            return with(s -> s.parallelism = subtasks);
        }

        public Settings tolerableCheckpointFailures(int failures) {
            return with(s -> s.tolerableCheckpointFailures = failures);
        }

        public Settings prometheusPort(OptionalInt port) {
            return with(s -> s.prometheusPort = port);
        }

        public Settings stateBackend(StateBackend backend) {
            return with(s -> s.stateBackend = backend);
        }

        public Settings managedMemory(MemorySize size) {
            return with(s -> s.managedMemory = size);
        }

        /** These settings with {@code change} made to a mutable copy of them. */
        private Settings with(Consumer<Draft> change) {
            Draft draft = new Draft(this);
            change.accept(draft);
            return draft.settings();
        }

        /** A mutable copy, so that each setting above names only what it changes. */
        private static final class Draft {
            private final Path checkpointDir;
            private Optional<Path> resumeFrom;
            private String restAddress;
            private int restPort;
            private int parallelism;
            private int tolerableCheckpointFailures;
            private OptionalInt prometheusPort;
            private StateBackend stateBackend;
            private MemorySize managedMemory;

            Draft(Settings s) {
                checkpointDir = s.checkpointDir;
                resumeFrom = s.resumeFrom;
                restAddress = s.restAddress;
                restPort = s.restPort;
                parallelism = s.parallelism;
                tolerableCheckpointFailures = s.tolerableCheckpointFailures;
                prometheusPort = s.prometheusPort;
                stateBackend = s.stateBackend;
                managedMemory = s.managedMemory;
            }

            Settings settings() {
                return new Settings(checkpointDir, resumeFrom, restAddress, restPort, parallelism,
                        tolerableCheckpointFailures, prometheusPort, stateBackend, managedMemory);
            }
        }
    }

    private final Cluster cluster;
    private final JobClient job;
    private final Thread watch;
    /** Set once the job is being stopped: the stop aborts a periodic checkpoint under way, which is no failure. */
    private volatile boolean stopping;

    private LocalRun(Cluster cluster, JobClient job) {
        this.cluster = cluster;
        this.job = job;
        this.watch = new Thread(this::watchCheckpoints, "streamcast-checkpoint-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** The live job ({@link ForecastJob#define}). */
    public static LocalRun start(JobConfig config, Settings settings) throws Exception {
        return start(settings, liveJob(config));
    }

    private static Consumer<StreamExecutionEnvironment> liveJob(JobConfig config) {
        return env -> ForecastJob.define(env, config);
    }

    /** Whatever job {@code graph} defines on the environment it is given. */
    public static LocalRun start(Settings settings, Consumer<StreamExecutionEnvironment> graph) throws Exception {
        Cluster cluster = Cluster.start(settings);
        try {
            return cluster.submit(graph);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * A local cluster started before its job is submitted, so that what the job needs can start
     * meanwhile: the demo starts its broker beside it (each takes about 3 s, and the job's Kafka
     * source needs the broker's address and topics). Once a job is submitted, its {@link LocalRun}
     * owns the cluster; before that, closing the cluster stops it.
     */
    public static final class Cluster implements AutoCloseable {

        private final Path tmpDir;
        private final Configuration conf;
        private final MiniCluster miniCluster;
        private final int slots;

        private Cluster(Path tmpDir, Configuration conf, MiniCluster miniCluster, int slots) {
            this.tmpDir = tmpDir;
            this.conf = conf;
            this.miniCluster = miniCluster;
            this.slots = slots;
        }

        /** One TaskManager with a slot per subtask of the settings' parallelism, as Flink's local executor gives. */
        public static Cluster start(Settings settings) throws Exception {
            Path tmpDir = Files.createTempDirectory("streamcast-run-");
            try {
                Configuration conf = configuration(settings, tmpDir);
                MiniCluster miniCluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(settings.parallelism())
                        .setRpcServiceSharing(RpcServiceSharing.SHARED)
                        .build());
                try {
                    miniCluster.start();
                } catch (Exception | Error e) {
                    miniCluster.closeAsync();
                    throw e;
                }
                return new Cluster(tmpDir, conf, miniCluster, settings.parallelism());
            } catch (Exception | Error e) {
                FileUtils.deleteDirectoryQuietly(tmpDir.toFile());
                throw e;
            }
        }

        /** The live job ({@link ForecastJob#define}). */
        public LocalRun submit(JobConfig config) throws Exception {
            return submit(liveJob(config));
        }

        /**
         * Submits whatever job {@code graph} defines, as Flink's local executor would, and returns
         * once the job has initialised (a checkpoint it cannot restore fails here).
         */
        public LocalRun submit(Consumer<StreamExecutionEnvironment> graph) throws Exception {
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
            graph.accept(env);
            StreamGraph plan = PipelineExecutorUtils.getStreamGraph(env.getStreamGraph(), conf);
            if (plan.getMaximumParallelism() > slots) {
                throw new IllegalArgumentException("the job has an operator of parallelism " + plan.getMaximumParallelism()
                        + ", more than the " + slots + " slots of the local cluster (its settings' parallelism)");
            }
            plan.serializeUserDefinedInstances();
            JobID id = miniCluster.submitJob(plan).get().getJobID();
            ClassLoader classLoader = LocalRun.class.getClassLoader();
            ClientUtils.waitUntilJobInitializationFinished(() -> miniCluster.getJobStatus(id).get(),
                    () -> miniCluster.requestJobResult(id).get(), classLoader);
            return new LocalRun(this, new MiniClusterJobClient(id, miniCluster, classLoader,
                    MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
        }

        /** Stops the cluster, waiting at most {@link #CLOSE_WAIT}, and removes its temporary files. */
        @Override
        public void close() throws IOException {
            awaitAtMostCloseWait(miniCluster.closeAsync(), "the local cluster did not stop within {}",
                    "stopping the local cluster failed");
            FileUtils.deleteDirectory(tmpDir.toFile());
        }
    }

    static Configuration configuration(Settings settings, Path tmpDir) {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.ATTACHED, true);
        conf.set(RestOptions.ADDRESS, settings.restAddress());
        conf.set(RestOptions.BIND_ADDRESS, settings.restAddress());
        conf.set(RestOptions.BIND_PORT, String.valueOf(settings.restPort()));
        conf.set(CoreOptions.TMP_DIRS, tmpDir.toString());
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, HEARTBEAT);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, settings.parallelism());
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDir().toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, settings.tolerableCheckpointFailures());
        settings.stateBackend().configure(conf);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, settings.managedMemory());
        settings.resumeFrom().ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toString()));
        settings.prometheusPort().ifPresent(port -> {
            conf.setString("metrics.reporter.prom.factory.class", PROMETHEUS_REPORTER);
            conf.setString("metrics.reporter.prom.port", String.valueOf(port));
        });
        return conf;
    }

    /** A completed savepoint: where it is, and the full size of the state in it. */
    public record Savepoint(Path path, long stateBytes) {}

    /**
     * Takes a savepoint of the running job, which runs on. In Flink's native format it is the
     * backend's own files (RocksDB's, as a checkpoint holds them, versions not yet compacted away
     * included) and restores as fast as a checkpoint; in the canonical format it is every live
     * key and value as Flink serializes them, whatever the backend.
     *
     * @return the savepoint and its full state size as its metadata records it: the sum of
     *     {@code OperatorState.getStateSize()}, what the checkpoint statistics call the state size
     *     (never the incremental checkpointed size)
     */
    public Savepoint savepoint(Path directory, SavepointFormatType format) throws Exception {
        String pointer = job.triggerSavepoint(directory.toUri().toString(), format).get();
        Path path = Path.of(URI.create(pointer));
        try (DataInputStream in = new DataInputStream(Files.newInputStream(path.resolve(METADATA)))) {
            CheckpointMetadata metadata = Checkpoints.loadCheckpointMetadata(in, LocalRun.class.getClassLoader(), pointer);
            return new Savepoint(path, metadata.getOperatorStates().stream().mapToLong(OperatorState::getStateSize).sum());
        }
    }

    /**
     * Ends the input of a job whose source does not end by itself, as the end of a bounded input
     * would: the watermark goes to the end of time, every timer fires, and the job finishes with
     * its accumulators. Flink does that only as a stop with a savepoint (drained before it is
     * taken), so one is written to {@code directory}.
     */
    public JobExecutionResult drain(Path directory) throws Exception {
        stopping = true;
        job.stopWithSavepoint(true, directory.toUri().toString(), SavepointFormatType.NATIVE).get();
        return await();
    }

    /**
     * Waits until every task of the job is RUNNING: a task restoring a checkpoint is INITIALIZING
     * until its state is in place, so on a restore this is when the job holds its state again.
     */
    public void awaitAllRunning() throws Exception {
        while (true) {
            AccessExecutionGraph graph = cluster.miniCluster.getExecutionGraph(job.getJobID()).get();
            if (graph.getState().isGloballyTerminalState()) {
                throw new IllegalStateException("the job ended (" + graph.getState() + ") before all its tasks ran");
            }
            boolean allRunning = true;
            for (AccessExecutionVertex task : graph.getAllExecutionVertices()) {
                allRunning &= task.getExecutionState() == ExecutionState.RUNNING;
            }
            if (allRunning) {
                return;
            }
            Thread.sleep(POLL_EVERY.toMillis());
        }
    }

    public JobClient job() {
        return job;
    }

    public URI restAddress() throws Exception {
        return cluster.miniCluster.getRestAddress().get();
    }

    /** Waits for the job to end; it ends by failing for good, or by being cancelled. */
    public JobExecutionResult await() throws Exception {
        return job.getJobExecutionResult().get();
    }

    private void watchCheckpoints() {
        long lastLogged = -1;
        long lastFailure = -1;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(WATCH_EVERY.toMillis());
                var graph = cluster.miniCluster.getExecutionGraph(job.getJobID()).get();
                if (graph.getState().isGloballyTerminalState()) {
                    return;
                }
                ErrorInfo failure = graph.getFailureInfo();
                if (failure != null && failure.getTimestamp() != lastFailure && !stopping) {
                    lastFailure = failure.getTimestamp();
                    LOG.error("the job failed and restarts from its newest checkpoint: {}", rootCause(failure.getException()));
                }
                CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
                FailedCheckpointStats latest = stats.getHistory().getLatestFailedCheckpoint();
                if (latest != null && latest.getCheckpointId() != lastLogged) {
                    lastLogged = latest.getCheckpointId();
                    if (stopping) {
                        LOG.info("checkpoint {} ended by the stop: {}", lastLogged, latest.getFailureMessage());
                    } else {
                        LOG.error("checkpoint {} failed ({} failed so far; no output is committed until one completes): {}",
                                lastLogged, stats.getCounts().getNumberOfFailedCheckpoints(), latest.getFailureMessage());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // The job is restarting or gone: nothing to watch until it is back.
            }
        }
    }

    /**
     * The innermost cause, which names what went wrong (the outer ones name the task and checkpoint
     * it hit). Flink hands failures over as SerializedThrowables, whose message is the original's
     * class and message.
     */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /**
     * Waits for a step of closing for at most {@link #CLOSE_WAIT} and goes on whatever happened,
     * logging it: a stop must end. {@code timedOut} has a {} for the wait.
     */
    private static void awaitAtMostCloseWait(Future<?> step, String timedOut, String failed) {
        try {
            step.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(timedOut, CLOSE_WAIT);
        } catch (Exception e) {
            LOG.warn(failed, e);
        }
    }

    /** Cancels the job if it still runs (its latest checkpoint stays), stops the cluster, removes the temporary files. */
    @Override
    public void close() throws IOException {
        watch.interrupt();
        // A finished job has nothing to cancel.
        if (!job.getJobExecutionResult().isDone()) {
            awaitAtMostCloseWait(job.cancel(), "the job did not cancel within {}; stopping the cluster anyway",
                    "cancelling the job failed");
        }
        cluster.close();
    }
}
