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
import io.streamcast.records.Tick;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job started behind a backlog on several partitions, with one subtask reading them all. The
 * partitions hold very different numbers of records for the same span of event time, so read
 * at similar record rates they run at very different event times: with event time per subtask
 * the fast partitions' ticks would make the slow one's late. Per partition, none is.
 */
class CatchUpTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 100;
    private static final int WINDOWS = 60;

    /** Without alignment, and with partitions held within 5 minutes of event time of each other. */
    @ParameterizedTest(name = "watermark alignment {0} min")
    @ValueSource(ints = {0, 5})
    void noTickOfTheBacklogIsLate(int alignmentMinutes, @TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            kafka.createTopics(PARTITIONS, TICKS);
            kafka.createTopics(1, FORECASTS, DLQ);
            long ticks = 0;
            // Partition 0 carries 12 ticks per key and window, the others one each: all keys on all partitions.
            for (int w = 0; w < WINDOWS; w++) {
                for (int k = 0; k < KEYS; k++) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        int perWindow = p == 0 ? 12 : 1;
                        for (int i = 0; i < perWindow; i++) {
                            long ts = START + w * MINUTE + (p * 12 + i) * (MINUTE / 60);
                            Tick tick = new Tick("key-" + k, ts, 100 * (k + 1) + 10 * ((w + k) % 4) + 0.1 * i);
                            client.send(TICKS, p, tick.key(), Json.toJson(tick));
                            ticks++;
                        }
                    }
                }
            }
            client.flush();
            JobConfig config = LiveTests.config(kafka.bootstrapServers(), "catch-up").toBuilder()
                    .watermarkAlignment(Duration.ofMinutes(alignmentMinutes)).build();
            try (LocalRun run = LocalRun.start(config, LiveTests.localRun(dir.resolve("checkpoints"), 1))) {
                LiveTests.forecasts(client, (long) KEYS * (WINDOWS - 2));
                LiveTests.drain(run, dir.resolve("savepoints"));
                List<ForecastRecord> forecasts = LiveTests.forecasts(client, (long) KEYS * WINDOWS);
                LiveTests.assertOnePerKeyAndWindow(forecasts, KEYS, WINDOWS);
                assertThat(forecasts.stream().mapToLong(ForecastRecord::ticks).sum()).as("every tick in a bar")
                        .isEqualTo(ticks);
                assertThat(client.readCommitted(DLQ, v -> false, Duration.ofSeconds(2)))
                        .as("dead letters").isEmpty();
            }
        }
    }
}
