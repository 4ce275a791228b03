package io.streamcast.local;

import io.streamcast.ingest.TickIngestFunction;
import io.streamcast.job.ForecastJob;
import io.streamcast.job.JobConfig;
import io.streamcast.job.LocalRun;
import io.streamcast.records.RawRecord;
import io.streamcast.records.TrainingReport;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.DoubleCounter;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * One bench run: generated ticks through the production graph ({@link ForecastJob#wire}) on a
 * {@link LocalRun}, in event time, checkpointing as a live job does, with nothing but counting
 * behind it. The generator is held open after its last tick ({@link HoldOpen}); once every tick
 * is in, savepoints record the state of every key as a live job holds it, and then the input is
 * ended, which fires the windows still open. What a run measured, and the restore of its savepoint.
 */
final class Bench {

    private static final String TICKS = "ticks";
    private static final String FORECASTS = "forecasts";
    private static final String RETRAININGS = "retrainings";
    private static final String TRAINING_SECONDS = "trainingSeconds";
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * @param seconds on generated ticks from submission to the finished job, the savepoints and
     *     the drain (which brings the last window's forecasts) included; through Kafka until the
     *     last forecast is committed, before the savepoints
     * @param cpuSeconds the CPU time this process spent over the same span, every thread's: on a
     *     shared machine the share of the cores a run gets varies, its work per tick does not
     * @param snapshots of every key's state after the last tick
     */
    record Outcome(double seconds, double cpuSeconds, long ticks, long forecasts, Snapshots snapshots,
            long peakHeapBytes, long retrainings, double trainingSeconds) {

        double ticksPerSecond() {
            return ticks / seconds;
        }

        double ticksPerCpuSecond() {
            return ticks / cpuSeconds;
        }

        double forecastsPerSecond() {
            return forecasts / seconds;
        }
    }

    /**
     * The state of a live job, saved twice. Canonical: every live key and value as Flink serializes
     * them, the state per key whatever the backend. Native: as the backend keeps it and a restore
     * reads it, for RocksDB its files, with the older versions of values its compaction has not
     * yet removed (a key's timeline is rewritten with every bar).
     *
     * @param seconds the two savepoints took
     */
    record Snapshots(LocalRun.Savepoint canonical, LocalRun.Savepoint nativeFormat, double seconds) {

        /** Once every task runs: Flink refuses a savepoint while one is still starting. */
        static Snapshots of(LocalRun run, Path directory) throws Exception {
            run.awaitAllRunning();
            long started = System.nanoTime();
            LocalRun.Savepoint canonical = run.savepoint(directory.resolve("canonical"), SavepointFormatType.CANONICAL);
            LocalRun.Savepoint nativeFormat = run.savepoint(directory.resolve("native"), SavepointFormatType.NATIVE);
            return new Snapshots(canonical, nativeFormat, (System.nanoTime() - started) / 1e9);
        }
    }

    /** Hears how many ticks have left the generator, every poll while a run waits for them all. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = (done, total) -> {};

        void ticks(long done, long total);
    }

    private Bench() {}

    static Outcome run(JobConfig config, BenchTicks ticks, int windows, LocalRun.Settings settings, Progress progress)
            throws Exception {
        long total = ticks.total(windows);
        HeapPeak heap = HeapPeak.start();
        double cpuAtStart = cpuSeconds();
        long started = System.nanoTime();
        JobExecutionResult result;
        Snapshots snapshots;
        try (LocalRun run = LocalRun.start(settings, env -> graph(env, config, ticks, total, new HoldOpen(total)))) {
            awaitTicks(run, total, progress);
            snapshots = Snapshots.of(run, settings.checkpointDir().resolve("savepoints"));
            result = run.drain(settings.checkpointDir().resolve("drained"));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = cpuSeconds() - cpuAtStart;
        long counted = accumulator(result, TICKS, 0L);
        if (counted != total) {
            throw new IllegalStateException(counted + " ticks went through the job, not " + total);
        }
        return new Outcome(seconds, cpuSeconds, total, accumulator(result, FORECASTS, 0L), snapshots, heap.stop(),
                accumulator(result, RETRAININGS, 0L), accumulator(result, TRAINING_SECONDS, 0.0));
    }

    private static <T> T accumulator(JobExecutionResult result, String name, T none) {
        T value = result.getAccumulatorResult(name);
        return value == null ? none : value;
    }

    /**
     * Seconds from submitting the same graph, restoring {@code savepoint} (the native one, as a
     * checkpoint restores), until every task is RUNNING, that is until every subtask holds its
     * keys' state again (the generator, restored past its last tick, emits nothing); then the job
     * is cancelled.
     */
    static double restore(JobConfig config, BenchTicks ticks, int windows, LocalRun.Settings settings,
            LocalRun.Savepoint savepoint) throws Exception {
        long started = System.nanoTime();
        try (LocalRun run = LocalRun.start(settings.resumingFrom(Optional.of(savepoint.path())),
                env -> graph(env, config, ticks, ticks.total(windows), new HoldOpen(0)))) {
            run.awaitAllRunning();
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private static void graph(StreamExecutionEnvironment env, JobConfig config, BenchTicks ticks, long total,
            HoldOpen hold) {
        ForecastJob.enableCheckpointing(env, config.checkpointInterval());
        DataStream<RawRecord> raw = env.fromSource(
                new DataGeneratorSource<>(ticks, total, hold, TypeInformation.of(RawRecord.class)),
                WatermarkStrategy.noWatermarks(), "bench ticks").setParallelism(1)
                .map(new Count<>(TICKS)).setParallelism(1).name("count ticks");
        ForecastJob.Outputs outputs = ForecastJob.wire(config, raw
                .map(new TickIngestFunction(config.timestamps())).setParallelism(1).name("ingest")
                .assignTimestampsAndWatermarks(ForecastJob.watermarks(config)).setParallelism(1).name("watermarks"));
        outputs.forecasts().map(new Count<>(FORECASTS)).sinkTo(new DiscardingSink<>()).name("count forecasts");
        outputs.deadLetters().sinkTo(new DiscardingSink<>());
        outputs.trainingReports().map(new Count<>(RETRAININGS)).setParallelism(1)
                .map(new TrainingTime()).setParallelism(1).sinkTo(new DiscardingSink<>());
    }

    /** Waits until all {@code total} ticks have left the generator (as the job's heartbeat brings its accumulators). */
    private static void awaitTicks(LocalRun run, long total, Progress progress) throws Exception {
        while (true) {
            if (run.job().getJobExecutionResult().isDone()) {
                run.await();
                throw new IllegalStateException("the job ended before its ticks were in");
            }
            Object ticks = run.job().getAccumulators().get().get(TICKS);
            long done = ticks == null ? 0 : (Long) ticks;
            progress.ticks(done, total);
            if (done >= total) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Counts what passes into a job accumulator. */
    private static final class Count<T> extends RichMapFunction<T, T> {
        private final String accumulator;
        private final LongCounter count = new LongCounter();

        Count(String accumulator) {
            this.accumulator = accumulator;
        }

        @Override
        public void open(OpenContext openContext) {
            getRuntimeContext().addAccumulator(accumulator, count);
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

    /** CPU time of this process so far, all its threads'. */
    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
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
