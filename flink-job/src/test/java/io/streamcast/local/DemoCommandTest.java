package io.streamcast.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.job.JobConfig;
import io.streamcast.model.lstm.InputFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

    private static DemoRunner.Settings settings(String... args) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(args);
        return demo.settings();
    }

    @Test
    void demoDefaultsMapIntoTheSettings(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("ticks.csv"), """
                key,timestamp,value
                a,2010-07-10T00:00:00Z,1
                b,2010-07-10T00:00:00Z,2
                """);
        DemoRunner.Settings settings = settings("--data", csv.toString());
        assertThat(settings.ticks()).hasSize(2);
        assertThat(settings.speedup()).isEqualTo(16 * 86_400);
        assertThat(settings.maxDuration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.log()).isEqualTo(Path.of("streamcast-demo.log"));
        JobConfig job = settings.job();
        assertThat(job.window()).isEqualTo(Duration.ofDays(1));
        // Beyond the window and the inputs, the demo runs the job's own defaults.
        JobConfig defaults = JobConfig.builder(job.kafka()).window(Duration.ofDays(1)).live(true).build();
        assertThat(job.retrainEvery()).isEqualTo(defaults.retrainEvery());
        assertThat(job.training()).isEqualTo(defaults.training());
        assertThat(job.lstm()).isEqualTo(defaults.lstm().withFeatures(InputFeatures.VALUE_AND_CALENDAR));
        assertThat(job.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(job.live()).isTrue();
        assertThat(job.kafka().ticksTopic()).isEqualTo(DemoRunner.TICKS_TOPIC);
    }

    @Test
    void optionsOverrideTheDemoDefaults(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("ticks.csv"), "key,timestamp,value\na,2010-07-10T00:00:00Z,1\n"
                + "b,2010-07-10T00:00:00Z,2\n");
        DemoRunner.Settings settings = settings("--data", csv.toString(), "--keys", "1", "--hidden", "8",
                "--speedup", "60", "--duration", "30s");
        assertThat(settings.ticks()).hasSize(1);
        assertThat(settings.speedup()).isEqualTo(60);
        assertThat(settings.maxDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.job().lstm().hiddenSize()).isEqualTo(8);
    }

    @Test
    void aLogFileThatCannotBeWrittenIsAUsageError(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("ticks.csv"), "key,timestamp,value\na,2010-07-10T00:00:00Z,1\n");
        for (Path log : List.of(dir.resolve("missing").resolve("demo.log"), dir)) {
            assertThatThrownBy(() -> settings("--data", csv.toString(), "--log", log.toString()))
                    .isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("--log").hasMessageContaining("cannot write '" + log + "'");
        }
    }

    @Test
    void withKafkaReplacesOnlyTheKafkaSettings(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("ticks.csv"), "key,timestamp,value\na,2010-07-10T00:00:00Z,1\n");
        JobConfig job = settings("--data", csv.toString()).job();
        JobConfig moved = job.withKafka(DemoRunner.kafkaSettings("127.0.0.1:9999"));
        assertThat(moved.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9999");
        assertThat(moved.withKafka(job.kafka())).isEqualTo(job);
    }
}
