package io.streamcast.job;

import io.streamcast.bars.BarAccumulator;
import io.streamcast.bars.BarAggregator;
import io.streamcast.forecast.LstmForecaster;
import io.streamcast.ingest.Ingested;
import io.streamcast.ingest.IngestSplitter;
import io.streamcast.ingest.LateTicks;
import io.streamcast.records.Bar;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.ModelUpdate;
import io.streamcast.records.Tick;
import io.streamcast.records.TrainingReport;
import io.streamcast.training.Retrainer;
import io.streamcast.training.TrainingSampler;
import io.streamcast.model.lstm.TrainingWindow;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import java.time.Duration;
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

    /** How often aligned sources compare their watermarks (Flink's own default). */
    private static final Duration ALIGNMENT_UPDATE = Duration.ofSeconds(1);

    private ForecastJob() {}

    /** What the graph produces: the caller attaches the sinks (Kafka live, files in a backtest). */
    public record Outputs(DataStream<ForecastRecord> forecasts, DataStream<DeadLetter> deadLetters,
            DataStream<ModelUpdate> models, DataStream<TrainingReport> trainingReports) {}

    /** The live job: Kafka ticks in, forecasts and dead letters to Kafka; submitted, not awaited. */
    public static JobClient start(StreamExecutionEnvironment env, JobConfig config) throws Exception {
        define(env, config);
        return env.executeAsync(JOB_NAME);
    }

    /** The live job's graph and checkpointing, defined on {@code env} and not yet executed. */
    public static void define(StreamExecutionEnvironment env, JobConfig config) {
        KafkaSettings kafka = config.kafka();
        boolean exactlyOnce = !config.checkpointInterval().isZero();
        if (exactlyOnce) {
            enableCheckpointing(env, config.checkpointInterval());
        }
        DataStream<Ingested> ticks = env.fromSource(KafkaConnectors.ticksSource(kafka, config.timestamps()),
                watermarks(config), "ticks").uid("ticks-source");
        Outputs outputs = wire(config, ticks);
        outputs.forecasts().sinkTo(KafkaConnectors.forecastSink(kafka, exactlyOnce))
                .name("forecasts").uid("forecasts-sink");
        outputs.deadLetters().sinkTo(KafkaConnectors.deadLetterSink(kafka, exactlyOnce))
                .name("dead-letters").uid("dead-letters-sink");
        kafka.anomaliesTopicIfSet().ifPresent(topic -> outputs.forecasts()
                .filter(ForecastRecord::anomaly).name("anomalies").uid("anomalies-filter")
                .sinkTo(KafkaConnectors.anomalySink(kafka, topic, exactlyOnce))
                .name("anomalies").uid("anomalies-sink"));
    }

    /**
     * Exactly-once checkpoints every {@code interval}, and never less than an interval apart: a
     * checkpoint that takes longer than the interval (large state, a backpressured job) is
     * followed by an interval of processing, not at once by the next. Back to back, as Flink
     * otherwise runs them, they kept a million-key job on RocksDB in its checkpoints' synchronous
     * phase (a memtable flush each) and queued behind their barriers.
     */
    public static void enableCheckpointing(StreamExecutionEnvironment env, Duration interval) {
        env.enableCheckpointing(interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(interval.toMillis());
    }

    /**
     * Given to the source, so that event time is per Kafka partition (a subtask reading several
     * follows the slowest, not the fastest) and a partition silent for the idle timeout stops
     * holding the others back. Live, the watermark trails the newest tick by the lateness and is
     * emitted periodically, optionally aligned across partitions so that catching up on a backlog
     * reads them at a similar event time.
     *
     * <p>A replay reads far faster than that period, and the first watermark would then be the
     * end of input: every window would close at once and no retraining point would be reached in
     * between. So a replay emits the watermark with every tick, which makes event-time progress a
     * function of the input alone, and has no idleness: a reader held up behind a long training is
     * not idle, and treating it so would let the others' watermark run ahead of its ticks.
     */
    public static WatermarkStrategy<Ingested> watermarks(JobConfig config) {
        if (!config.live()) {
            long lateness = config.lateness().toMillis();
            return WatermarkStrategy.<Ingested>forGenerator(context -> new PerTickWatermarks<>(lateness))
                    .withTimestampAssigner(Ingested::eventTime);
        }
        WatermarkStrategy<Ingested> strategy = WatermarkStrategy.<Ingested>forBoundedOutOfOrderness(config.lateness())
                .withTimestampAssigner(Ingested::eventTime)
                .withIdleness(config.idleTimeout());
        Duration alignment = config.watermarkAlignment();
        return alignment.isZero() ? strategy
                : strategy.withWatermarkAlignment("streamcast-ticks", alignment, ALIGNMENT_UPDATE);
    }

    /**
     * The graph from ingested records (timestamped, with watermarks, as the source gives them) to
     * forecasts, dead letters and training reports.
     */
    public static Outputs wire(JobConfig config, DataStream<Ingested> ingested) {
        // Every function of the job (and of the sources and sinks around it) emits new objects and
        // never changes what it is given, so chained operators may hand records on as they are
        // instead of as serializer copies, which took 6% of the bench's CPU.
        ingested.getExecutionEnvironment().getConfig().enableObjectReuse();

        // source ── malformed, implausible and late ──▶ dead letters
        SingleOutputStreamOperator<Tick> ticks = ingested
                .process(new IngestSplitter(config.windowMillis())).name("IngestSplitter").uid("ingest-splitter");
        DataStream<DeadLetter> rejected = ticks.getSideOutput(IngestSplitter.DEAD_LETTERS);

        // keyBy(key) ─▶ tumbling event-time window ─▶ BarAggregator ─▶ Bar; late ticks ─▶ dead letters
        SingleOutputStreamOperator<Bar> bars = ticks
                .keyBy(Tick::key, Types.STRING)
                .window(TumblingEventTimeWindows.of(config.window()))
                .sideOutputLateData(LateTicks.TAG)
                .aggregate(new BarAggregator(), new BarAggregator.ToBar(config.aggregation()),
                        Types.POJO(BarAccumulator.class), Types.POJO(BarAccumulator.class), Types.POJO(Bar.class))
                .name("BarAggregator").uid("bars");
        DataStream<DeadLetter> late = bars.getSideOutput(LateTicks.TAG)
                .process(new LateTicks()).name("LateTicks").uid("late-ticks");

        // keyBy(key) ─▶ TrainingSampler ─▶ a bounded, seeded sample of training windows
        DataStream<TrainingWindow> trainingWindows = bars
                .keyBy(Bar::key, Types.STRING)
                .process(new TrainingSampler(config), TypeInformation.of(TrainingWindow.class))
                .name("TrainingSampler").uid("training-sampler");

        // Retrainer (parallelism 1, its input bounded by its pool) ── model broadcast
        SingleOutputStreamOperator<ModelUpdate> models = trainingWindows
                .keyBy(window -> 0, Types.INT)
                .process(new Retrainer(config)).name("Retrainer").uid("retrainer")
                .setParallelism(1).setMaxParallelism(1);
        BroadcastStream<ModelUpdate> modelBroadcast = models.broadcast(LstmForecaster.MODELS);

        // keyBy(key), connected with the model broadcast ─▶ LstmForecaster ─▶ forecasts
        SingleOutputStreamOperator<ForecastRecord> forecasts = bars
                .keyBy(Bar::key, Types.STRING)
                .connect(modelBroadcast)
                .process(new LstmForecaster(config.windowMillis(), config.warmupBars(), config.scaling(),
                        config.seedModel(), config.stateTtl().toMillis(), config.intervals(), config.naiveFallback()))
                .name("LstmForecaster").uid("forecaster");

        return new Outputs(forecasts, rejected.union(late), models, models.getSideOutput(Retrainer.REPORTS));
    }
}
