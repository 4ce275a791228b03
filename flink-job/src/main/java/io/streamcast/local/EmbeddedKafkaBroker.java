package io.streamcast.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * A single-node Kafka (KRaft, broker and controller in one process) on 127.0.0.1, for the demo and
 * the tests. Its data lives in a fresh temporary directory that {@link #close()} deletes.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration METADATA_POLL = Duration.ofMillis(20);

    private final Server server;
    private final Path dir;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(Server server, Path dir, int brokerPort) {
        this.server = server;
        this.dir = dir;
        this.bootstrapServers = HOST + ":" + brokerPort;
    }

    /** Starts a broker and returns once it serves clients. */
    public static EmbeddedKafkaBroker start() {
        Path dir = createTempDirectory();
        try {
            int[] ports = FreePorts.on(HOST, 2);
            Properties config = brokerConfig(dir.resolve("logs"), ports[0], ports[1]);
            format(dir.resolve("server.properties"), config);
            Server server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafkaBroker(server, dir, ports[0]);
        } catch (RuntimeException e) {
            try {
                deleteDirectory(dir);
            } catch (UncheckedIOException deleteFailure) {
                e.addSuppressed(deleteFailure);
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics with replication factor 1 and waits until the broker serves them. */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = Arrays.stream(names)
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()))) {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitServed(admin, List.of(names));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics " + List.of(names), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + List.of(names), e);
        }
    }

    /**
     * The controller acknowledges a creation before the broker has applied it to the metadata
     * cache that clients are served from, so a client right after creation may be told the topic
     * does not exist.
     */
    private static void awaitServed(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(METADATA_POLL.toMillis());
            }
        }
    }

    /** The temporary directory holding the configuration and the logs. */
    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        deleteDirectory(dir);
    }

    private static Properties brokerConfig(Path logDir, int brokerPort, int controllerPort) {
        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        // The internal topics default to replication factor 3, which one node cannot satisfy: the
        // first consumer group or transaction would then wait forever for its coordinator.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        // One partition each instead of 50: creating 50 on first use costs seconds per test.
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Records carry their event time, and the demo and tests replay old data: under the
        // default 7-day retention the broker would delete them as soon as a segment rolls.
        config.put("log.retention.ms", "-1");
        // The log cleaner would otherwise take 128 MB of heap for its dedupe buffer.
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        return config;
    }

    /**
     * KRaft refuses unformatted log directories, so this does what {@code kafka-storage format}
     * does: writes meta.properties with a fresh cluster id, and the bootstrap metadata. The tool
     * takes its configuration from a file only.
     */
    private static void format(Path configFile, Properties config) {
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] args = {"format", "--config", configFile.toString(),
            "--cluster-id", Uuid.randomUuid().toString()};
        int exitCode = StorageTool.execute(args, new PrintStream(OutputStream.nullOutputStream()));
        if (exitCode != 0) {
            throw new IllegalStateException("kafka-storage format failed with exit code " + exitCode);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("streamcast-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteDirectory(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
