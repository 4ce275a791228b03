package io.streamcast.local;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Producers that write ticks into a topic for the job to read (the demo's replayer, the bench's
 * preload, the tests'): idempotent, as Kafka's producers are by default, with one request in
 * flight per connection.
 *
 * <p>One in flight because of KAFKA-14359: when a partition's first request fails with a
 * retriable error (a fresh topic's leader not yet known, a request timing out on a loaded machine)
 * while the next is accepted (the broker holds no sequence for the producer yet), the first is
 * retried forever as out of order, and the producer never finishes. Seen here as a bench whose
 * preload hung with the broker logging {@code OutOfOrderSequenceException ... 0 (incoming seq.
 * number), 600 (current end sequence number)}. With one request in flight the next waits for the
 * first, so there is nothing to overtake it; batching still fills each request.
 */
public final class TickProducers {

    private TickProducers() {}

    public static <K, V> KafkaProducer<K, V> create(String bootstrapServers, Serializer<K> keys, Serializer<V> values,
            Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(overrides);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(settings, keys, values);
    }
}
