package io.streamcast.job;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The forecasting job: Kafka ticks in, per-key LSTM forecasts out (see DESIGN.md's diagram). */
public final class ForecastJob {

    private ForecastJob() {}

    /** Wires the job with its Kafka source and sinks into {@code env} and submits it. */
    public static JobClient start(StreamExecutionEnvironment env, JobConfig config) throws Exception {
        throw new UnsupportedOperationException("being wired");
    }
}
