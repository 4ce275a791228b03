package io.streamcast.local;

import io.streamcast.ingest.TickIngestFunction;
import io.streamcast.job.ForecastJob;
import io.streamcast.job.JobConfig;
import io.streamcast.job.LocalRun;
import io.streamcast.records.RawRecord;
import io.streamcast.records.TrainingReport;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.DoubleCounter;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * One bench run: generated ticks through the production graph ({@link ForecastJob#wire}) on a
 * {@link LocalRun}, in event time, checkpointing as a live job does, with nothing but counting
 * behind it. What a run measured.
 */
final class Bench {

    private static final String FORECASTS = "forecasts";
    private static final String TRAINING_SECONDS = "trainingSeconds";

    /** @param stateBytes the largest completed checkpoint */
    record Outcome(double seconds, long ticks, long forecasts, long stateBytes, long peakHeapBytes,
            double trainingSeconds) {

        double ticksPerSecond() {
            return ticks / seconds;
        }

        double forecastsPerSecond() {
            return forecasts / seconds;
        }
    }

    private Bench() {}

    static Outcome run(JobConfig config, BenchTicks ticks, int windows, LocalRun.Settings settings) throws Exception {
        long total = ticks.total(windows);
        HeapPeak heap = HeapPeak.start();
        long started = System.nanoTime();
        JobExecutionResult result;
        long stateBytes;
        try (LocalRun run = LocalRun.start(settings, env -> {
            env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
            DataStream<RawRecord> raw = env.fromSource(
                    new DataGeneratorSource<>(ticks, total, TypeInformation.of(RawRecord.class)),
                    WatermarkStrategy.noWatermarks(), "bench ticks").setParallelism(1);
            ForecastJob.Outputs outputs = ForecastJob.wire(config, raw
                    .map(new TickIngestFunction(config.timestamps())).setParallelism(1).name("ingest")
                    .assignTimestampsAndWatermarks(ForecastJob.watermarks(config)).setParallelism(1).name("watermarks"));
            outputs.forecasts().map(new Count<>()).sinkTo(new DiscardingSink<>()).name("count forecasts");
            outputs.deadLetters().sinkTo(new DiscardingSink<>());
            outputs.trainingReports().map(new TrainingTime()).setParallelism(1).sinkTo(new DiscardingSink<>());
        })) {
            result = run.await();
            stateBytes = run.largestCheckpointBytes();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Long forecasts = result.getAccumulatorResult(FORECASTS);
        Double training = result.getAccumulatorResult(TRAINING_SECONDS);
        return new Outcome(seconds, total, forecasts == null ? 0 : forecasts, stateBytes, heap.stop(),
                training == null ? 0 : training);
    }

    /** Counts what passes into a job accumulator. */
    private static final class Count<T> extends RichMapFunction<T, T> {
        private final LongCounter count = new LongCounter();

        @Override
        public void open(OpenContext openContext) {
            getRuntimeContext().addAccumulator(FORECASTS, count);
        }

        @Override
        public T map(T value) {
            count.add(1);
            return value;
        }
    }

    private static final class TrainingTime extends RichMapFunction<TrainingReport, Double> {
        private final DoubleCounter seconds = new DoubleCounter();

        @Override
        public void open(OpenContext openContext) {
            getRuntimeContext().addAccumulator(TRAINING_SECONDS, seconds);
        }

        @Override
        public Double map(TrainingReport report) {
            seconds.add(report.seconds());
            return report.seconds();
        }
    }

    /** The most heap in use while a run lasts, sampled every 100 ms. */
    static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler = new Thread(this::sample, "streamcast-bench-heap");

        static HeapPeak start() {
            HeapPeak heap = new HeapPeak();
            heap.sampler.setDaemon(true);
            heap.sampler.start();
            return heap;
        }

        private void sample() {
            var memory = ManagementFactory.getMemoryMXBean();
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long stop() {
            sampler.interrupt();
            return peak.get();
        }
    }
}
