package io.streamcast.job;

import io.streamcast.bars.BarAccumulator;
import io.streamcast.bars.BarAggregator;
import io.streamcast.forecast.LstmForecaster;
import io.streamcast.ingest.LateTicks;
import io.streamcast.ingest.TickDeserializer;
import io.streamcast.records.Bar;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.ModelUpdate;
import io.streamcast.records.RawRecord;
import io.streamcast.records.Tick;
import io.streamcast.records.TrainingReport;
import io.streamcast.training.Retrainer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The forecasting job, wired top to bottom as in DESIGN.md's diagram. Sources and sinks are
 * passed in, so the live job (Kafka), replay and the tests share this one graph.
 */
public final class ForecastJob {

    public static final String JOB_NAME = "streamcast";

    private ForecastJob() {}

    /** What the graph produces besides its sinks, for callers that report on it (backtests). */
    public record Outputs(DataStream<ForecastRecord> forecasts, DataStream<TrainingReport> trainingReports) {}

    /** Wires the job with its Kafka source and sinks into {@code env} and submits it. */
    public static JobClient start(StreamExecutionEnvironment env, JobConfig config) throws Exception {
        KafkaSettings kafka = config.kafka();
        boolean exactlyOnce = !config.checkpointInterval().isZero();
        wire(env, config, KafkaConnectors.ticksSource(kafka),
                KafkaConnectors.forecastSink(kafka, exactlyOnce),
                KafkaConnectors.deadLetterSink(kafka, exactlyOnce));
        return env.executeAsync(JOB_NAME);
    }

    public static Outputs wire(StreamExecutionEnvironment env, JobConfig config, Source<RawRecord, ?, ?> source,
            Sink<ForecastRecord> forecastSink, Sink<DeadLetter> deadLetterSink) {
        if (!config.checkpointInterval().isZero()) {
            env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }

        // ticks ── TickDeserializer ── malformed ──▶ dead letters
        SingleOutputStreamOperator<Tick> ticks = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "ticks").uid("ticks-source")
                .process(new TickDeserializer()).name("TickDeserializer").uid("tick-deserializer");
        DataStream<DeadLetter> malformed = ticks.getSideOutput(TickDeserializer.DEAD_LETTERS);

        // event-time watermarks (bounded out-of-orderness, idle-source timeout)
        DataStream<Tick> timed = ticks.assignTimestampsAndWatermarks(
                WatermarkStrategy.<Tick>forBoundedOutOfOrderness(config.lateness())
                        .withTimestampAssigner((tick, previous) -> tick.timestamp())
                        .withIdleness(config.idleTimeout()))
                .name("watermarks").uid("watermarks");

        // keyBy(key) ─▶ tumbling event-time window ─▶ BarAggregator ─▶ Bar; late ticks ─▶ dead letters
        SingleOutputStreamOperator<Bar> bars = timed
                .keyBy(Tick::key, Types.STRING)
                .window(TumblingEventTimeWindows.of(config.window()))
                .sideOutputLateData(LateTicks.TAG)
                .aggregate(new BarAggregator(), new BarAggregator.ToBar(config.aggregation()),
                        Types.POJO(BarAccumulator.class), Types.POJO(BarAccumulator.class), Types.POJO(Bar.class))
                .name("BarAggregator").uid("bars");
        DataStream<DeadLetter> late = bars.getSideOutput(LateTicks.TAG)
                .process(new LateTicks()).name("LateTicks").uid("late-ticks");

        // Retrainer (parallelism 1) ── model broadcast
        SingleOutputStreamOperator<ModelUpdate> models = bars
                .keyBy(bar -> 0, Types.INT)
                .process(new Retrainer(config)).name("Retrainer").uid("retrainer")
                .setParallelism(1).setMaxParallelism(1);
        BroadcastStream<ModelUpdate> modelBroadcast = models.broadcast(LstmForecaster.MODELS);

        // keyBy(key), connected with the model broadcast ─▶ LstmForecaster ─▶ forecasts
        SingleOutputStreamOperator<ForecastRecord> forecasts = bars
                .keyBy(Bar::key, Types.STRING)
                .connect(modelBroadcast)
                .process(new LstmForecaster(config.windowMillis(), config.warmupBars(), config.scaling(),
                        config.seedModel()))
                .name("LstmForecaster").uid("forecaster");

        forecasts.sinkTo(forecastSink).name("forecasts").uid("forecasts-sink");
        malformed.union(late).sinkTo(deadLetterSink).name("dead-letters").uid("dead-letters-sink");
        return new Outputs(forecasts, models.getSideOutput(Retrainer.REPORTS));
    }
}
