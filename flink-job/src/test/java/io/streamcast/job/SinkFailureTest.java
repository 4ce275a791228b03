package io.streamcast.job;

import static io.streamcast.job.LiveTests.DLQ;
import static io.streamcast.job.LiveTests.FORECASTS;
import static io.streamcast.job.LiveTests.TICKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.testing.CapturedLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that cannot write (the broker refuses every forecast as too large) fails the job, which
 * says why and restarts from its last checkpoint rather than leaving a live process with no output; once the
 * broker accepts the records again, forecasts flow, exactly once.
 */
class SinkFailureTest {

    private static final int KEYS = 10;

    @Test
    void aRefusingBrokerRestartsTheJobWhichRecoversOnceItAcceptsAgain(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            kafka.createTopics(2, TICKS);
            kafka.createTopics(1, FORECASTS, DLQ);
            // Room for the broker's own transaction markers, not for a forecast.
            setMaxMessageBytes(admin, "200");
            LiveTests.Feed feed = new LiveTests.Feed(client, 2);
            try (CapturedLog log = CapturedLog.start();
                    LocalRun run = LocalRun.start(LiveTests.config(kafka.bootstrapServers(), "sink-failure"),
                    LiveTests.localRun(dir.resolve("checkpoints"), 1))) {
                int windows = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (LiveTests.lastRestart(run) == 0 && System.nanoTime() < deadline) {
                    feed.window(KEYS, windows++, 1);
                    client.flush();
                    Thread.sleep(200);
                }
                assertThat(LiveTests.lastRestart(run)).as("the job failed and restarted").isPositive();
                // Said with what went wrong, not only in Flink's task log (the watch polls each second).
                long said = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!log.lines().contains("the job failed and restarts") && System.nanoTime() < said) {
                    Thread.sleep(100);
                }
                assertThat(log.lines()).containsPattern(
                        "LocalRun ERROR the job failed and restarts from its newest checkpoint: \\S+RecordTooLargeException: ");
                assertThat(client.readCommitted(FORECASTS, v -> false, Duration.ofSeconds(1))).isEmpty();

                setMaxMessageBytes(admin, "1048588");
                for (int i = 0; i < 5; i++) {
                    feed.window(KEYS, windows++, 1);
                }
                client.flush();
                int closed = windows - 2;
                LiveTests.assertOnePerKeyAndWindow(LiveTests.forecasts(client, (long) KEYS * closed).stream()
                        .filter(f -> f.windowStart() < LiveTests.START + closed * LiveTests.MINUTE).toList(), KEYS, closed);
            }
        }
    }

    private static void setMaxMessageBytes(Admin admin, String bytes) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, FORECASTS);
        admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
    }
}
