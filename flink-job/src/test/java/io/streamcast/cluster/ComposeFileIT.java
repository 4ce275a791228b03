package io.streamcast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.cli.RunCommand;
import io.streamcast.job.KafkaSettings;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml against the build (no Docker engine needed): the images are the pom's Kafka
 * and Flink versions, every path it mounts exists after {@code mvn package}, every topic the
 * submitted job uses is created, the cluster loads ND4J parent-first from its lib/, and it keeps
 * keyed state in RocksDB with incremental checkpoints.
 */
class ComposeFileIT {

    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void readComposeFile() throws Exception {
        // SnakeYAML rather than Jackson's YAML tree: it resolves the file's anchors and aliases.
        try (Reader in = Files.newBufferedReader(BuildLayout.root().resolve("docker-compose.yml"))) {
            compose = new ObjectMapper().valueToTree(new Yaml().load(in));
        }
        services = compose.get("services");
    }

    @Test
    void imagesMatchThePomVersions() {
        String kafka = "apache/kafka:" + BuildLayout.version("kafka.version");
        String flink = "flink:" + BuildLayout.version("flink.version") + "-java17";
        Map<String, String> images = new LinkedHashMap<>();
        services.fields().forEachRemaining(e -> images.put(e.getKey(), e.getValue().path("image").asText()));
        String prometheus = "prom/prometheus:" + BuildLayout.version("prometheus.image.version");
        String grafana = "grafana/grafana:" + BuildLayout.version("grafana.image.version");
        assertThat(images).containsEntry("kafka", kafka).containsEntry("jobmanager", flink)
                .containsEntry("taskmanager", flink).containsEntry("job", flink)
                .containsEntry("prometheus", prometheus).containsEntry("grafana", grafana);
        assertThat(images.values()).as("every image is pinned in the pom")
                .allMatch(i -> List.of(kafka, flink, prometheus, grafana).contains(i));
    }

    @Test
    void everyMountedPathExistsAfterPackage() {
        List<String> mounts = new ArrayList<>();
        services.fields().forEachRemaining(e -> e.getValue().path("volumes").forEach(v -> mounts.add(v.asText())));
        List<String> hostPaths = mounts.stream().filter(m -> m.startsWith("./")).map(m -> m.substring(0, m.indexOf(':'))).toList();
        assertThat(hostPaths).contains("./flink-job/target/flink-lib", "./flink-job/target/streamcast-job.jar", "./data");
        for (String hostPath : hostPaths) {
            assertThat(BuildLayout.root().resolve(hostPath)).as(hostPath).exists();
        }
        assertThat(BuildLayout.root().resolve("data/sensor_network.csv")).isRegularFile();
        assertThat(BuildLayout.flinkLib().resolve("nd4j-native-1.0.0-M2.1-linux-x86_64.jar")).isRegularFile();
    }

    @Test
    void flinkLoadsNd4jFromItsLibParentFirst() {
        for (String service : List.of("jobmanager", "taskmanager", "job")) {
            JsonNode s = services.get(service);
            assertThat(s.path("volumes").toString()).as(service)
                    .contains("./flink-job/target/flink-lib:/opt/flink/lib/");
            assertThat(s.path("environment").path("FLINK_PROPERTIES").asText()).as(service)
                    .contains("classloader.parent-first-patterns.additional: \"org.nd4j.;org.bytedeco.;org.deeplearning4j.\"")
                    .contains("taskmanager.memory.task.off-heap.size")
                    .contains("execution.checkpointing.dir: file://")
                    .contains("metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        }
    }

    @Test
    void keyedStateIsInRocksDbCheckpointedIncrementally() {
        for (String service : List.of("jobmanager", "taskmanager", "job")) {
            assertThat(services.get(service).path("environment").path("FLINK_PROPERTIES").asText()).as(service)
                    .contains("state.backend.type: rocksdb\n", "execution.checkpointing.incremental: true\n");
        }
    }

    @Test
    void everyTopicTheJobUsesIsCreated() throws Exception {
        List<String> command = new ArrayList<>();
        services.get("job").get("command").forEach(a -> command.add(a.asText()));
        int jar = command.indexOf("/opt/flink/usrlib/streamcast-job.jar");
        assertThat(jar).as("the job jar in the submit command").isPositive();
        assertThat(services.get("job").path("volumes").toString())
                .contains("./flink-job/target/streamcast-job.jar:/opt/flink/usrlib/streamcast-job.jar");
        List<String> args = command.subList(jar + 1, command.size());
        assertThat(args.get(0)).isEqualTo("run");

        CommandLine cli = new CommandLine(new RunCommand());
        cli.parseArgs(args.subList(1, args.size()).toArray(new String[0]));
        String ticks = cli.getCommandSpec().findOption("--ticks-topic").getValue();
        String forecasts = cli.getCommandSpec().findOption("--forecasts-topic").getValue();
        String deadLetters = cli.getCommandSpec().findOption("--dead-letter-topic").getValue();
        List<String> used = List.of(ticks, forecasts, deadLetters != null ? deadLetters : KafkaSettings.defaultDeadLetterTopic(ticks));

        String bootstrap = cli.getCommandSpec().findOption("--bootstrap-servers").getValue();
        assertThat(bootstrap).isEqualTo("kafka:9092");
        Matcher m = Pattern.compile("--topic (\\S+)").matcher(services.get("topics").get("command").get(0).asText());
        List<String> created = new ArrayList<>();
        while (m.find()) {
            created.add(m.group(1));
        }
        assertThat(created).containsAll(used);
        assertThat(services.get("producer").get("command").get(0).asText()).contains("--topic " + ticks);
        assertThat(services.get("forecasts").get("command").toString()).contains("\"" + forecasts + "\"", "read_committed");
    }

    @Test
    void theJobJarLeavesOutFlinkTheBrokerAndNd4j() throws Exception {
        Path jar = BuildLayout.jobJar();
        assertThat(jar).isRegularFile();
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("io/streamcast/cli/StreamcastCli.class", "io/streamcast/job/ForecastJob.class",
                    "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class", "picocli/CommandLine.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class");
            assertThat(names).noneMatch(n -> n.startsWith("io/streamcast/local/") || n.startsWith("kafka/server/")
                    || n.startsWith("org/nd4j/") || n.startsWith("org/bytedeco/") || n.startsWith("org/deeplearning4j/")
                    || n.startsWith("org/apache/flink/runtime/") || n.startsWith("org/apache/flink/streaming/api/"));
            assertThat(new String(zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF")).readAllBytes()))
                    .contains("Main-Class: io.streamcast.cli.StreamcastCli");
        }
        assertThat(Files.list(BuildLayout.flinkLib()).map(p -> p.getFileName().toString()))
                .noneMatch(n -> n.startsWith("flink-") || n.startsWith("slf4j") || n.startsWith("log4j"));
    }
}
