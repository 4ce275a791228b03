package io.streamcast.local;

import io.streamcast.backtest.PrefixSeason;
import io.streamcast.backtest.SeasonChoice;
import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import io.streamcast.job.LocalRun;
import io.streamcast.records.Tick;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.FileUtils;

/**
 * The self-contained demo: an embedded Kafka broker, the job on a local Flink mini cluster, a
 * replay of recorded ticks into Kafka and a live view of the forecasts. Stops by itself once the
 * replay is done and the forecasts have settled, when {@code maxDuration} has passed, or on
 * Ctrl-C; always cleans up.
 */
public final class DemoRunner {

    static final String TICKS_TOPIC = "ticks";
    static final String FORECASTS_TOPIC = "forecasts";
    static final String DEAD_LETTER_TOPIC = KafkaSettings.defaultDeadLetterTopic(TICKS_TOPIC);
    static final int TICK_PARTITIONS = 2;
    static final int PARALLELISM = 2;
    /** After the replay, stop once no forecast has come for this long. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(20);
    /** A longer pause in the data (between two recordings, say) replays as this many windows. */
    static final int MAX_GAP_WINDOWS = 10;
    static final int KEY_LINES_PER_SECOND = 4;

    /**
     * @param ticks the ticks to replay, in event-time order
     * @param speedup event-time seconds replayed per wall second
     * @param maxDuration wall time after which the demo stops regardless
     * @param job the job's configuration; its Kafka settings are replaced by the embedded broker's
     * @param log the file every log line goes to instead of the console
     */
    public record Settings(List<Tick> ticks, double speedup, Duration maxDuration, JobConfig job, Path log) {}

    private final Settings settings;
    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;

    public DemoRunner(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Asks a running demo to stop and clean up; returns at once. */
    public void stop() {
        stopRequested = true;
    }

    /** Runs the demo to its end and returns the exit code: 0, or 1 if the job failed. */
    public int run() throws Exception {
        long startNanos = System.nanoTime();
        Path log = settings.log().toAbsolutePath();
        DemoLog.redirectTo(log);
        Thread hook = new Thread(this::stopAndAwaitCleanup, "streamcast-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<EmbeddedKafkaBroker> brokerStart = null;
        EmbeddedKafkaBroker broker = null;
        Path checkpoints = null;
        LocalRun.Cluster cluster = null;
        LocalRun run = null;
        JobClient job = null;
        ForecastConsole console = null;
        TickReplayer replayer = null;
        Duration window = settings.job().window();
        // As a backtest's: the scoreboard scores windows from the first model on, after the stretch read.
        SeasonChoice season = PrefixSeason.ofTicks(settings.ticks(), settings.job());
        List<String> keys = settings.ticks().stream().map(Tick::key).distinct().toList();
        Scoreboard board = new Scoreboard(window, season.windows(),
                printEveryMillis(window.toMillis(), settings.speedup(), keys.size()), keys);
        JobStatus status = null;
        long replayStartNanos = 0;
        try {
            out.println(season.line());
            out.println("starting Kafka and Flink ...");
            // Each takes seconds to start and neither needs the other until the job is submitted.
            brokerStart = CompletableFuture.supplyAsync(DemoRunner::startBroker);
            checkpoints = Files.createTempDirectory("streamcast-demo-checkpoints-");
            cluster = LocalRun.Cluster.start(LocalRun.Settings.in(checkpoints).parallelism(PARALLELISM));
            broker = started(brokerStart);
            JobConfig config = settings.job().withKafka(kafkaSettings(broker.bootstrapServers()));
            out.println("starting the job ...");
            run = cluster.submit(config);
            job = run.job();
            console = new ForecastConsole(broker.bootstrapServers(), FORECASTS_TOPIC, DEAD_LETTER_TOPIC, board, out);
            console.start();
            replayer = TickReplayer.toKafka(settings.ticks(), settings.speedup(), window.multipliedBy(MAX_GAP_WINDOWS),
                    broker.bootstrapServers(), TICKS_TOPIC);
            out.printf("replaying %d ticks at %.0fx (window %s, checkpoints every %s; forecasts show once committed)%n",
                    replayer.ticksTotal(), settings.speedup(), config.window(), config.checkpointInterval());
            replayStartNanos = System.nanoTime();
            replayer.start();
            status = awaitEnd(startNanos, job, console, replayer);
        } finally {
            long endNanos = console != null && console.lastForecastNanos() > 0 ? console.lastForecastNanos() : System.nanoTime();
            cleanUp(replayer, run != null ? run : cluster, checkpoints, console, brokerStart);
            if (replayer != null) {
                out.println();
                out.print(board.summary(replayer.ticksSent(), (endNanos - replayStartNanos) / 1e9, console.deadLetters()));
            }
            out.println("log: " + log);
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it is what stopped us.
            }
        }
        return status == JobStatus.FAILED ? 1 : 0;
    }

    /** Waits for the end of the demo and says why it ended; returns the job's status if it ended. */
    private JobStatus awaitEnd(long startNanos, JobClient job, ForecastConsole console, TickReplayer replayer)
            throws Exception {
        long deadline = startNanos + settings.maxDuration().toNanos();
        // The first forecast is timed from the JVM's start: the user waits from the command's launch.
        long launchNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(ManagementFactory.getRuntimeMXBean().getUptime());
        long replayDoneNanos = 0;
        boolean firstShown = false;
        while (true) {
            long now = System.nanoTime();
            if (!firstShown && console.firstForecastNanos() > 0) {
                firstShown = true;
                out.printf("first forecast %.1f s after launch%n", (console.firstForecastNanos() - launchNanos) / 1e9);
            }
            if (replayDoneNanos == 0 && replayer.isDone()) {
                replayDoneNanos = now;
                out.println(replayer.failure() == null ? "replay done (" + replayer.ticksSent() + " ticks)"
                        : "replay failed: " + replayer.failure());
            }
            JobStatus status = job.getJobStatus().get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (status.isGloballyTerminalState()) {
                out.println("the job ended: " + status);
                return status;
            }
            if (stopRequested) {
                out.println("stopping ...");
                return status;
            }
            if (now - deadline >= 0) {
                out.println("stopping after " + settings.maxDuration() + " (--duration)");
                return status;
            }
            long lastNews = Math.max(replayDoneNanos, console.lastForecastNanos());
            if (replayDoneNanos > 0 && now - lastNews >= SETTLE.toNanos()) {
                return status;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Closes what is still open, in reverse order of starting, whatever fails. */
    private void cleanUp(TickReplayer replayer, AutoCloseable flink, Path checkpoints, ForecastConsole console,
            CompletableFuture<EmbeddedKafkaBroker> brokerStart) {
        List<AutoCloseable> steps = new ArrayList<>();
        if (replayer != null) {
            steps.add(replayer);
        }
        if (flink != null) {
            steps.add(flink);
        }
        if (checkpoints != null) {
            steps.add(() -> FileUtils.deleteDirectory(checkpoints.toFile()));
        }
        if (console != null) {
            steps.add(console);
        }
        if (brokerStart != null) {
            // A broker still starting is stopped once it has started; one that failed has nothing to stop.
            steps.add(() -> brokerStart.exceptionally(failed -> null).thenAccept(DemoRunner::closeStarted).join());
        }
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception e) {
                out.println("clean-up: " + e);
            }
        }
    }

    private static EmbeddedKafkaBroker startBroker() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        try {
            broker.createTopics(TICK_PARTITIONS, TICKS_TOPIC);
            broker.createTopics(1, FORECASTS_TOPIC, DEAD_LETTER_TOPIC);
            return broker;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** The started broker, or what stopped it from starting (not wrapped in a CompletionException). */
    private static EmbeddedKafkaBroker started(CompletableFuture<EmbeddedKafkaBroker> brokerStart) {
        try {
            return brokerStart.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static void closeStarted(EmbeddedKafkaBroker broker) {
        if (broker != null) {
            broker.close();
        }
    }

    private void stopAndAwaitCleanup() {
        stop();
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The event time between two lines of one key, in whole windows: about {@link #KEY_LINES_PER_SECOND}
     * lines a wall second in all, and no more than one per key and wall second, so that a line
     * can be read before it scrolls away.
     */
    static long printEveryMillis(long windowMillis, double speedup, long keys) {
        double wallSeconds = Math.max(1.0, (double) keys / KEY_LINES_PER_SECOND);
        long windows = Math.max(1, Math.round(wallSeconds * speedup * 1000 / windowMillis));
        return windows * windowMillis;
    }

    static KafkaSettings kafkaSettings(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, TICKS_TOPIC, FORECASTS_TOPIC, DEAD_LETTER_TOPIC,
                "streamcast-demo", "streamcast-demo-" + FORECASTS_TOPIC, Map.of());
    }
}
