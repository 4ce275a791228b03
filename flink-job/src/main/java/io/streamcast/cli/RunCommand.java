package io.streamcast.cli;

import io.streamcast.job.ForecastJob;
import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streamcast run}: the live job against a Kafka cluster, on whatever Flink runs it. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = StreamcastCli.Version.class,
        description = "Runs the forecasting job: ticks from Kafka in, forecasts to Kafka out.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (required).")
    String bootstrapServers;

    @Option(names = "--ticks-topic", defaultValue = "ticks", paramLabel = "TOPIC",
            description = "Topic the ticks are read from (default: ${DEFAULT-VALUE}).")
    String ticksTopic;

    @Option(names = "--forecasts-topic", defaultValue = "forecasts", paramLabel = "TOPIC",
            description = "Topic the forecasts are written to (default: ${DEFAULT-VALUE}).")
    String forecastsTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
            description = "Topic unusable ticks are written to (default: <ticks-topic>-dlq).")
    String deadLetterTopic;

    @Option(names = "--group-id", defaultValue = "streamcast", paramLabel = "ID",
            description = "Kafka consumer group of the tick source (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX",
            description = "Prefix of the sinks' transactional ids, unique per job on the cluster "
                    + "(default: streamcast-<forecasts-topic>).")
    String transactionalIdPrefix;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "Java properties file of extra Kafka client settings, e.g. security (default: none).")
    Path kafkaProperties;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        JobConfig config = jobConfig();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobClient client = ForecastJob.start(env, config);
        spec.commandLine().getOut().println("streamcast: job " + client.getJobID() + " submitted; reading "
                + config.kafka().ticksTopic() + ", writing " + config.kafka().forecastsTopic());
        spec.commandLine().getOut().flush();
        if (detached(env)) {
            return 0;
        }
        client.getJobExecutionResult().get();
        return 0;
    }

    /**
     * Submitted detached ({@code flink run -d}, or the REST API's {@code /jars/{id}/run}, which runs
     * this in the JobManager and cannot report the job's result): return once the job is submitted.
     * Locally, and with an attached {@code flink run}, {@code run} lasts as long as the job.
     */
    static boolean detached(StreamExecutionEnvironment env) {
        return !env.getConfiguration().get(DeploymentOptions.ATTACHED);
    }

    /** The configuration the options describe, validated, without starting anything. */
    JobConfig jobConfig() {
        return job.toJobConfig(kafkaSettings(), true);
    }

    KafkaSettings kafkaSettings() {
        Map<String, String> clientProperties = kafkaProperties == null ? Map.of()
                : OptionFiles.read(spec, "--kafka-properties", kafkaProperties, OptionFiles::properties);
        return new KafkaSettings(bootstrapServers, ticksTopic, forecastsTopic,
                deadLetterTopic != null ? deadLetterTopic : KafkaSettings.defaultDeadLetterTopic(ticksTopic),
                groupId,
                transactionalIdPrefix != null ? transactionalIdPrefix : "streamcast-" + forecastsTopic,
                clientProperties);
    }
}
