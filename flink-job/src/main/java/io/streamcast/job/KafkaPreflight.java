package io.streamcast.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before the job is submitted, that the broker answers and that the job's topics
 * exist. Without it a wrong port leaves the job waiting with nothing logged, and a missing ticks
 * topic fails the source and restarts it forever.
 */
public final class KafkaPreflight {

    /** A setup the job cannot run with, in one sentence for the operator. */
    public static final class SetupException extends Exception {
        SetupException(String message) {
            super(message);
        }
    }

    private KafkaPreflight() {}

    public static void check(KafkaSettings kafka, Duration timeout) throws SetupException {
        Properties props = kafka.adminProperties();
        String millis = String.valueOf(Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        List<String> topics = kafka.topics();
        String unreachable = "cannot reach Kafka at " + kafka.bootstrapServers() + " within " + timeout.toSeconds()
                + " s (is --bootstrap-servers right, and the broker up?)";
        try (Admin admin = Admin.create(props)) {
            // The cluster id comes only from a broker, so an unreachable one is told apart from a missing topic.
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
            List<String> missing = new ArrayList<>();
            for (String topic : topics) {
                try {
                    described.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                throw new SetupException((missing.size() == 1 ? "topic " : "topics ") + String.join(", ", missing)
                        + " not found on Kafka at " + kafka.bootstrapServers()
                        + "; create " + (missing.size() == 1 ? "it" : "them") + " first (kafka-topics.sh --create)");
            }
        } catch (TimeoutException e) {
            throw new SetupException(unreachable);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new SetupException(unreachable);
            }
            throw new SetupException("Kafka at " + kafka.bootstrapServers() + " answered: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted while checking Kafka at " + kafka.bootstrapServers());
        }
    }
}
