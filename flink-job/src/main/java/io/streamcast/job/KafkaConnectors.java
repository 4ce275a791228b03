package io.streamcast.job;

import io.streamcast.ingest.RawRecordDeserializer;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.RawRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The job's Kafka source and sinks, built from {@link KafkaSettings}. */
public final class KafkaConnectors {

    /**
     * Under the broker's default {@code transaction.max.timeout.ms} (15 min): a larger value makes
     * every transactional producer fail to initialise, and the job restart forever.
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(14);

    private KafkaConnectors() {}

    /** Resumes from the group's committed offsets, from the earliest on first start. */
    public static KafkaSource<RawRecord> ticksSource(KafkaSettings kafka) {
        return ticks(kafka)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .build();
    }

    /** The ticks topic's records with Kafka timestamps in [from, to), bounded: for a backtest. */
    public static KafkaSource<RawRecord> ticksRange(KafkaSettings kafka, Instant from, Instant to) {
        return ticks(kafka)
                .setStartingOffsets(OffsetsInitializer.timestamp(from.toEpochMilli()))
                .setBounded(OffsetsInitializer.timestamp(to.toEpochMilli()))
                .build();
    }

    /** Committed records only: ticks written in an aborted transaction never happened. */
    private static KafkaSourceBuilder<RawRecord> ticks(KafkaSettings kafka) {
        Properties props = clientProperties(kafka);
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.ticksTopic())
                .setGroupId(kafka.groupId())
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(props);
    }

    public static KafkaSink<ForecastRecord> forecastSink(KafkaSettings kafka, boolean exactlyOnce) {
        return sink(kafka, kafka.forecastsTopic(), kafka.transactionalIdPrefix(), exactlyOnce,
                new ForecastKey());
    }

    public static KafkaSink<DeadLetter> deadLetterSink(KafkaSettings kafka, boolean exactlyOnce) {
        return sink(kafka, kafka.deadLetterTopic(), kafka.transactionalIdPrefix() + "-dlq", exactlyOnce, null);
    }

    private static <T> KafkaSink<T> sink(KafkaSettings kafka, String topic, String transactionalIdPrefix,
            boolean exactlyOnce, SerializationSchema<T> key) {
        Properties props = clientProperties(kafka);
        props.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
        var serializer = KafkaRecordSerializationSchema.<T>builder().setTopic(topic).setValueSerializationSchema(new JsonValue<T>());
        if (key != null) {
            serializer.setKeySerializationSchema(key);
        }
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(serializer.build())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setKafkaProducerConfig(props)
                .build();
    }

    private static Properties clientProperties(KafkaSettings kafka) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties());
        return props;
    }
}
