package io.streamcast.job;

import static io.streamcast.job.LiveTests.DLQ;
import static io.streamcast.job.LiveTests.FORECASTS;
import static io.streamcast.job.LiveTests.TICKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.streamcast.local.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamcast run} in a JVM of its own, stopped as a user stops it (SIGTERM, what Ctrl-C and
 * a service manager send) while ticks flow and training is on: it reports a stop, not a failure,
 * and names the retained checkpoint the next run resumes from.
 */
class GracefulStopTest {

    private static final int PARTITIONS = 4;
    private static final int KEYS = 200;
    private static final int SIGTERM_EXIT = 128 + 15;

    @Test
    void sigtermStopsTheRunAndNamesTheCheckpointItResumesFrom(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            kafka.createTopics(PARTITIONS, TICKS);
            kafka.createTopics(1, FORECASTS, DLQ);
            LiveTests.Feed feed = new LiveTests.Feed(client, PARTITIONS);
            Path checkpoints = dir.resolve("checkpoints");
            Path log = dir.resolve("run.log");
            Process run = new ProcessBuilder(LiveTests.runCommand(kafka.bootstrapServers(), checkpoints, "stop",
                    "--retrain-every", "4m", "--min-training-windows", "4", "--tbptt", "5"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                int windows = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (client.readCommitted(FORECASTS, v -> !v.isEmpty(), Duration.ofSeconds(1)).isEmpty()
                        && System.nanoTime() < deadline) {
                    feed.window(KEYS, windows++, 2);
                    client.flush();
                }
                assertThat(System.nanoTime()).as("a forecast committed").isLessThan(deadline);
                // Still flowing when the signal comes.
                for (int i = 0; i < 3; i++) {
                    feed.window(KEYS, windows++, 2);
                    client.flush();
                }
                run.destroy();
                if (!run.waitFor(120, TimeUnit.SECONDS)) {
                    // A thread dump into its log says where it hangs.
                    new ProcessBuilder("kill", "-3", String.valueOf(run.pid())).start().waitFor();
                    Thread.sleep(2_000);
                    fail("not stopped two minutes after SIGTERM; its log and threads:%n%s", Files.readString(log));
                }
            } finally {
                run.destroyForcibly().waitFor();
            }

            String printed = Files.readString(log);
            Path resumeFrom = new RetainedCheckpoints(checkpoints).latest().orElseThrow();
            assertThat(printed).contains("streamcast: stopped; the next run resumes from " + resumeFrom)
                    .doesNotContain("run failed");
            assertThat(resumeFrom.resolve("_metadata")).isRegularFile();
            assertThat(run.exitValue()).isEqualTo(SIGTERM_EXIT);
        }
    }
}
