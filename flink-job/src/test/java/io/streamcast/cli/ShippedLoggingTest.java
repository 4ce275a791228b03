package io.streamcast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import io.streamcast.testing.CapturedLog;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/**
 * The log configuration streamcast.jar ships (not the tests' own), driven by Flink's real metric
 * groups: the two collisions that Flink and the Kafka connector repeat at every checkpoint are
 * dropped, any other collision still shows.
 */
class ShippedLoggingTest {

    @Test
    void onlyTheKnownFlinkAndKafkaCollisionsAreDropped() throws Exception {
        URI shipped = ShippedLoggingTest.class.getResource("/log4j2.properties").toURI();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        URI before = context.getConfigLocation();
        String logged;
        try {
            context.setConfigLocation(shipped);
            try (CapturedLog log = CapturedLog.start()) {
                MetricGroup committer = UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup();
                for (String name : new String[] {"pendingCommittables", "currentSendTime", "forecastsOut"}) {
                    committer.gauge(name, (Gauge<Integer>) () -> 1);
                    committer.gauge(name, (Gauge<Integer>) () -> 2);
                }
                logged = log.lines();
            }
        } finally {
            context.setConfigLocation(before);
        }

        assertThat(logged)
                .contains("org.apache.flink.metrics.MetricGroup WARN Name collision: "
                        + "Group already contains a Metric with the name 'forecastsOut'")
                .doesNotContain("pendingCommittables")
                .doesNotContain("currentSendTime");
    }
}
