package io.streamcast.job;

import io.streamcast.local.TickProducers;
import io.streamcast.records.Json;
import io.streamcast.records.Tick;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: produce strings, read a topic back with read_committed. */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = TickProducers.create(bootstrapServers, new StringSerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000));
    }

    public void send(String topic, int partition, String key, String value) {
        send(topic, partition, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Any bytes, or null for a tombstone; a refusal by the broker fails the next {@link #flush()}. */
    public void send(String topic, int partition, String key, byte[] value) {
        sent++;
        producer.send(new ProducerRecord<>(topic, partition, key, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Which partition a record goes to, from its key's index and how many records this client has sent. */
    @FunctionalInterface
    public interface Partitioning {
        int partition(int key, long sent);
    }

    /** Key i always on partition i % partitions. */
    public static Partitioning pinned(int partitions) {
        return (key, sent) -> key % partitions;
    }

    /** Record after record over every partition, so every key's ticks land on all of them. */
    public static Partitioning roundRobin(int partitions) {
        return (key, sent) -> (int) (sent % partitions);
    }

    public long sent() {
        return sent;
    }

    /**
     * Ticks of every key for one-minute window {@code window} after {@code start}: a four-window
     * cycle per key (learnable in a few epochs, and far from the last value) with seeded noise.
     * Returns the number of ticks sent.
     */
    public int sendCycleWindow(String topic, long start, int keys, int window, int ticksPerWindow,
            Partitioning partitioning) {
        long minute = 60_000;
        Random noise = new Random(window);
        for (int k = 0; k < keys; k++) {
            String key = "key-" + k;
            for (int i = 0; i < ticksPerWindow; i++) {
                long ts = start + window * minute + i * (minute / ticksPerWindow);
                double value = 100 * (k + 1) + 10 * ((window + k) % 4) + noise.nextGaussian();
                send(topic, partitioning.partition(k, sent), key, Json.toJson(new Tick(key, ts, value)));
            }
        }
        return keys * ticksPerWindow;
    }

    public void flush() {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused a record", failure.get());
        }
    }

    /** Everything committed on the topic, read from the start until {@code done} holds or the time is up. */
    public List<String> readCommitted(String topic, Predicate<List<String>> done, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + System.nanoTime(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(values) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
