package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.InputFeatures;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.Json;
import io.streamcast.records.Tick;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job end to end on a real broker and a MiniCluster at parallelism 2: several keys over
 * many windows, some ticks malformed, some late, one a spike. Read back with read_committed, every
 * window of every key has exactly one forecast with a finite interval and two steps, forecasts
 * chain, the model version rises after retraining, the spike is flagged and every flagged forecast
 * is on the anomalies topic exactly once, and every tick is accounted for: in a bar, or in the
 * dead letters with its reason.
 */
class ForecastJobIntegrationTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String TICKS = "ticks";
    private static final String FORECASTS = "forecasts";
    private static final String DLQ = "ticks-dlq";
    private static final String ANOMALIES = "anomalies";
    private static final int SPIKE_WINDOW = 75;
    private static final long MINUTE = 60_000;
    private static final long START = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    private static final int KEYS = 4;
    private static final int FIRST_PHASE_WINDOWS = 60;
    private static final int MIN_WINDOWS = 90;
    private static final int MAX_WINDOWS = 400;
    private static final int TICKS_PER_WINDOW = 3;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void oneForecastPerKeyAndWindowNothingLost(@TempDir Path savepoints) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            kafka.createTopics(2, TICKS);
            kafka.createTopics(1, FORECASTS, DLQ, ANOMALIES);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            JobClient job = ForecastJob.start(env, config(kafka.bootstrapServers()));

            int produced = 0;
            List<String> malformed = List.of("{not json", "{\"key\":\"\",\"ts\":1,\"value\":1}",
                    "{\"key\":\"k\",\"ts\":\"yesterday\",\"value\":1}", "{\"key\":\"k\",\"ts\":1,\"value\":NaN}",
                    "[1,2,3]");
            for (int w = 0; w < FIRST_PHASE_WINDOWS; w++) {
                produced += produceWindow(client, w);
                if (w % 12 == 5) {
                    client.send(TICKS, w % 2, null, malformed.get(w / 12));
                }
            }
            client.flush();
            // Once forecasts for window 50 are committed, the watermark is far past window 3.
            client.readCommitted(FORECASTS, v -> v.size() >= KEYS * 50, WAIT);
            List<Tick> late = List.of(new Tick("key-0", START + 3 * MINUTE + 10, 99), new Tick("key-3", START + 7 * MINUTE, 99));
            for (Tick t : late) {
                client.send(TICKS, partition(t.key()), t.key(), Json.toJson(t));
            }
            // The rest paced, so asynchronous retrainings land while ticks still flow; on a slow
            // machine it goes on until a retrained model shows in the committed forecasts.
            int windows = FIRST_PHASE_WINDOWS;
            while (windows < MIN_WINDOWS || (windows < MAX_WINDOWS && !retrainedModelSeen(client))) {
                for (int i = 0; i < 10; i++) {
                    if (windows == SPIKE_WINDOW) {
                        // At the window's start, ahead of its ticks, so the watermark cannot have passed it.
                        Tick spike = new Tick("key-1", START + SPIKE_WINDOW * MINUTE, 1e6);
                        client.send(TICKS, partition(spike.key()), spike.key(), Json.toJson(spike));
                        produced++;
                    }
                    produced += produceWindow(client, windows++);
                    client.flush();
                    Thread.sleep(150);
                }
            }
            int allWindows = windows;
            int expectedDeadLetters = malformed.size() + late.size();
            List<DeadLetter> deadLetters = client.readCommitted(DLQ, v -> v.size() >= expectedDeadLetters, WAIT)
                    .stream().map(Json::deadLetterFromJson).toList();
            client.readCommitted(FORECASTS, v -> v.size() >= KEYS * (allWindows - 2), WAIT);
            // Drain: the end of event time closes the last windows, and the savepoint commits them.
            job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();

            List<ForecastRecord> forecasts = client.readCommitted(FORECASTS, v -> v.size() >= KEYS * allWindows, WAIT)
                    .stream().map(Json::forecastFromJson).toList();
            assertExactlyOnePerKeyAndWindow(forecasts, allWindows);
            assertForecastsChain(forecasts);
            assertThat(forecasts.stream().mapToLong(ForecastRecord::modelVersion).max().orElse(0))
                    .as("model version after retraining").isGreaterThanOrEqualTo(1);
            assertIntervalsAndSteps(forecasts);
            List<ForecastRecord> flagged = forecasts.stream().filter(ForecastRecord::anomaly).toList();
            assertThat(flagged).filteredOn(f -> f.key().equals("key-1") && f.windowStart() == START + SPIKE_WINDOW * MINUTE)
                    .singleElement().satisfies(f -> assertThat(f.anomalyScore()).isGreaterThan(1));
            List<ForecastRecord> anomalies = client.readCommitted(ANOMALIES, v -> v.size() >= flagged.size(), WAIT)
                    .stream().map(Json::forecastFromJson).toList();
            assertThat(anomalies).as("every flagged forecast, once").containsExactlyInAnyOrderElementsOf(flagged);

            assertThat(deadLetters).hasSize(expectedDeadLetters);
            assertThat(deadLetters.stream().filter(d -> d.kind() == DeadLetter.Kind.MALFORMED))
                    .extracting(DeadLetter::raw).containsExactlyInAnyOrderElementsOf(malformed);
            assertThat(deadLetters).allSatisfy(d -> {
                assertThat(d.topic()).isEqualTo(TICKS);
                assertThat(d.offset()).isNotNegative();
                assertThat(d.error()).isNotBlank();
            });
            assertThat(deadLetters.stream().filter(d -> d.kind() == DeadLetter.Kind.LATE))
                    .extracting(DeadLetter::raw)
                    .containsExactlyInAnyOrderElementsOf(late.stream().map(Json::toJson).toList());

            long ticksInBars = forecasts.stream().mapToLong(ForecastRecord::ticks).sum();
            assertThat(ticksInBars + deadLetters.size()).as("every tick accounted for")
                    .isEqualTo(produced + malformed.size() + late.size());
        }
    }

    private static JobConfig config(String bootstrapServers) {
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, TICKS, FORECASTS, DLQ, "it", "it-forecasts", Map.of())
                .withAnomaliesTopic(ANOMALIES);
        LstmConfig lstm = new LstmConfig(1, 8, InputFeatures.VALUE, 0.02, 10, 5, 16, 7);
        return JobConfig.builder(kafka).window(Duration.ofMinutes(1)).lateness(Duration.ofSeconds(5)).lstm(lstm)
                .retrainEvery(Duration.ofMinutes(20)).training(new JobConfig.TrainingSettings(2_048, 10, 1.0, 500))
                .warmupBars(16).checkpointInterval(Duration.ofSeconds(1)).intervals(new IntervalSpec(0.9, 0.99, 2))
                .build();
    }

    private static int produceWindow(KafkaTestClient client, int w) {
        return client.sendCycleWindow(TICKS, START, KEYS, w, TICKS_PER_WINDOW, KafkaTestClient.pinned(2));
    }

    private static int partition(String key) {
        return Integer.parseInt(key.substring(key.indexOf('-') + 1)) % 2;
    }

    private static boolean retrainedModelSeen(KafkaTestClient client) {
        return client.readCommitted(FORECASTS, v -> v.stream().anyMatch(ForecastJobIntegrationTest::retrained),
                Duration.ofSeconds(1)).stream().anyMatch(ForecastJobIntegrationTest::retrained);
    }

    private static boolean retrained(String forecastJson) {
        return Json.forecastFromJson(forecastJson).modelVersion() > 0;
    }

    private static void assertExactlyOnePerKeyAndWindow(List<ForecastRecord> forecasts, int windows) {
        Map<String, List<Long>> windowsByKey = forecasts.stream().collect(Collectors.groupingBy(
                ForecastRecord::key, Collectors.mapping(ForecastRecord::windowStart, Collectors.toList())));
        assertThat(windowsByKey).hasSize(KEYS);
        List<Long> expected = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            expected.add(START + w * MINUTE);
        }
        windowsByKey.forEach((key, starts) ->
                assertThat(starts).as(key).containsExactlyInAnyOrderElementsOf(expected));
    }

    private static void assertIntervalsAndSteps(List<ForecastRecord> forecasts) {
        assertThat(forecasts).allSatisfy(f -> {
            if (f.windowStart() == START) {
                assertThat(f.lower()).as("a key's first bar gives no deviation to size a band by").isNull();
                assertThat(f.upper()).isNull();
            } else {
                assertThat(f.lower()).isFinite().isLessThanOrEqualTo(f.forecast());
                assertThat(f.upper()).isFinite().isGreaterThanOrEqualTo(f.forecast());
            }
            assertThat(f.steps()).hasSize(2);
            assertThat(f.steps().get(0)).isEqualTo(new ForecastRecord.Step(f.forecastFor(), f.forecast(), f.lower(), f.upper()));
            assertThat(f.steps().get(1).forecastFor()).isEqualTo(f.forecastFor() + MINUTE);
        });
    }

    private static void assertForecastsChain(List<ForecastRecord> forecasts) {
        Map<String, List<ForecastRecord>> byKey = forecasts.stream()
                .collect(Collectors.groupingBy(ForecastRecord::key));
        byKey.forEach((key, records) -> {
            List<ForecastRecord> sorted = records.stream().sorted(Comparator.comparingLong(ForecastRecord::windowStart)).toList();
            assertThat(sorted.get(0).forecastOfActual()).isNull();
            assertThat(sorted.get(0).modelVersion()).isZero();
            long newest = 0;
            for (int i = 1; i < sorted.size(); i++) {
                ForecastRecord previous = sorted.get(i - 1);
                ForecastRecord current = sorted.get(i);
                assertThat(current.forecastOfActual()).as("%s window %d", key, i).isEqualTo(previous.forecast());
                assertThat(previous.forecastFor()).isEqualTo(current.windowEnd());
                // Model versions never fall back; version 0 (the last value) may be served in a model's place.
                if (current.modelVersion() != 0) {
                    assertThat(current.modelVersion()).isGreaterThanOrEqualTo(newest);
                    newest = current.modelVersion();
                }
            }
        });
    }
}
