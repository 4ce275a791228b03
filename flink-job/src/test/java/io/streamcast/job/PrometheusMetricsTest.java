package io.streamcast.job;

import static io.streamcast.job.LiveTests.DLQ;
import static io.streamcast.job.LiveTests.FORECASTS;
import static io.streamcast.job.LiveTests.TICKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.local.EmbeddedKafkaBroker;
import io.streamcast.local.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's metrics as Prometheus scrapes them from Flink's reporter on a live run, and the
 * Grafana dashboard of docker-compose.yml asking only for metrics that exist.
 */
class PrometheusMetricsTest {

    private static final Pattern METRIC = Pattern.compile("(?m)^(flink_[A-Za-z0-9_]+)");
    private static final Pattern DASHBOARD_METRIC = Pattern.compile("(flink_[A-Za-z0-9_]+)");
    private static final Path DASHBOARD = Path.of(System.getProperty("streamcast.root", ".."),
            "docker", "grafana", "dashboards", "streamcast.json");

    @Test
    void theReporterServesTheJobsMetricsAndTheDashboardAsksForNoOther(@TempDir Path dir) throws Exception {
        int port = FreePorts.on("127.0.0.1", 1)[0];
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            kafka.createTopics(2, TICKS);
            kafka.createTopics(1, FORECASTS, DLQ);
            LocalRun.Settings settings = LocalRun.Settings.in(dir.resolve("checkpoints")).prometheusPort(OptionalInt.of(port));
            try (LocalRun run = LocalRun.start(LiveTests.config(kafka.bootstrapServers(), "prometheus"), settings)) {
                LiveTests.Feed feed = new LiveTests.Feed(client, 2);
                for (int w = 0; w < 6; w++) {
                    feed.window(3, w, 2);
                }
                client.send(TICKS, 0, null, "{not json");
                client.flush();
                LiveTests.forecasts(client, 3 * 4);

                Set<String> scraped = scrape(port, Duration.ofSeconds(30), "flink_taskmanager_job_task_operator_forecastsOut");
                assertThat(scraped).contains(
                        "flink_taskmanager_job_task_operator_ticksIn",
                        "flink_taskmanager_job_task_operator_malformedTicks",
                        "flink_taskmanager_job_task_operator_implausibleTimestamps",
                        "flink_taskmanager_job_task_operator_lateTicks",
                        "flink_taskmanager_job_task_operator_bars",
                        "flink_taskmanager_job_task_operator_forecastsOut",
                        "flink_taskmanager_job_task_operator_modelVersion",
                        "flink_taskmanager_job_task_operator_rollingScaledError",
                        "flink_taskmanager_job_task_operator_rollingNaiveScaledError",
                        "flink_taskmanager_job_task_operator_lastValueServed",
                        "flink_taskmanager_job_task_operator_lastTrainingMillis",
                        "flink_taskmanager_job_task_operator_trainingsFailed");
                Set<String> asked = new TreeSet<>();
                Matcher m = DASHBOARD_METRIC.matcher(Files.readString(DASHBOARD));
                while (m.find()) {
                    asked.add(m.group(1));
                }
                assertThat(asked).isNotEmpty();
                assertThat(scraped).containsAll(asked);
            }
        }
    }

    /** The metric names the endpoint serves, once it serves {@code awaited} (task metrics come with the tasks). */
    private static Set<String> scrape(int port, Duration timeout, String awaited) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> names = new TreeSet<>();
        while (!names.contains(awaited) && System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = METRIC.matcher(body);
            while (m.find()) {
                names.add(m.group(1));
            }
            Thread.sleep(500);
        }
        return names;
    }
}
