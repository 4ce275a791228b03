package io.streamcast.cli;

import io.streamcast.bars.Aggregation;
import io.streamcast.cli.EnumConverter.AggregationConverter;
import io.streamcast.cli.EnumConverter.FeaturesConverter;
import io.streamcast.ingest.TimestampRules;
import io.streamcast.job.JobConfig;
import io.streamcast.job.JobConfig.TrainingSettings;
import io.streamcast.job.KafkaSettings;
import io.streamcast.model.forecast.NaiveFallback;
import io.streamcast.model.interval.AnomalyPolicy;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.InputFeatures;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmTrainer;
import io.streamcast.model.lstm.LstmWeights;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command that runs the job shares: windowing, the LSTM, training and
 * checkpointing. A command with other defaults (the demo) gives them by a default value provider
 * keyed by the long option name, which the help text then shows.
 */
public final class JobOptions {


    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--window", defaultValue = "1m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Tumbling event-time window: one bar and one forecast per key and window (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--aggregation", defaultValue = "mean", converter = AggregationConverter.class, paramLabel = "HOW",
            description = "How a window's ticks become its bar: mean, last, min, max or sum (default: ${DEFAULT-VALUE}).")
    Aggregation aggregation;

    @Option(names = "--lateness", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How late (out of order) a tick may arrive and still count (default: ${DEFAULT-VALUE}).")
    Duration lateness;

    @Option(names = "--idle-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A partition silent this long stops holding back event time (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--min-timestamp", defaultValue = "1900-01-01T00:00:00Z", paramLabel = "INSTANT",
            description = "Ticks stamped earlier are dead-lettered as implausible (default: ${DEFAULT-VALUE}).")
    Instant minTimestamp;

    @Option(names = "--max-clock-ahead", defaultValue = "1h", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Ticks stamped further ahead of this machine's clock are dead-lettered as implausible (default: ${DEFAULT-VALUE}).")
    Duration maxClockAhead;

    @Option(names = "--max-timestamp-jump", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A tick this far ahead of (or behind) its partition's event time is dead-lettered, unless "
                    + TimestampRules.DEFAULT_CONFIRMATIONS + " ticks in a row agree on the jump (default: 1d, or 20 windows if longer).")
    Duration maxTimestampJump;

    @Option(names = "--watermark-alignment", defaultValue = "0", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How far in event time one partition may be read ahead of the slowest when catching up; 0 for no alignment (default: ${DEFAULT-VALUE}).")
    Duration watermarkAlignment;

    @Option(names = "--layers", defaultValue = "2", paramLabel = "N",
            description = "Stacked LSTM layers, 1 to " + LstmConfig.MAX_LAYERS + " (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--hidden", defaultValue = "32", paramLabel = "N",
            description = "Units per LSTM layer, 1 to " + LstmConfig.MAX_HIDDEN + " (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--epochs", defaultValue = "" + LstmConfig.DEFAULT_EPOCHS, paramLabel = "N",
            description = "Training passes per retraining at most; it stops earlier after " + LstmTrainer.PATIENCE
                    + " passes without improvement on the held-out windows (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.005", paramLabel = "RATE",
            description = "Adam's learning rate, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--features", defaultValue = "value-and-calendar-with-year", converter = FeaturesConverter.class, paramLabel = "WHAT",
            description = "LSTM inputs: value, value-and-calendar (adds time of day and day of week) or "
                    + "value-and-calendar-with-year (adds the time of year too) (default: ${DEFAULT-VALUE}).")
    InputFeatures features;

    @Option(names = "--retrain-every", defaultValue = JobConfig.DEFAULT_RETRAIN_WINDOWS + " windows",
            converter = EventTimeSpan.Converter.class, paramLabel = "SPAN",
            description = "Event time between retraining points, in windows or as a duration; a point trains once the "
                    + "pool's held-out newest fifth all ended after the last training (default: ${DEFAULT-VALUE}).")
    EventTimeSpan retrainEvery;

    @Option(names = "--training-windows", defaultValue = "" + TrainingSettings.DEFAULT_WINDOWS, paramLabel = "N",
            description = "Training windows the trainer keeps, a seeded sample over keys and time; bounds the input "
                    + "and the time of a retraining whatever the number of keys (default: ${DEFAULT-VALUE}).")
    int trainingWindows;

    @Option(names = "--min-training-windows", defaultValue = "" + TrainingSettings.DEFAULT_MIN_WINDOWS, paramLabel = "N",
            description = "No retraining until the trainer holds this many windows (default: ${DEFAULT-VALUE}).")
    int minTrainingWindows;

    @Option(names = "--training-sample", defaultValue = "" + TrainingSettings.DEFAULT_SAMPLE, paramLabel = "FRACTION",
            description = "Share of every key's windows offered to the trainer, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double trainingSample;

    @Option(names = "--training-history", defaultValue = TrainingSettings.DEFAULT_HISTORY_WINDOWS + " windows",
            converter = EventTimeSpan.Converter.class, paramLabel = "SPAN",
            description = "Training windows that ended longer ago than this at a retraining are dropped, in windows "
                    + "or as a duration (default: ${DEFAULT-VALUE}).")
    EventTimeSpan trainingHistory;

    @Option(names = "--tbptt", defaultValue = "50", paramLabel = "N",
            description = "Steps per truncated-BPTT segment; a training window is two of them (default: ${DEFAULT-VALUE}).")
    int tbptt;

    @Option(names = "--minibatch", defaultValue = "" + LstmConfig.DEFAULT_MINIBATCH, paramLabel = "N",
            description = "Training windows per DL4J minibatch (default: ${DEFAULT-VALUE}).")
    int minibatch;

    @Option(names = "--warmup-bars", defaultValue = "64", paramLabel = "N",
            description = "Recent bars per key replayed into the LSTM state under a new model (default: ${DEFAULT-VALUE}).")
    int warmupBars;

    @Option(names = "--state-ttl", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Event time after which a key with no bar is forgotten: its forecasting state cleared, "
                    + "its training history dropped (default: the longer of 7d and --warmup-bars windows).")
    Duration stateTtl;

    @Option(names = "--checkpoint-interval", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Checkpoint interval; 0 turns checkpoints and exactly-once output off (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--interval", defaultValue = "0.9", paramLabel = "LEVEL",
            description = "Coverage of each forecast's prediction interval (lower, upper); 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--anomaly-level", defaultValue = "0.99", paramLabel = "LEVEL",
            description = "Coverage of the wider interval whose misses flag a window as an anomaly; 0 flags none "
                    + "(default: ${DEFAULT-VALUE}).")
    double anomalyLevel;

    @Option(names = "--anomaly-policy", defaultValue = "hold", paramLabel = "POLICY",
            description = "What a flagged window does to its key: hold (its LSTM and scaler are fed the forecast "
                    + "instead, its error is not recorded, for a bounded number of flagged windows in a row) or "
                    + "learn (taken like any window) (default: ${DEFAULT-VALUE}).")
    String anomalyPolicy;

    @Option(names = "--anomaly-hold", defaultValue = "" + AnomalyPolicy.DEFAULT_MAX_HELD_BARS, paramLabel = "N",
            description = "The bound of the hold policy: flagged windows in a row held at most; a longer run is "
                    + "learnt as a new level (default: ${DEFAULT-VALUE}).")
    int anomalyHold;

    @Option(names = "--horizon", defaultValue = "1", paramLabel = "N",
            description = "Windows forecast ahead at every bar, 1 to " + IntervalSpec.MAX_HORIZON
                    + " (default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--no-naive-fallback",
            description = "Always serve the model's forecast, to judge a model by itself. By default a key is served "
                    + "the last value while its model has been forecasting it worse than the last value would have, "
                    + "over its recent windows (default: off).")
    boolean noNaiveFallback;

    @Option(names = "--model", paramLabel = "PATH",
            description = "Weights saved by an earlier run to start from, instead of naive forecasts (default: none).")
    Path model;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of weight initialisation and training order (default: ${DEFAULT-VALUE}).")
    long seed;

    /**
     * The job's configuration with these options and {@code kafka}.
     *
     * @throws ParameterException naming the option, for any invalid value or unreadable model
     */
    public JobConfig toJobConfig(KafkaSettings kafka, boolean live) {
        requirePositive("--window", window);
        requirePositive("--idle-timeout", idleTimeout);
        if (warmupBars < 1) {
            throw OptionFiles.invalid(spec, "--warmup-bars", "must be 1 or more, was " + warmupBars);
        }
        LstmConfig lstm = lstmConfig();
        return JobConfig.builder(kafka).window(window).aggregation(aggregation).lateness(lateness)
                .idleTimeout(idleTimeout).lstm(lstm).retrainEvery(retrainEvery.in(window)).live(live).training(trainingSettings())
                .warmupBars(warmupBars).checkpointInterval(checkpointInterval).seedModel(seedModel(lstm))
                .timestamps(timestampRules(live)).watermarkAlignment(watermarkAlignment).stateTtl(stateTtl())
                .intervals(intervalSpec())
                .naiveFallback(noNaiveFallback ? NaiveFallback.NEVER : NaiveFallback.WHEN_BEHIND).build();
    }

    private IntervalSpec intervalSpec() {
        if (interval < 0 || interval >= 1) {
            throw OptionFiles.invalid(spec, "--interval", "must be 0 (none) or between 0 and 1, was " + interval);
        }
        if (anomalyLevel < 0 || anomalyLevel >= 1) {
            throw OptionFiles.invalid(spec, "--anomaly-level", "must be 0 (none) or between 0 and 1, was " + anomalyLevel);
        }
        if (horizon < 1 || horizon > IntervalSpec.MAX_HORIZON) {
            throw OptionFiles.invalid(spec, "--horizon", "must be 1 to " + IntervalSpec.MAX_HORIZON + ", was " + horizon);
        }
        return new IntervalSpec(interval, anomalyLevel, horizon, anomalyPolicy());
    }

    private AnomalyPolicy anomalyPolicy() {
        if (anomalyHold < 1) {
            throw OptionFiles.invalid(spec, "--anomaly-hold", "must be 1 or more, was " + anomalyHold);
        }
        return switch (anomalyPolicy) {
            case "hold" -> AnomalyPolicy.hold(anomalyHold);
            case "learn" -> AnomalyPolicy.learn();
            default -> throw OptionFiles.invalid(spec, "--anomaly-policy", "must be hold or learn, was " + anomalyPolicy);
        };
    }

    private TimestampRules timestampRules(boolean live) {
        Duration jump = maxTimestampJump != null ? maxTimestampJump : TimestampRules.defaultMaxJump(window);
        requirePositive("--max-timestamp-jump", jump);
        return new TimestampRules(minTimestamp, maxClockAhead, jump, TimestampRules.DEFAULT_CONFIRMATIONS, live);
    }

    private LstmConfig lstmConfig() {
        LstmConfig lstm = LstmConfig.defaults().withFeatures(features).withSeed(seed);
        lstm = checked("--layers", "layers", lstm::withLayers, layers);
        lstm = checked("--hidden", "hiddenSize", lstm::withHiddenSize, hidden);
        lstm = checked("--epochs", "epochs", lstm::withEpochs, epochs);
        lstm = checked("--minibatch", "minibatchSize", lstm::withMinibatchSize, minibatch);
        lstm = checked("--tbptt", "tbpttLength", lstm::withTbpttLength, tbptt);
        return checked("--learning-rate", "learningRate", lstm::withLearningRate, learningRate);
    }

    /** Applies one setting, reporting a refusal against its option without the record's field name. */
    private <T> LstmConfig checked(String option, String field, Function<T, LstmConfig> with, T value) {
        try {
            return with.apply(value);
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage().startsWith(field + " ") ? e.getMessage().substring(field.length() + 1) : e.getMessage();
            throw OptionFiles.invalid(spec, option, problem);
        }
    }

    private TrainingSettings trainingSettings() {
        long history = trainingHistory.in(window).toMillis();
        int historyWindows = (int) Math.min(Integer.MAX_VALUE, -Math.floorDiv(-history, window.toMillis()));
        try {
            return new TrainingSettings(trainingWindows, minTrainingWindows, trainingSample, historyWindows);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid training settings: need 2 <= --min-training-windows"
                    + " <= --training-windows and --training-sample in (0, 1], were " + minTrainingWindows + ", "
                    + trainingWindows + " and " + trainingSample);
        }
    }

    /**
     * The saved weights, refused unless they fit the network the options describe: retraining
     * warm-starts from them, and weights of another shape would fail every retraining.
     */
    private byte[] seedModel(LstmConfig lstm) {
        if (model == null) {
            return null;
        }
        LstmWeights weights = OptionFiles.read(spec, "--model", model, LstmWeights::readFrom);
        if (!weights.config().sameShapeAs(lstm)) {
            throw OptionFiles.invalid(spec, "--model", "'" + model + "' has " + weights.config().shape()
                    + ", but the options give " + lstm.shape() + "; set --layers, --hidden and --features to the model's");
        }
        return weights.toBytes();
    }

    /**
     * A key idle for more than --warmup-bars windows restarts afresh anyway (its recent bars no
     * longer reach across the gap), so forgetting it then costs no forecast; at least a week, so
     * that a sensor down over a weekend keeps its training history.
     */
    private Duration stateTtl() {
        if (stateTtl == null) {
            return JobConfig.defaultStateTtl(window, warmupBars);
        }
        if (stateTtl.compareTo(window) <= 0) {
            throw OptionFiles.invalid(spec, "--state-ttl", "must be longer than --window (" + window + "), was " + stateTtl);
        }
        return stateTtl;
    }

    private void requirePositive(String option, Duration value) {
        if (value.isZero()) {
            throw OptionFiles.invalid(spec, option, "must be more than 0");
        }
    }
}
