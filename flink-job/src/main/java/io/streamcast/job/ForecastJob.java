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

    /** What the graph produces: the caller attaches the sinks (Kafka live, files in a backtest). */
    public record Outputs(DataStream<ForecastRecord> forecasts, DataStream<DeadLetter> deadLetters,
            DataStream<ModelUpdate> models, DataStream<TrainingReport> trainingReports) {}

    /** The live job: Kafka ticks in, forecasts and dead letters to Kafka; submitted, not awaited. */
    public static JobClient start(StreamExecutionEnvironment env, JobConfig config) throws Exception {
        KafkaSettings kafka = config.kafka();
        boolean exactlyOnce = !config.checkpointInterval().isZero();
        if (exactlyOnce) {
            env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        DataStream<RawRecord> ticks = env.fromSource(KafkaConnectors.ticksSource(kafka),
                WatermarkStrategy.noWatermarks(), "ticks").uid("ticks-source");
        Outputs outputs = wire(config, ticks);
        outputs.forecasts().sinkTo(KafkaConnectors.forecastSink(kafka, exactlyOnce))
                .name("forecasts").uid("forecasts-sink");
        outputs.deadLetters().sinkTo(KafkaConnectors.deadLetterSink(kafka, exactlyOnce))
                .name("dead-letters").uid("dead-letters-sink");
        return env.executeAsync(JOB_NAME);
    }

    /**
     * Live, the watermark trails the newest tick by the lateness and is emitted periodically, as
     * usual. A replay reads far faster than that period, and the first watermark would then be the
     * end of input: every window would close at once and no retraining point would be reached in
     * between. So a replay emits the watermark with every tick, which makes event-time progress a
     * function of the input alone.
     */
    static WatermarkStrategy<Tick> watermarks(JobConfig config) {
        if (config.live()) {
            return WatermarkStrategy.<Tick>forBoundedOutOfOrderness(config.lateness())
                    .withTimestampAssigner((tick, previous) -> tick.timestamp())
                    .withIdleness(config.idleTimeout());
        }
        // No idleness in a replay: a subtask held up behind a long training is not idle, and
        // treating it so would let the others' watermark run ahead of its ticks.
        long lateness = config.lateness().toMillis();
        return WatermarkStrategy.<Tick>forGenerator(context -> new PerTickWatermarks(lateness))
                .withTimestampAssigner((tick, previous) -> tick.timestamp());
    }

    /** The graph from raw tick records to forecasts, dead letters and training reports. */
    public static Outputs wire(JobConfig config, DataStream<RawRecord> rawTicks) {
        // ticks ── TickDeserializer ── malformed ──▶ dead letters
        SingleOutputStreamOperator<Tick> ticks = rawTicks
                .process(new TickDeserializer()).name("TickDeserializer").uid("tick-deserializer");
        DataStream<DeadLetter> malformed = ticks.getSideOutput(TickDeserializer.DEAD_LETTERS);

        // event-time watermarks (bounded out-of-orderness, idle-source timeout)
        DataStream<Tick> timed = ticks.assignTimestampsAndWatermarks(watermarks(config))
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
                        config.seedModel(), config.stateTtl().toMillis()))
                .name("LstmForecaster").uid("forecaster");

        return new Outputs(forecasts, malformed.union(late), models, models.getSideOutput(Retrainer.REPORTS));
    }
}
