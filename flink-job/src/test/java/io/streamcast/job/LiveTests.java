package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.cli.StreamcastCli;
import io.streamcast.model.lstm.InputFeatures;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.core.execution.SavepointFormatType;

/**
 * What the live tests on a real broker share: a small job configuration with training on, good
 * ticks spread round-robin over every partition (never pinned by key), and the checks.
 */
final class LiveTests {

    static final String TICKS = "ticks";
    static final String FORECASTS = "forecasts";
    static final String DLQ = "ticks-dlq";
    static final long MINUTE = 60_000;
    static final long START = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    static final Duration WAIT = Duration.ofSeconds(180);

    private LiveTests() {}

    /** One-minute windows, a small LSTM retrained every 10 windows once 4 training windows (of 10 bars) have ended. */
    static JobConfig config(String bootstrapServers, String group) {
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, TICKS, FORECASTS, DLQ, group, group + "-tx", Map.of(),
                new StartPosition.Earliest());
        LstmConfig lstm = new LstmConfig(1, 8, InputFeatures.VALUE, 0.02, 2, 5, 16, 7);
        return JobConfig.builder(kafka).window(Duration.ofMinutes(1)).lateness(Duration.ofSeconds(5)).lstm(lstm)
                .retrainEvery(Duration.ofMinutes(10)).training(new JobConfig.TrainingSettings(2_048, 4, 1.0, 200))
                .warmupBars(16).checkpointInterval(Duration.ofSeconds(1)).build();
    }

    static LocalRun.Settings localRun(Path checkpoints, int parallelism) {
        return LocalRun.Settings.in(checkpoints).parallelism(parallelism);
    }

    /**
     * {@code streamcast run} as a JVM of its own runs it, on this test class path: one-minute
     * windows, 1-second checkpoints, parallelism 2, a small LSTM on the value alone; {@code training}
     * adds the retraining options.
     */
    static List<String> runCommand(String bootstrapServers, Path checkpoints, String group, String... training) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                StreamcastCli.class.getName(), "run", "--bootstrap-servers", bootstrapServers,
                "--checkpoint-dir", checkpoints.toString(), "--web-port", "0", "--parallelism", "2",
                "--start-from", "earliest", "--group-id", group, "--checkpoint-interval", "1s", "--window", "1m",
                "--lateness", "5s", "--layers", "1", "--hidden", "8", "--features", "value"));
        command.addAll(List.of(training));
        return command;
    }

    /** The ticks of {@link KafkaTestClient#sendCycleWindow}, round-robin over every partition (never pinned by key). */
    static final class Feed {
        private final KafkaTestClient client;
        private final KafkaTestClient.Partitioning partitioning;

        Feed(KafkaTestClient client, int partitions) {
            this.client = client;
            this.partitioning = KafkaTestClient.roundRobin(partitions);
        }

        /** {@code ticksPerWindow} ticks of every key in window {@code window}; returns how many. */
        int window(int keys, int window, int ticksPerWindow) {
            return client.sendCycleWindow(TICKS, START, keys, window, ticksPerWindow, partitioning);
        }

        void raw(byte[] value) {
            client.send(TICKS, partitioning.partition(0, client.sent()), null, value);
        }
    }

    /** Stops with a savepoint, draining: the end of event time closes the last windows, and the savepoint commits them. */
    static void drain(LocalRun run, Path savepoints) throws Exception {
        run.job().stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
    }

    static List<ForecastRecord> forecasts(KafkaTestClient client, long expected) {
        return client.readCommitted(FORECASTS, v -> v.size() >= expected, WAIT).stream()
                .map(Json::forecastFromJson).toList();
    }

    static List<DeadLetter> deadLetters(KafkaTestClient client, long expected) {
        return client.readCommitted(DLQ, v -> v.size() >= expected, WAIT).stream()
                .map(Json::deadLetterFromJson).toList();
    }

    /** Every key has exactly one forecast for each of windows 0 to {@code windows - 1}. */
    static void assertOnePerKeyAndWindow(List<ForecastRecord> forecasts, int keys, int windows) {
        Map<String, List<Long>> byKey = forecasts.stream().collect(Collectors.groupingBy(ForecastRecord::key,
                TreeMap::new, Collectors.mapping(ForecastRecord::windowStart, Collectors.toList())));
        assertThat(byKey).hasSize(keys);
        List<Long> expected = LongStream.range(0, windows).map(w -> START + w * MINUTE).boxed().toList();
        byKey.forEach((key, starts) -> assertThat(starts).as(key).containsExactlyInAnyOrderElementsOf(expected));
    }

    /** When the job last restarted (0 for never), from the REST API, as an operator would look it up. */
    static long lastRestart(LocalRun run) throws Exception {
        URI uri = run.restAddress().resolve("/jobs/" + run.job().getJobID());
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode job = Json.MAPPER.readTree(response.body());
        return job.path("timestamps").path("RESTARTING").asLong();
    }
}
