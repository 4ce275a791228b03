package io.streamcast.job;

import io.streamcast.ingest.Ingested;
import io.streamcast.ingest.TickSourceDeserializer;
import io.streamcast.ingest.TimestampRules;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The job's Kafka source and sinks, built from {@link KafkaSettings}. The user's client
 * properties go in first and the job's own settings after them, so the job's always win.
 */
public final class KafkaConnectors {

    /**
     * Under the broker's default {@code transaction.max.timeout.ms} (15 min): a larger value makes
     * every transactional producer fail to initialise, and the job restart forever.
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(14);

    private KafkaConnectors() {}

    /** The live source: from {@link KafkaSettings#startFrom()} unless a checkpoint says otherwise. */
    public static KafkaSource<Ingested> ticksSource(KafkaSettings kafka, TimestampRules timestamps) {
        return ticks(kafka, timestamps).setStartingOffsets(kafka.startFrom().offsets()).build();
    }

    /** The ticks topic's records with Kafka timestamps in [from, to), bounded: for a backtest. */
    public static KafkaSource<Ingested> ticksRange(KafkaSettings kafka, TimestampRules timestamps, Instant from,
            Instant to) {
        return ticks(kafka, timestamps)
                .setStartingOffsets(OffsetsInitializer.timestamp(from.toEpochMilli()))
                .setBounded(OffsetsInitializer.timestamp(to.toEpochMilli()))
                .build();
    }

    /** Committed records only: ticks written in an aborted transaction never happened. */
    private static KafkaSourceBuilder<Ingested> ticks(KafkaSettings kafka, TimestampRules timestamps) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return KafkaSource.<Ingested>builder()
                .setProperties(props)
                .setBootstrapServers(kafka.bootstrapServers())
                .setGroupId(kafka.groupId())
                .setTopics(kafka.ticksTopic())
                .setDeserializer(new TickSourceDeserializer(timestamps));
    }

    public static Sink<ForecastRecord> forecastSink(KafkaSettings kafka, boolean exactlyOnce) {
        return sink(kafka, kafka.transactionalIdPrefix(), exactlyOnce,
                new JsonRecords<>(kafka.forecastsTopic(), ForecastRecord::key));
    }

    /** Flagged forecasts, to the anomalies topic, transactional under their own id prefix. */
    public static Sink<ForecastRecord> anomalySink(KafkaSettings kafka, String topic, boolean exactlyOnce) {
        return sink(kafka, kafka.transactionalIdPrefix() + "-anomalies", exactlyOnce,
                new JsonRecords<>(topic, ForecastRecord::key));
    }

    public static Sink<DeadLetter> deadLetterSink(KafkaSettings kafka, boolean exactlyOnce) {
        return sink(kafka, kafka.transactionalIdPrefix() + "-dlq", exactlyOnce,
                new JsonRecords<>(kafka.deadLetterTopic(), null));
    }

    private static <T> Sink<T> sink(KafkaSettings kafka, String transactionalIdPrefix, boolean exactlyOnce,
            KafkaRecordSerializationSchema<T> records) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        props.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
        return new SafeClosingKafkaSink<>(KafkaSink.<T>builder()
                .setKafkaProducerConfig(props)
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(records)
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .build());
    }
}
