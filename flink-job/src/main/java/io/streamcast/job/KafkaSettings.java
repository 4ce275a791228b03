package io.streamcast.job;

import java.io.Serializable;
import java.util.Map;

/**
 * Where the job reads and writes.
 *
 * @param clientProperties extra Kafka client settings (security and the like), applied to the
 *     source and both sinks; the job's own settings win where they overlap
 * @param transactionalIdPrefix prefix of the sinks' transactional ids; must be unique per job on
 *     the cluster, or two jobs fence each other's transactions
 */
public record KafkaSettings(
        String bootstrapServers,
        String ticksTopic,
        String forecastsTopic,
        String deadLetterTopic,
        String groupId,
        String transactionalIdPrefix,
        Map<String, String> clientProperties) implements Serializable {

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Dead letters go to {@code <ticks>-dlq} unless told otherwise. */
    public static String defaultDeadLetterTopic(String ticksTopic) {
        return ticksTopic + "-dlq";
    }
}
