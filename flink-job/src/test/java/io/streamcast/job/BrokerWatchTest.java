package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.testing.CapturedLog;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A broker that stops answering under a running job is said once, after a silence worth saying,
 * and so is its return; a short blip is not.
 */
class BrokerWatchTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aSilenceIsSaidOnceOnceItHasLastedAndSoIsItsEnd() {
        BrokerWatch.Reachability kafka = new BrokerWatch.Reachability("Kafka at k:9092", Duration.ofSeconds(10));
        assertThat(kafka.observe(0, S, true)).isEmpty();
        assertThat(kafka.observe(5 * S, 10 * S, false)).as("silent for 5 s").isEmpty();
        Optional<BrokerWatch.Reachability.Change> gone = kafka.observe(10 * S, 15 * S, false);
        assertThat(gone).hasValueSatisfying(change -> {
            assertThat(change.answering()).isFalse();
            assertThat(change.message()).startsWith("Kafka at k:9092 has not answered for 10 s: ");
        });
        assertThat(kafka.observe(15 * S, 20 * S, false)).as("said once").isEmpty();
        assertThat(kafka.observe(20 * S, 21 * S, true)).hasValueSatisfying(change -> {
            assertThat(change.answering()).isTrue();
            assertThat(change.message()).isEqualTo("Kafka at k:9092 answers again, after 16 s");
        });
        assertThat(kafka.observe(25 * S, 26 * S, true)).isEmpty();

        assertThat(kafka.observe(30 * S, 35 * S, false)).isEmpty();
        assertThat(kafka.observe(35 * S, 36 * S, true)).as("a blip shorter than the silence worth saying").isEmpty();
        assertThat(kafka.observe(40 * S, 45 * S, false)).as("a new silence counts from its own start").isEmpty();
    }

    @Test
    void aBrokerGoneUnderTheWatchIsSaidWithinSeconds() throws Exception {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        boolean stopped = false;
        try (CapturedLog log = CapturedLog.start();
                BrokerWatch watch = BrokerWatch.start(LiveTests.config(kafka.bootstrapServers(), "watch").kafka(),
                        Duration.ofMillis(500), Duration.ofSeconds(2))) {
            Thread.sleep(1500);
            assertThat(log.lines()).as("answering: nothing to say").doesNotContain("BrokerWatch");
            kafka.close();
            stopped = true;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!log.lines().contains("has not answered") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(log.lines()).containsPattern(
                    "BrokerWatch ERROR Kafka at " + kafka.bootstrapServers() + " has not answered for \\d+ s: ");
        } finally {
            if (!stopped) {
                kafka.close();
            }
        }
    }
}
