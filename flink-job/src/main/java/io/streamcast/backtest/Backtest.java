package io.streamcast.backtest;

import io.streamcast.job.ForecastJob;
import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaConnectors;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.ModelUpdate;
import io.streamcast.ingest.Ingested;
import io.streamcast.ingest.TickIngestFunction;
import io.streamcast.records.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the production graph ({@link ForecastJob#wire}) over recorded ticks, bounded, in event
 * time, with synchronous retraining: what it measures is what a live run would have done, and
 * the same input and options give the same forecasts.
 */
public final class Backtest {

    /**
     * Everything a run produced, in a stable order (forecasts by key and window), and where the
     * time went: {@code prepareSeconds} reading and sorting the input files, {@code seconds} all.
     */
    public record Result(List<ForecastRecord> forecasts, List<DeadLetter> deadLetters,
            List<TrainingReport> trainings, ModelUpdate finalModel, long ticks, double seconds,
            double prepareSeconds) {

        public double ticksPerSecond() {
            return ticks / seconds;
        }

        public long bars() {
            return forecasts.size();
        }
    }

    /** Told the replayed event-time span, then of each forecast as it arrives, for a progress display. */
    public interface Progress {
        /** First and last event time of the input (for a Kafka range, its bounds). */
        void started(long firstEventTime, long lastEventTime);

        void forecast(ForecastRecord forecast);
    }

    private Backtest() {}

    public static Result run(JobConfig liveConfig, BacktestInput input, int parallelism, Progress progress)
            throws Exception {
        JobConfig config = liveConfig.forReplay();
        long started = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        Path replayFile = null;
        long inputTicks = -1;
        double prepareSeconds = 0;
        DataStream<Ingested> ingested;
        if (input instanceof BacktestInput.CsvFiles csv) {
            replayFile = Files.createTempFile("streamcast-replay-", ".jsonl");
            CsvTicks.Replay replay = CsvTicks.writeSorted(csv.files(), replayFile);
            inputTicks = replay.ticks();
            prepareSeconds = (System.nanoTime() - started) / 1e9;
            progress.started(replay.firstTimestamp(), replay.lastTimestamp());
            FileSource<String> lines = FileSource
                    .forRecordStreamFormat(new TextLineInputFormat(), new org.apache.flink.core.fs.Path(replayFile.toUri()))
                    .build();
            // One file read by one subtask: its event time is that of one partition.
            ingested = env.fromSource(lines, WatermarkStrategy.noWatermarks(), "replay").setParallelism(1)
                    .map(new LineRecords(csv.files().toString())).setParallelism(1).name("replay lines")
                    .map(new TickIngestFunction(config.timestamps())).setParallelism(1).name("ingest")
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
            CloseableIterator<ForecastRecord> forecasts = outputs.forecasts().collectAsync();
            CloseableIterator<DeadLetter> deadLetters = outputs.deadLetters().collectAsync();
            CloseableIterator<TrainingReport> trainings = outputs.trainingReports().collectAsync();
            CloseableIterator<ModelUpdate> models = outputs.models().collectAsync();
            JobClient job = env.executeAsync(ForecastJob.JOB_NAME + " backtest");
            // The collect sinks hand results over while the job runs, so all three are drained at once.
            CompletableFuture<List<ForecastRecord>> f = CompletableFuture.supplyAsync(() -> drain(forecasts, progress::forecast));
            CompletableFuture<List<DeadLetter>> d = CompletableFuture.supplyAsync(() -> drain(deadLetters, x -> { }));
            CompletableFuture<List<ModelUpdate>> m = CompletableFuture.supplyAsync(() -> drain(models, x -> { }));
            List<TrainingReport> t = drain(trainings, x -> { });
            job.getJobExecutionResult().get();
            List<ForecastRecord> allForecasts = new ArrayList<>(f.get());
            allForecasts.sort(Comparator.comparing(ForecastRecord::key).thenComparingLong(ForecastRecord::windowEnd));
            List<DeadLetter> allDeadLetters = new ArrayList<>(d.get());
            allDeadLetters.sort(Comparator.comparingLong(DeadLetter::offset).thenComparing(DeadLetter::error));
            List<TrainingReport> allTrainings = new ArrayList<>(t);
            allTrainings.sort(Comparator.comparingLong(TrainingReport::trainedAt));
            long ticks = inputTicks >= 0 ? inputTicks
                    : allForecasts.stream().mapToLong(ForecastRecord::ticks).sum() + allDeadLetters.size();
            ModelUpdate finalModel = m.get().stream().max(Comparator.comparingLong(ModelUpdate::version)).orElse(null);
            return new Result(allForecasts, allDeadLetters, allTrainings, finalModel, ticks,
                    (System.nanoTime() - started) / 1e9, prepareSeconds);
        } finally {
            if (replayFile != null) {
                Files.deleteIfExists(replayFile);
            }
        }
    }

    /**
     * Reads a collect iterator to its end. It is closed only on failure: closing a drained one
     * asks Flink to cancel the job that has just finished, which logs a spurious error.
     */
    private static <T> List<T> drain(CloseableIterator<T> iterator, Consumer<T> each) {
        List<T> out = new ArrayList<>();
        try {
            while (iterator.hasNext()) {
                T next = iterator.next();
                each.accept(next);
                out.add(next);
            }
        } catch (RuntimeException e) {
            try {
                iterator.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new IllegalStateException("collecting the backtest's results failed", e);
        }
        return out;
    }
}
