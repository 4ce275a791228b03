package io.streamcast.model;

import io.streamcast.model.data.Series;
import io.streamcast.model.data.SeriesCsv;
import io.streamcast.model.forecast.HoldoutEvaluation;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.TrainingResult;
import io.streamcast.model.metrics.Comparison;
import io.streamcast.model.metrics.SeasonDetector;
import io.streamcast.model.scaling.ScalingSpec;
import io.streamcast.model.training.OfflineTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the LSTM on the first 70% of every key of a daily CSV and scores it, stepped bar by bar,
 * on the rest against the naive and seasonal-naive forecasts, the season read from the training
 * part by {@link SeasonDetector} (as a backtest reads it from the windows before its first model).
 *
 * <p>Usage: {@code ModelDemo FILE.csv [epochs] [maxKeys]}.
 */
public final class ModelDemo {

    private static final long DAY_MS = 86_400_000L;
    private static final double TRAIN_FRACTION = 0.7;

    private ModelDemo() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ModelDemo FILE.csv [epochs] [maxKeys]");
            System.exit(2);
        }
        List<Series> series;
        try (var reader = Files.newBufferedReader(Path.of(args[0]))) {
            series = SeriesCsv.read(reader, DAY_MS);
        }
        LstmConfig config = LstmConfig.defaults();
        if (args.length > 1) {
            config = config.withEpochs(Integer.parseInt(args[1]));
        }
        if (args.length > 2) {
            series = series.subList(0, Math.min(series.size(), Integer.parseInt(args[2])));
        }
        List<Series> training = new ArrayList<>();
        for (Series s : series) {
            training.add(s.slice(0, HoldoutEvaluation.splitIndex(s, TRAIN_FRACTION)));
        }
        int season = SeasonDetector.detect(training.stream().map(Series::values).toList(), Duration.ofMillis(DAY_MS))
                .map(SeasonDetector.Season::windows).orElse(1);
        System.out.printf(Locale.ROOT, "season: %d windows, read from the training part (1: none found)%n", season);
        TrainingResult trained = OfflineTraining.train(config, ScalingSpec.defaults(), training);
        System.out.printf(Locale.ROOT, "trained %s on %d keys: %d steps in %.1f s (%.0f steps/s), train loss %.4f%n",
                config, series.size(), trained.sequenceSteps(), trained.seconds(),
                trained.stepsPerSecond(), trained.trainLoss());
        Map<String, Comparison> byKey = HoldoutEvaluation.evaluate(trained.weights(), series, TRAIN_FRACTION, season);
        System.out.printf(Locale.ROOT, "%-32s %8s %8s %8s %8s%n", "key", "n", "model", "naive", "snaive");
        byKey.forEach((key, c) -> print(key, c));
        print("overall", HoldoutEvaluation.overall(byKey));
    }

    private static void print(String key, Comparison c) {
        System.out.printf(Locale.ROOT, "%-32s %8d %8.3f %8.3f %8.3f%s%n", key, c.model().count(),
                c.model().mase(), c.naive().mase(), c.seasonalNaive().mase(), c.modelBeatsBoth() ? "" : "  *");
    }
}
