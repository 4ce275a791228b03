package io.streamcast.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Where the job reads and writes.
 *
 * @param clientProperties extra Kafka client settings (security and the like), applied to the
 *     source and both sinks; they may not set what the job sets itself ({@link #OWNED})
 * @param transactionalIdPrefix prefix of the sinks' transactional ids; must be unique per job on
 *     the cluster, or two jobs fence each other's transactions
 * @param startFrom where the source starts without a checkpoint to resume from
 * @param anomaliesTopic where flagged forecasts are also written, or null for nowhere else
 *     ({@link #anomaliesTopicIfSet()}; a field of a serializable record cannot be an Optional)
 */
public record KafkaSettings(
        String bootstrapServers,
        String ticksTopic,
        String forecastsTopic,
        String deadLetterTopic,
        String groupId,
        String transactionalIdPrefix,
        Map<String, String> clientProperties,
        StartPosition startFrom,
        String anomaliesTopic) implements Serializable {

    /**
     * Settings the job makes itself, from its own options or for its guarantees (read_committed
     * input, transactions, byte payloads): a properties file that also set them would silently
     * change where the job reads or what it promises.
     */
    public static final Set<String> OWNED = Set.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
        for (String key : clientProperties.keySet()) {
            if (OWNED.contains(key)) {
                throw new IllegalArgumentException("Kafka client property '" + key
                        + "' is set by the job itself and cannot be overridden");
            }
        }
    }

    public KafkaSettings(String bootstrapServers, String ticksTopic, String forecastsTopic, String deadLetterTopic,
            String groupId, String transactionalIdPrefix, Map<String, String> clientProperties) {
        this(bootstrapServers, ticksTopic, forecastsTopic, deadLetterTopic, groupId, transactionalIdPrefix,
                clientProperties, new StartPosition.Committed());
    }

    public KafkaSettings(String bootstrapServers, String ticksTopic, String forecastsTopic, String deadLetterTopic,
            String groupId, String transactionalIdPrefix, Map<String, String> clientProperties,
            StartPosition startFrom) {
        this(bootstrapServers, ticksTopic, forecastsTopic, deadLetterTopic, groupId, transactionalIdPrefix,
                clientProperties, startFrom, null);
    }

    /** These settings, also writing every flagged forecast to {@code topic}. */
    public KafkaSettings withAnomaliesTopic(String topic) {
        return new KafkaSettings(bootstrapServers, ticksTopic, forecastsTopic, deadLetterTopic, groupId,
                transactionalIdPrefix, clientProperties, startFrom, topic);
    }

    public Optional<String> anomaliesTopicIfSet() {
        return Optional.ofNullable(anomaliesTopic);
    }

    /** What an admin client of the job's Kafka needs: the bootstrap servers and the extra client settings. */
    public Properties adminProperties() {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** Every topic the job reads or writes, which must exist before it starts. */
    public List<String> topics() {
        List<String> topics = new ArrayList<>(List.of(ticksTopic, forecastsTopic, deadLetterTopic));
        anomaliesTopicIfSet().ifPresent(topics::add);
        return topics;
    }

    /** Dead letters go to {@code <ticks>-dlq} unless told otherwise. */
    public static String defaultDeadLetterTopic(String ticksTopic) {
        return ticksTopic + "-dlq";
    }

    /** Client property values may hold passwords and keys: only their names are shown. */
    @Override
    public String toString() {
        Map<String, String> masked = new TreeMap<>();
        clientProperties.keySet().forEach(k -> masked.put(k, "****"));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", ticksTopic=" + ticksTopic
                + ", forecastsTopic=" + forecastsTopic + ", deadLetterTopic=" + deadLetterTopic + ", groupId="
                + groupId + ", transactionalIdPrefix=" + transactionalIdPrefix + ", clientProperties=" + masked
                + ", startFrom=" + startFrom + ", anomaliesTopic=" + anomaliesTopic + "]";
    }
}
