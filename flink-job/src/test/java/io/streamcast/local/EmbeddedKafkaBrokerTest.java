package io.streamcast.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    private static final String TOPIC = "ticks";
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, TOPIC);

            try (KafkaProducer<String, String> producer = transactionalProducer(broker)) {
                producer.initTransactions();
                sendInTransaction(producer, "committed-1", "committed-2");
                producer.commitTransaction();
                sendInTransaction(producer, "aborted-1", "aborted-2");
                producer.abortTransaction();
                // Committed after the abort, so reading it proves the aborted ones were skipped.
                sendInTransaction(producer, "committed-3");
                producer.commitTransaction();
            }

            assertThat(readCommitted(broker, 3))
                    .containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
        }
    }

    @Test
    void closeFreesThePortAndDeletesTheDirectory() throws IOException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        Path dir = broker.dir();
        int port = Integer.parseInt(broker.bootstrapServers().split(":")[1]);
        assertThat(dir).isDirectory();

        broker.close();

        assertThat(Files.exists(dir)).isFalse();
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafkaBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID()),
                new StringSerializer(), new StringSerializer());
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String... values) {
        producer.beginTransaction();
        for (String value : values) {
            producer.send(new ProducerRecord<>(TOPIC, value, value));
        }
        producer.flush();
    }

    private static List<String> readCommitted(EmbeddedKafkaBroker broker, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // One more poll: an aborted record leaking through would show up here at the latest.
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
