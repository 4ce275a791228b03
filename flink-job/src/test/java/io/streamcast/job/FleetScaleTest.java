package io.streamcast.job;

import static io.streamcast.job.LiveTests.DLQ;
import static io.streamcast.job.LiveTests.FORECASTS;
import static io.streamcast.job.LiveTests.TICKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.records.ForecastRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of keys, live, with training on: the training history alone is then far past the
 * 5 MiB a JobManager-memory checkpoint may hold, which once stopped all output at ~160 keys
 * while the job looked healthy. Checkpoints complete on the file system and every forecast
 * arrives read_committed, while ticks still flow (committed only by completed checkpoints).
 */
class FleetScaleTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 2_000;
    private static final int WINDOWS = 16;

    @Test
    void everyForecastOfThousandsOfKeysIsCommitted(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            kafka.createTopics(PARTITIONS, TICKS);
            kafka.createTopics(2, FORECASTS);
            kafka.createTopics(1, DLQ);
            LiveTests.Feed feed = new LiveTests.Feed(client, PARTITIONS);
            Path checkpoints = dir.resolve("checkpoints");
            try (LocalRun run = LocalRun.start(LiveTests.config(kafka.bootstrapServers(), "fleet"),
                    LiveTests.localRun(checkpoints, 2))) {
                long ticks = 0;
                for (int w = 0; w < WINDOWS; w++) {
                    ticks += feed.window(KEYS, w, 1);
                    client.flush();
                }
                // Committed while the job runs: only a completed checkpoint commits them.
                assertThat(LiveTests.forecasts(client, (long) KEYS * (WINDOWS - 2))).hasSizeGreaterThanOrEqualTo(KEYS * (WINDOWS - 2));
                assertThat(completedCheckpoints(checkpoints)).isNotEmpty();
                assertThat(LiveTests.lastRestart(run)).isZero();
                LiveTests.drain(run, dir.resolve("savepoints"));

                List<ForecastRecord> forecasts = LiveTests.forecasts(client, (long) KEYS * WINDOWS);
                LiveTests.assertOnePerKeyAndWindow(forecasts, KEYS, WINDOWS);
                assertThat(forecasts.stream().mapToLong(ForecastRecord::ticks).sum()).isEqualTo(ticks);
            }
        }
    }

    private static List<Path> completedCheckpoints(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata")).toList();
        }
    }
}
