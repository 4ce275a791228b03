package io.streamcast.job;

import static io.streamcast.job.LiveTests.DLQ;
import static io.streamcast.job.LiveTests.FORECASTS;
import static io.streamcast.job.LiveTests.MINUTE;
import static io.streamcast.job.LiveTests.START;
import static io.streamcast.job.LiveTests.TICKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamcast run} in a JVM of its own, killed with SIGKILL mid-stream while it retrains,
 * then started again with the same command: it resumes from its newest checkpoint, and a
 * read_committed reader sees exactly one forecast per key and window, none lost, with every key's
 * forecasts chaining across the crash and the trained model kept.
 */
class CrashResumeTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 40;
    private static final int MAX_WINDOWS = 200;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void killedMidStreamResumesWithNothingLostOrRepeated(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            kafka.createTopics(PARTITIONS, TICKS);
            kafka.createTopics(1, FORECASTS, DLQ);
            LiveTests.Feed feed = new LiveTests.Feed(client, PARTITIONS);
            List<String> command = LiveTests.runCommand(kafka.bootstrapServers(), dir.resolve("checkpoints"), "crash",
                    "--retrain-every", "10m", "--min-training-windows", "4", "--tbptt", "5", "--epochs", "20",
                    "--learning-rate", "0.02");
            int windows = 0;
            Process first = start(command, dir.resolve("first.log"));
            try {
                // Paced, so checkpoints and an asynchronous retraining happen while ticks flow.
                while (windows < MAX_WINDOWS && !committed(client, f -> f.modelVersion() >= 1)) {
                    windows = feed(feed, client, windows, 4);
                }
                assertThat(windows).as("a retrained model committed").isLessThan(MAX_WINDOWS);
                windows = feed(feed, client, windows, 4);
            } finally {
                first.destroyForcibly().waitFor();
            }
            // Ticks go on arriving while the job is down.
            windows = feed(feed, client, windows, 6);
            Process second = start(command, dir.resolve("second.log"));
            try {
                windows = feed(feed, client, windows, 10);
                int closed = windows - 2;
                List<ForecastRecord> forecasts = client.readCommitted(FORECASTS,
                        v -> v.size() >= KEYS * closed, WAIT).stream().map(Json::forecastFromJson).toList();
                assertThat(Files.readString(dir.resolve("second.log"))).contains("streamcast: resuming from");
                assertExactlyOncePerKeyAndWindow(forecasts, closed);
                assertChainedAcrossTheCrash(forecasts);
            } finally {
                second.destroyForcibly().waitFor();
            }
        }
    }

    private static Process start(List<String> command, Path log) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int feed(LiveTests.Feed feed, KafkaTestClient client, int from, int count) throws Exception {
        for (int w = from; w < from + count; w++) {
            feed.window(KEYS, w, 2);
            client.flush();
            Thread.sleep(250);
        }
        return from + count;
    }

    private static boolean committed(KafkaTestClient client, Predicate<ForecastRecord> seen) {
        return client.readCommitted(FORECASTS, v -> v.stream().map(Json::forecastFromJson).anyMatch(seen),
                Duration.ofSeconds(1)).stream().map(Json::forecastFromJson).anyMatch(seen);
    }

    /** Windows 0 to {@code closed - 1} once each per key; no window of any key twice. */
    private static void assertExactlyOncePerKeyAndWindow(List<ForecastRecord> forecasts, int closed) {
        Map<String, List<Long>> byKey = forecasts.stream().collect(Collectors.groupingBy(ForecastRecord::key,
                Collectors.mapping(ForecastRecord::windowStart, Collectors.toList())));
        assertThat(byKey).hasSize(KEYS);
        byKey.forEach((key, starts) -> {
            assertThat(starts).as(key).doesNotHaveDuplicates();
            for (int w = 0; w < closed; w++) {
                assertThat(starts).as("%s window %d", key, w).contains(START + w * MINUTE);
            }
        });
    }

    /**
     * Each forecast's forecastOfActual is the previous window's forecast, and model versions never
     * fall back (version 0, the last value, may be served in a model's place).
     */
    private static void assertChainedAcrossTheCrash(List<ForecastRecord> forecasts) {
        Map<String, List<ForecastRecord>> byKey = forecasts.stream().collect(Collectors.groupingBy(ForecastRecord::key));
        byKey.forEach((key, records) -> {
            List<ForecastRecord> sorted = new ArrayList<>(records);
            sorted.sort(Comparator.comparingLong(ForecastRecord::windowStart));
            long newest = sorted.get(0).modelVersion();
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i).forecastOfActual()).as("%s window %d", key, i).isEqualTo(sorted.get(i - 1).forecast());
                long version = sorted.get(i).modelVersion();
                if (version != 0) {
                    assertThat(version).as("%s window %d", key, i).isGreaterThanOrEqualTo(newest);
                    newest = version;
                }
            }
        });
    }
}
