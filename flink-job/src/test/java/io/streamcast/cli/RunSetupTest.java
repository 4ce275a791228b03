package io.streamcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.local.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A setup the job cannot run with ends {@code run} with one clear line and exit code 3, before anything starts. */
class RunSetupTest {

    private static void assertSetupError(CliRun result, String message) {
        assertThat(result.exitCode()).isEqualTo(RunCommand.SETUP_ERROR);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).startsWith("streamcast: ").contains(message).doesNotContain("Exception");
        assertThat(result.out()).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUnreachableBrokerEndsRunWithinTheStartupTimeout(@TempDir Path dir) {
        int nobody = FreePorts.on("127.0.0.1", 1)[0];
        CliRun result = CliRun.of("run", "--bootstrap-servers", "127.0.0.1:" + nobody, "--startup-timeout", "3s",
                "--checkpoint-dir", dir.toString());
        assertSetupError(result, "cannot reach Kafka at 127.0.0.1:" + nobody + " within 3 s");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void missingTopicsAreNamed(@TempDir Path dir) {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            kafka.createTopics(1, "forecasts");
            CliRun result = CliRun.of("run", "--bootstrap-servers", kafka.bootstrapServers(), "--checkpoint-dir", dir.toString());
            assertSetupError(result, "topics ticks, ticks-dlq not found on Kafka at " + kafka.bootstrapServers());
        }
    }

    @Test
    void kafkaPropertiesCannotSetWhatTheJobSets(@TempDir Path dir) throws Exception {
        Path properties = Files.writeString(dir.resolve("client.properties"),
                "group.id=other\nsasl.jaas.config=secret-value\n");
        CliRun result = CliRun.of("run", "--bootstrap-servers", "k:9092", "--kafka-properties", properties.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--kafka-properties", "'group.id' is set by the job itself")
                .doesNotContain("secret-value");
    }

    @Test
    void aStartPositionIsCommittedEarliestLatestOrAnInstant() {
        CliRun result = CliRun.of("run", "--bootstrap-servers", "k:9092", "--start-from", "yesterday");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--start-from", "expected committed, earliest, latest or an ISO-8601 instant");
    }
}
