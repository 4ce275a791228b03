package io.streamcast.backtest;

import io.streamcast.job.ForecastJob;
import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaConnectors;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.ModelUpdate;
import io.streamcast.ingest.Ingested;
import io.streamcast.records.TrainingReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the production graph ({@link ForecastJob#wire}) over recorded ticks, bounded, in event
 * time, with synchronous retraining: what it measures is what a live run would have done, and
 * the same input and options give the same forecasts, handed over as they come in one stable order
 * (window end, then key: {@link WindowOrder}).
 */
public final class Backtest {

    /**
     * What a run produced besides its forecasts, and where the time went: {@code prepareSeconds}
     * reading and sorting the input files, {@code seconds} all. {@code finalModel} is null if no
     * model was trained.
     */
    public record Result(long ticks, long bars, long deadLetters, List<TrainingReport> trainings,
            ModelUpdate finalModel, double seconds, double prepareSeconds) {

        public double ticksPerSecond() {
            return ticks / seconds;
        }
    }

    /** Told the replayed event-time span, then of each forecast as it arrives, for a progress display. */
    public interface Progress {
        /** First and last event time of the input (for a Kafka range, its bounds). */
        void started(long firstEventTime, long lastEventTime);

        void forecast(ForecastRecord forecast);
    }

    /** Where the forecasts go, in order, as the run makes them, and the dead letters, as they come. */
    public interface Sink {
        void forecast(ForecastRecord forecast) throws IOException;

        /** Called from another thread than {@link #forecast}. */
        void deadLetter(DeadLetter deadLetter) throws IOException;
    }

    private Backtest() {}

    public static Result run(JobConfig liveConfig, BacktestInput input, int parallelism, Progress progress, Sink sink)
            throws Exception {
        JobConfig config = liveConfig.forReplay();
        long started = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        Path replayFile = null;
        long inputTicks = -1;
        double prepareSeconds = 0;
        DataStream<Ingested> ingested;
        ExecutorService drains = null;
        if (input instanceof BacktestInput.CsvFiles csv) {
            replayFile = Files.createTempFile("streamcast-replay-", ".bin");
            CsvReplay.Prepared replay = CsvReplay.prepare(csv.files(), config.timestamps(), replayFile);
            inputTicks = replay.rows().count();
            prepareSeconds = (System.nanoTime() - started) / 1e9;
            progress.started(replay.rows().firstTimestamp(), replay.rows().lastTimestamp());
            FileSource<Ingested> records = FileSource
                    .forRecordStreamFormat(new ReplayFile.Format(), new org.apache.flink.core.fs.Path(replayFile.toUri()))
                    .build();
            // One file read by one subtask: its event time is that of one partition.
            ingested = env.fromSource(records, WatermarkStrategy.noWatermarks(), "replay").setParallelism(1)
                    .assignTimestampsAndWatermarks(ForecastJob.watermarks(config)).setParallelism(1).name("watermarks");
        } else if (input instanceof BacktestInput.KafkaRange range) {
            progress.started(range.from().toEpochMilli(), range.to().toEpochMilli());
            ingested = env.fromSource(
                    KafkaConnectors.ticksRange(range.kafka(), config.timestamps(), range.from(), range.to()),
                    ForecastJob.watermarks(config), "ticks");
        } else {
            throw new IllegalArgumentException("unknown input " + input);
        }
        try {
            ForecastJob.Outputs outputs = ForecastJob.wire(config, ingested);
            CloseableIterator<ForecastRecord> forecasts = outputs.forecasts()
                    .keyBy(forecast -> 0, Types.INT).process(new WindowOrder()).name("WindowOrder")
                    .setParallelism(1).setMaxParallelism(1)
                    .collectAsync();
            CloseableIterator<DeadLetter> deadLetters = outputs.deadLetters().collectAsync();
            CloseableIterator<TrainingReport> trainings = outputs.trainingReports().collectAsync();
            CloseableIterator<ModelUpdate> models = outputs.models().collectAsync();
            JobClient job = env.executeAsync(ForecastJob.JOB_NAME + " backtest");
            // The collect sinks hand results over while the job runs, so all four are drained at once.
            AtomicLong deadLetterCount = new AtomicLong();
            List<TrainingReport> trainingReports = new ArrayList<>();
            AtomicReference<ModelUpdate> newest = new AtomicReference<>();
            // A thread each: a drain blocks until its stream ends, which needs the others drained meanwhile.
            drains = Executors.newFixedThreadPool(3);
            CompletableFuture<Void> d = CompletableFuture.runAsync(() -> drain(deadLetters, deadLetter -> {
                deadLetterCount.incrementAndGet();
                try {
                    sink.deadLetter(deadLetter);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }), drains);
            CompletableFuture<Void> t = CompletableFuture.runAsync(() -> drain(trainings, trainingReports::add), drains);
            CompletableFuture<Void> m = CompletableFuture.runAsync(() -> drain(models,
                    update -> newest.accumulateAndGet(update, (a, b) -> a == null || b.version() > a.version() ? b : a)),
                    drains);
            long bars = 0;
            long ticksInBars = 0;
            try {
                while (forecasts.hasNext()) {
                    ForecastRecord forecast = forecasts.next();
                    progress.forecast(forecast);
                    sink.forecast(forecast);
                    bars++;
                    ticksInBars += forecast.ticks();
                }
            } catch (IOException | RuntimeException e) {
                closeOnFailure(forecasts, e);
                throw e;
            }
            CompletableFuture.allOf(d, t, m).get();
            job.getJobExecutionResult().get();
            trainingReports.sort(Comparator.comparingLong(TrainingReport::trainedAt));
            long ticks = inputTicks >= 0 ? inputTicks : ticksInBars + deadLetterCount.get();
            return new Result(ticks, bars, deadLetterCount.get(), trainingReports, newest.get(),
                    (System.nanoTime() - started) / 1e9, prepareSeconds);
        } finally {
            if (drains != null) {
                drains.shutdownNow();
            }
            if (replayFile != null) {
                Files.deleteIfExists(replayFile);
            }
        }
    }

    /**
     * Reads a collect iterator to its end. It is closed only on failure: closing a drained one
     * asks Flink to cancel the job that has just finished, which logs a spurious error.
     */
    private static <T> void drain(CloseableIterator<T> iterator, Consumer<T> each) {
        try {
            while (iterator.hasNext()) {
                each.accept(iterator.next());
            }
        } catch (RuntimeException e) {
            closeOnFailure(iterator, e);
            throw new IllegalStateException("collecting the backtest's results failed", e);
        }
    }

    /** Cancels the job behind {@code iterator}, which failed with {@code failure}. */
    private static void closeOnFailure(CloseableIterator<?> iterator, Exception failure) {
        try {
            iterator.close();
        } catch (Exception closing) {
            failure.addSuppressed(closing);
        }
    }
}
