package io.streamcast.local;

import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import io.streamcast.job.LocalRun;
import io.streamcast.job.StartPosition;
import io.streamcast.records.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One bench run end to end through Kafka: the ticks preloaded into a topic of more partitions
 * than subtasks (spread round-robin, never by key), the live job ({@code ForecastJob.define}:
 * Kafka source, exactly-once sinks) on a {@link LocalRun}, and the forecasts counted as a
 * read_committed consumer sees them. Timed from submission to the last forecast committed; then
 * savepoints record the state of every key.
 */
final class KafkaBench {

    static final int PARTITIONS = 4;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final String FLUSH_KEY = "bench-flush";

    private KafkaBench() {}

    static Bench.Outcome run(EmbeddedKafkaBroker kafka, String name, JobConfig config, BenchTicks ticks, int windows,
            LocalRun.Settings settings, Duration timeout) throws Exception {
        KafkaSettings topics = new KafkaSettings(kafka.bootstrapServers(), name + "-ticks", name + "-forecasts",
                name + "-ticks-dlq", name, name + "-tx", Map.of(), new StartPosition.Earliest());
        kafka.createTopics(PARTITIONS, topics.ticksTopic(), topics.forecastsTopic(), topics.deadLetterTopic());
        preload(kafka, topics.ticksTopic(), ticks, windows, config);
        long expected = (long) ticks.keys() * windows;
        Bench.HeapPeak heap = Bench.HeapPeak.start();
        double cpuAtStart = Bench.cpuSeconds();
        long started = System.nanoTime();
        long forecasts = 0;
        double seconds;
        double cpuSeconds;
        Bench.Snapshots snapshots;
        try (LocalRun run = LocalRun.start(config.withKafka(topics), settings);
                KafkaConsumer<String, String> consumer = committedReader(kafka, topics.forecastsTopic())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (forecasts < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": " + forecasts + " of " + expected
                            + " forecasts committed within " + timeout);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    if (!r.value().contains("\"key\":\"" + FLUSH_KEY + "\"")) {
                        forecasts++;
                    }
                }
            }
            seconds = (System.nanoTime() - started) / 1e9;
            cpuSeconds = Bench.cpuSeconds() - cpuAtStart;
            snapshots = Bench.Snapshots.of(run, settings.checkpointDir().resolve("savepoints"));
        }
        return new Bench.Outcome(seconds, cpuSeconds, ticks.total(windows), forecasts, snapshots, heap.stop(), 0, 0);
    }

    /**
     * The bench's ticks, then one tick per partition a window and the lateness past the last, so
     * that every partition's watermark passes the last window and closes it.
     */
    private static void preload(EmbeddedKafkaBroker kafka, String topic, BenchTicks ticks, int windows, JobConfig config) {
        try (KafkaProducer<byte[], byte[]> producer = TickProducers.create(kafka.bootstrapServers(),
                new ByteArraySerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
            long total = ticks.total(windows);
            for (long i = 0; i < total; i++) {
                RawRecord tick = ticks.map(i);
                producer.send(new ProducerRecord<>(topic, (int) (i % PARTITIONS), null, tick.value()));
            }
            long flushAt = ticks.start() + (windows + 1) * ticks.windowMillis() + config.lateness().toMillis();
            for (int p = 0; p < PARTITIONS; p++) {
                String json = "{\"key\":\"" + FLUSH_KEY + "\",\"ts\":" + flushAt + ",\"value\":0}";
                producer.send(new ProducerRecord<>(topic, p, null, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> committedReader(EmbeddedKafkaBroker kafka, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
