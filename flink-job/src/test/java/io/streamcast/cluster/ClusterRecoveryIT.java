package io.streamcast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.job.KafkaTestClient;
import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.Json;
import io.streamcast.records.Tick;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a real Flink session cluster ({@link StandaloneFlinkCluster}: JobManager and
 * TaskManager JVMs of their own, DL4J/ND4J in the cluster's lib/) and a real broker, submitted
 * through the REST API like on a deployment: a TaskManager killed with SIGKILL, a job cancelled
 * and resubmitted, stopped with a savepoint and restored, and restored at another parallelism.
 * Forecasts are read back with read_committed. One cluster and one broker for the class.
 */
class ClusterRecoveryIT {

    private static final long MINUTE = 60_000;
    /**
     * Recent: the sink writes forecasts with their event time as the Kafka timestamp, and the
     * broker's retention (7 days) would delete segments of older records while a test runs.
     */
    private static final long START = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).toEpochMilli();
    private static final int KEYS = 4;
    private static final int TICKS_PER_WINDOW = 3;
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** No retraining: forecasts are then a function of the ticks alone, comparable between runs. */
    private static final List<String> NO_TRAINING = List.of("--retrain-every", "1000d");
    /** A small model that trains within a second, every 10 windows once 12 bars are there. */
    private static final List<String> TRAINING = List.of("--retrain-every", "10m", "--min-training-windows", "4",
            "--tbptt", "5", "--layers", "1", "--hidden", "8", "--epochs", "20",
            "--warmup-bars", "8", "--features", "value", "--learning-rate", "0.02");

    private static EmbeddedKafkaBroker kafka;
    private static KafkaTestClient client;
    private static StandaloneFlinkCluster flink;
    private static String jar;

    @BeforeAll
    static void startClusterAndBroker() {
        kafka = EmbeddedKafkaBroker.start();
        client = new KafkaTestClient(kafka.bootstrapServers());
        flink = StandaloneFlinkCluster.start();
        jar = flink.upload(BuildLayout.jobJar());
    }

    @AfterAll
    static void stopClusterAndBroker() {
        if (flink != null) {
            flink.close();
        }
        if (client != null) {
            client.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * kill -9 of the TaskManager while ticks flow, a new one started: the job restores its last
     * checkpoint, and the forecasts committed hold exactly one record per key and window, the same
     * records as an uninterrupted run over the same ticks.
     */
    @Test
    void taskManagerKilledNothingLostNothingTwice() {
        String ticks = "crash-ticks";
        kafka.createTopics(2, ticks);
        kafka.createTopics(1, "crash-forecasts", "crash-dlq", "reference-forecasts", "reference-dlq");
        int windows = 60;

        String job = flink.run(jar, args(ticks, "crash", NO_TRAINING), 2, null);
        flink.awaitRunning(job);
        produceWindows(ticks, 0, 30);
        client.readCommitted("crash-forecasts", v -> v.size() >= KEYS * 20, WAIT);

        flink.killTaskManager();
        produceWindows(ticks, 30, windows);
        closeWindowsBefore(ticks, windows + 1);
        flink.startTaskManager();
        flink.awaitTaskManagers(1);
        client.readCommitted("crash-forecasts", v -> v.size() >= KEYS * windows, WAIT);
        flink.awaitCheckpoints(job, 2);
        List<ForecastRecord> recovered = readAllCommitted("crash-forecasts");
        flink.cancel(job);
        assertThat(flink.jobState(job)).isEqualTo("CANCELED");

        String reference = flink.run(jar, args(ticks, "reference", NO_TRAINING), 2, null);
        flink.awaitRunning(reference);
        client.readCommitted("reference-forecasts", v -> v.size() >= KEYS * windows, WAIT);
        flink.awaitCheckpoints(reference, 2);
        List<ForecastRecord> uninterrupted = readAllCommitted("reference-forecasts");
        flink.cancel(reference);

        assertExactlyOnePerKeyAndWindow(recovered, windows);
        assertExactlyOnePerKeyAndWindow(uninterrupted, windows);
        assertThat(sorted(recovered)).as("forecasts after a TaskManager crash vs. an uninterrupted run")
                .containsExactlyElementsOf(sorted(uninterrupted));
    }

    /**
     * Cancel and submit again to the same TaskManager: ND4J (in the cluster's lib/, parent-first)
     * is loaded once; the second job's training unpacks no new copy of the natives.
     */
    @Test
    void resubmissionLoadsNd4jOnce() {
        String ticks = "resubmit-ticks";
        kafka.createTopics(2, ticks);
        kafka.createTopics(1, "resubmit-1-forecasts", "resubmit-2-forecasts", "resubmit-1-dlq", "resubmit-2-dlq");

        String first = flink.run(jar, args(ticks, "resubmit-1", TRAINING), 1, null);
        flink.awaitRunning(first);
        produceWindows(ticks, 0, 30);
        int produced = produceUntilRetrained(ticks, "resubmit-1-forecasts", 30);
        NativeCache afterFirst = NativeCache.of(flink.javacppCache());
        assertThat(afterFirst.files()).as("ND4J's natives unpacked by the first job").isNotEmpty();
        long backendsLoaded = nd4jBackendLoads();
        assertThat(backendsLoaded).as("ND4J backend loads in the TaskManager log").isEqualTo(1);
        flink.cancel(first);

        String second = flink.run(jar, args(ticks, "resubmit-2", TRAINING), 1, null);
        flink.awaitRunning(second);
        produceUntilRetrained(ticks, "resubmit-2-forecasts", produced);
        flink.cancel(second);

        assertThat(NativeCache.of(flink.javacppCache())).as("the native cache after the resubmission").isEqualTo(afterFirst);
        assertThat(nd4jBackendLoads()).as("ND4J backend loads after the resubmission").isEqualTo(backendsLoaded);
    }

    /**
     * Stop with a savepoint, restore it at the same parallelism, stop again, and restore that at
     * another: each key's LSTM state and the model version survive (no naive cold start), and the
     * forecasts chain on as if the job had never stopped.
     */
    @Test
    void savepointRestoreAndRescaleKeepEveryKeysState() {
        String ticks = "savepoint-ticks";
        kafka.createTopics(2, ticks);
        kafka.createTopics(1, "savepoint-forecasts", "savepoint-dlq");
        List<String> args = args(ticks, "savepoint", TRAINING);

        String job = flink.run(jar, args, 2, null);
        flink.awaitRunning(job);
        produceWindows(ticks, 0, 30);
        int next = produceUntilRetrained(ticks, "savepoint-forecasts", 30);
        String savepoint = flink.stopWithSavepoint(job, flink.newDirectory("savepoint-1"));
        List<ForecastRecord> beforeStop = readAllCommitted("savepoint-forecasts");

        // Same parallelism.
        String restored = flink.run(jar, args, 2, savepoint);
        flink.awaitRunning(restored);
        produceWindows(ticks, next, next + 10);
        int expected = beforeStop.size() + KEYS * 10;
        client.readCommitted("savepoint-forecasts", v -> v.size() >= expected, WAIT);
        String secondSavepoint = flink.stopWithSavepoint(restored, flink.newDirectory("savepoint-2"));
        List<ForecastRecord> beforeRescale = readAllCommitted("savepoint-forecasts");
        next += 10;

        // Rescaled: 2 -> 1.
        String rescaled = flink.run(jar, args, 1, secondSavepoint);
        flink.awaitRunning(rescaled);
        produceWindows(ticks, next, next + 10);
        closeWindowsBefore(ticks, next + 11);
        int last = next + 10;
        client.readCommitted("savepoint-forecasts", v -> v.size() >= KEYS * last, WAIT);
        flink.awaitCheckpoints(rescaled, 2);
        List<ForecastRecord> all = readAllCommitted("savepoint-forecasts");
        flink.cancel(rescaled);

        assertExactlyOnePerKeyAndWindow(all, last);
        assertForecastsChain(all);
        assertContinuesAfter(beforeStop, all, "restored from a savepoint");
        assertContinuesAfter(beforeRescale, all, "restored at parallelism 1");
    }

    // ---- the job ------------------------------------------------------------------------------

    private List<String> args(String ticks, String name, List<String> model) {
        List<String> args = new ArrayList<>(List.of("run",
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--ticks-topic", ticks,
                "--forecasts-topic", name + "-forecasts",
                "--dead-letter-topic", name + "-dlq",
                "--group-id", name,
                "--transactional-id-prefix", name,
                "--window", "1m",
                "--lateness", "5s",
                // Both partitions always have ticks; a long idle timeout keeps event time from
                // overtaking a partition that is only slow (restarting), so runs are comparable.
                "--idle-timeout", "10m",
                "--checkpoint-interval", "1s"));
        args.addAll(model);
        return args;
    }

    // ---- ticks --------------------------------------------------------------------------------

    /** Ticks of every key for windows [from, to), each key always on the same partition. */
    private static void produceWindows(String topic, int from, int to) {
        for (int w = from; w < to; w++) {
            client.sendCycleWindow(topic, START, KEYS, w, TICKS_PER_WINDOW, KafkaTestClient.pinned(2));
        }
        client.flush();
    }

    /** One tick per key in window {@code w}: event time passes every earlier window. */
    private static void closeWindowsBefore(String topic, int w) {
        for (int k = 0; k < KEYS; k++) {
            String key = "key-" + k;
            client.send(topic, k % 2, key, Json.toJson(new Tick(key, START + w * MINUTE + 30_000, 1)));
        }
        client.flush();
    }

    /**
     * Produces a window at a time, paced, from {@code from} on, until a forecast made with a
     * retrained model (version 1 or more) is committed; returns the next window to produce.
     */
    private static int produceUntilRetrained(String ticks, String forecasts, int from) {
        int w = from;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            produceWindows(ticks, w, w + 1);
            w++;
            sleep(300);
            if (w % 5 == 0 && readAllCommitted(forecasts).stream().anyMatch(f -> f.modelVersion() >= 1)) {
                return w;
            }
        }
        throw new AssertionError("no retrained model reached " + forecasts + " by window " + w);
    }

    private long nd4jBackendLoads() {
        return flink.logLines(flink.newestTaskManager(), l -> l.contains("Loaded [CpuBackend] backend")).size();
    }

    // ---- forecasts ----------------------------------------------------------------------------

    /** Everything committed on the topic now (to its last stable offset), with read_committed. */
    private static List<ForecastRecord> readAllCommitted(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.beginningOffsets(partitions).forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ForecastRecord> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to " + end);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(Json.forecastFromJson(r.value()));
                }
            }
            return records;
        }
    }

    private static List<ForecastRecord> sorted(List<ForecastRecord> records) {
        return records.stream().sorted(Comparator.comparing(ForecastRecord::key)
                .thenComparingLong(ForecastRecord::windowStart)).toList();
    }

    private static void assertExactlyOnePerKeyAndWindow(List<ForecastRecord> forecasts, int windows) {
        Map<String, List<Long>> windowsByKey = forecasts.stream().collect(Collectors.groupingBy(
                ForecastRecord::key, TreeMap::new, Collectors.mapping(ForecastRecord::windowStart, Collectors.toList())));
        assertThat(windowsByKey).hasSize(KEYS);
        List<Long> expected = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            expected.add(START + w * MINUTE);
        }
        windowsByKey.forEach((key, starts) ->
                assertThat(starts).as("windows of %s", key).containsExactlyInAnyOrderElementsOf(expected));
    }

    private static void assertForecastsChain(List<ForecastRecord> forecasts) {
        forecasts.stream().collect(Collectors.groupingBy(ForecastRecord::key)).forEach((key, records) -> {
            List<ForecastRecord> byWindow = sorted(records);
            assertThat(byWindow.get(0).forecastOfActual()).isNull();
            long newest = byWindow.get(0).modelVersion();
            for (int i = 1; i < byWindow.size(); i++) {
                ForecastRecord previous = byWindow.get(i - 1);
                ForecastRecord current = byWindow.get(i);
                assertThat(current.forecastOfActual()).as("%s window %d", key, i).isEqualTo(previous.forecast());
                assertThat(previous.forecastFor()).isEqualTo(current.windowEnd());
                // Model versions never fall back; version 0 (the last value) may be served in a model's place.
                if (current.modelVersion() != 0) {
                    assertThat(current.modelVersion()).as("%s window %d", key, i).isGreaterThanOrEqualTo(newest);
                    newest = current.modelVersion();
                }
            }
        });
    }

    /**
     * Every key's first forecast after the stop continues its last one before: it was forecast
     * (the LSTM state and last forecast survived) by a model at least as new, or by the last value
     * served in its place (a key's record against the last value survives too).
     */
    private static void assertContinuesAfter(List<ForecastRecord> beforeStop, List<ForecastRecord> all, String what) {
        long newestBefore = beforeStop.stream().mapToLong(ForecastRecord::modelVersion).max().orElse(0);
        assertThat(newestBefore).as("a retrained model before the stop").isGreaterThanOrEqualTo(1);
        Map<String, ForecastRecord> lastBefore = beforeStop.stream().collect(Collectors.toMap(
                ForecastRecord::key, f -> f, (a, b) -> a.windowStart() > b.windowStart() ? a : b));
        assertThat(lastBefore).hasSize(KEYS);
        List<Long> versionsAfter = new ArrayList<>();
        lastBefore.forEach((key, last) -> {
            ForecastRecord firstAfter = all.stream()
                    .filter(f -> f.key().equals(key) && f.windowStart() > last.windowStart())
                    .min(Comparator.comparingLong(ForecastRecord::windowStart))
                    .orElseThrow(() -> new AssertionError(key + ": no forecast " + what));
            assertThat(firstAfter.windowStart()).as("%s: the next window %s", key, what).isEqualTo(last.windowEnd());
            assertThat(firstAfter.forecastOfActual()).as("%s: forecast of the first window %s", key, what)
                    .isEqualTo(last.forecast());
            if (firstAfter.modelVersion() != 0) {
                assertThat(firstAfter.modelVersion()).as("%s: model version %s", key, what)
                        .isGreaterThanOrEqualTo(last.modelVersion());
            }
            versionsAfter.add(firstAfter.modelVersion());
        });
        assertThat(versionsAfter).as("the model survived %s", what).anyMatch(v -> v >= newestBefore);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The files of ND4J's native cache and their sizes. */
    private record NativeCache(Map<String, Long> files) {
        static NativeCache of(Path dir) {
            if (!Files.isDirectory(dir)) {
                return new NativeCache(Map.of());
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                return new NativeCache(paths.filter(Files::isRegularFile).collect(Collectors.toMap(
                        p -> dir.relativize(p).toString(), p -> p.toFile().length(), (a, b) -> a, TreeMap::new)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
