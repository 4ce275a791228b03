package io.streamcast.backtest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.job.JobConfig;
import io.streamcast.model.metrics.Comparison;
import io.streamcast.model.metrics.ErrorStats;
import io.streamcast.model.metrics.SeasonalPeriod;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.Json;
import io.streamcast.records.TrainingReport;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A backtest's outputs in one directory: forecasts.csv written row by row as the forecasts come,
 * scored on the way ({@link BacktestScores}), and dead-letters.csv as the refused rows come; at the
 * end report.json, report.html and the final model.
 */
public final class BacktestReport implements Closeable, Backtest.Sink {

    private final Path dir;
    private final JobConfig config;
    private final SeasonChoice season;
    private final BacktestScores scores;
    private final ForecastsCsv forecasts;
    private final DeadLettersCsv deadLetters;
    private final AtomicReference<DeadLetter> firstDeadLetter = new AtomicReference<>();

    private BacktestReport(Path dir, JobConfig config, SeasonChoice season, Optional<Instant> scoreFrom,
            ForecastsCsv forecasts, DeadLettersCsv deadLetters) {
        this.dir = dir;
        this.config = config;
        this.season = season;
        // The MASE scale's in-sample bars at least: a calendar cycle, not the season, which may be
        // 1 (the naive) and would leave a key that appears after a model exists one difference.
        this.scores = new BacktestScores(season.windows(), SeasonalPeriod.windowsFor(config.window()),
                config.windowMillis(), config.intervals().horizon(), config.intervals().level(), scoreFrom);
        this.forecasts = forecasts;
        this.deadLetters = deadLetters;
    }

    /**
     * Creates {@code dir} and starts forecasts.csv and dead-letters.csv.
     *
     * @param scoreFrom no window ending before it is scored ({@link BacktestScores})
     */
    public static BacktestReport open(Path dir, JobConfig config, SeasonChoice season, Optional<Instant> scoreFrom)
            throws IOException {
        Files.createDirectories(dir);
        return new BacktestReport(dir, config, season, scoreFrom,
                ForecastsCsv.create(dir.resolve("forecasts.csv"), config.intervals().horizon() > 1),
                DeadLettersCsv.create(dir.resolve("dead-letters.csv")));
    }

    /** The next forecast; a key's come in window order. */
    @Override
    public void forecast(ForecastRecord forecast) throws IOException {
        for (BacktestScores.Row row : scores.add(forecast)) {
            forecasts.write(row);
        }
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) throws IOException {
        firstDeadLetter.compareAndSet(null, deadLetter);
        deadLetters.write(deadLetter);
    }

    /** The first dead letter that came, if any came: an example for a message about them all. */
    public Optional<DeadLetter> firstDeadLetter() {
        return Optional.ofNullable(firstDeadLetter.get());
    }

    /**
     * Completes forecasts.csv and dead-letters.csv, then writes report.json, report.html and
     * model.bin; the scores are final. A run that trained no model removes an earlier run's
     * model.bin, which would otherwise pass for this run's.
     */
    public BacktestScores finish(String input, Backtest.Result result) throws IOException {
        forecasts.close();
        deadLetters.close();
        scores.finish();
        ObjectNode json = json(config, input, season, result, scores);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("report.json").toFile(), json);
        HtmlReport.write(dir.resolve("report.html"), json, season, result, dir.resolve("forecasts.csv"));
        Path model = dir.resolve("model.bin");
        if (result.finalModel() != null) {
            Files.write(model, result.finalModel().weights());
        } else {
            Files.deleteIfExists(model);
        }
        return scores;
    }

    @Override
    public void close() throws IOException {
        try (deadLetters) {
            forecasts.close();
        }
    }

    static ObjectNode json(JobConfig config, String input, SeasonChoice season, Backtest.Result result,
            BacktestScores scores) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode c = root.putObject("config");
        c.put("input", input);
        c.put("window", config.window().toString());
        c.put("aggregation", config.aggregation().name().toLowerCase());
        c.put("lateness", config.lateness().toString());
        c.put("season", season.windows());
        c.put("seasonFrom", season.source().name().toLowerCase());
        c.put("seasonReason", season.reason());
        scores.scoreFrom().ifPresent(t -> c.put("scoreFrom", t.toString()));
        c.put("layers", config.lstm().layers());
        c.put("hidden", config.lstm().hiddenSize());
        c.put("features", config.lstm().features().name().toLowerCase());
        c.put("epochs", config.lstm().epochs());
        c.put("learningRate", config.lstm().learningRate());
        c.put("seed", config.lstm().seed());
        c.put("retrainEvery", config.retrainEvery().toString());
        c.put("minibatch", config.lstm().minibatchSize());
        c.put("trainingWindows", config.training().windows());
        c.put("minTrainingWindows", config.training().minWindows());
        c.put("trainingSample", config.training().sample());
        c.put("trainingHistoryWindows", config.training().historyWindows());
        c.put("warmupBars", config.warmupBars());
        c.put("seedModel", config.seedModel() != null);
        c.put("interval", config.intervals().level());
        c.put("anomalyLevel", config.intervals().anomalyLevel());
        c.put("anomalyPolicy", config.intervals().anomalyPolicy().name());
        c.put("anomalyHold", config.intervals().anomalyPolicy().maxHeldBars());
        c.put("horizon", config.intervals().horizon());
        c.put("naiveFallback", config.naiveFallback().name());

        root.set("overall", scores(scores.overall()));
        ObjectNode keys = root.putObject("keys");
        scores.byKey().forEach((key, comparison) -> keys.set(key, scores(comparison)));
        ArrayNode steps = root.putArray("steps");
        List<Comparison> byStep = scores.byStep();
        for (int h = 0; h < byStep.size(); h++) {
            steps.add(scores(byStep.get(h)).put("step", h + 1));
        }
        root.put("anomalies", scores.anomalies());
        root.put("lastValueServed", scores.lastValueServed());

        ArrayNode models = root.putArray("models");
        for (TrainingReport t : result.trainings()) {
            models.addObject()
                    .put("version", t.version())
                    .put("trainedAt", Instant.ofEpochMilli(t.trainedAt()).toString())
                    .put("trainingWindows", t.trainingWindows())
                    .put("holdoutWindows", t.holdoutWindows())
                    .put("epochs", t.epochs())
                    .put("trainLoss", t.trainLoss())
                    .put("validationLoss", t.validationLoss())
                    .put("championValidationLoss", t.championValidationLoss())
                    .put("naiveValidationLoss", t.naiveValidationLoss())
                    .put("accepted", t.accepted())
                    .put("seconds", t.seconds());
        }
        root.putObject("run")
                .put("ticks", result.ticks())
                .put("bars", result.bars())
                .put("deadLetters", result.deadLetters())
                .put("seconds", result.seconds())
                .put("prepareSeconds", result.prepareSeconds())
                .put("ticksPerSecond", result.ticksPerSecond())
                .put("trainingSeconds", result.trainings().stream().mapToDouble(TrainingReport::seconds).sum());
        return root;
    }

    private static ObjectNode scores(Comparison c) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("n", c.model().count());
        node.set("model", stats(c.model()));
        node.set("naive", stats(c.naive()));
        node.set("seasonalNaive", stats(c.seasonalNaive()));
        putMetric(node, "skill", c.skill());
        ObjectNode interval = node.putObject("interval").put("n", c.modelInterval().count());
        putMetric(interval, "coverage", c.modelInterval().coverage());
        putMetric(interval, "msis", c.modelInterval().msis());
        putMetric(interval, "naiveCoverage", c.naiveInterval().coverage());
        putMetric(interval, "naiveMsis", c.naiveInterval().msis());
        return node;
    }

    private static ObjectNode stats(ErrorStats s) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        putMetric(node, "mae", s.mae());
        putMetric(node, "rmse", s.rmse());
        putMetric(node, "smape", s.smape());
        putMetric(node, "mase", s.mase());
        return node;
    }

    /**
     * A score that nothing defines (no window scored, a zero in-sample scale) is null: JSON has no
     * NaN, and Jackson's default, the string "NaN", is not a number to whoever reads the report.
     */
    private static void putMetric(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
