package io.streamcast.job;

import io.streamcast.bars.Aggregation;
import io.streamcast.ingest.TimestampRules;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.scaling.ScalingSpec;
import java.io.Serializable;
import java.time.Duration;

/**
 * Everything the forecasting job needs to know, as the CLI (or a test) assembles it.
 *
 * @param window tumbling event-time window; one bar and one forecast per key and window
 * @param lateness bounded out-of-orderness of the watermark: a tick may arrive this much later
 *     than the newest tick seen and still count; older ones are late and go to the dead letters
 * @param idleTimeout a Kafka partition silent this long stops holding back the watermark
 * @param retrainEvery event time between retrainings
 * @param live a live stream: train off the task thread (forecasts never wait) and advance the
 *     watermark periodically. Otherwise a replay: train synchronously at event-time points and
 *     advance the watermark with every tick, so that the run depends on its input alone
 * @param history bounds of the Retrainer's per-key history
 * @param warmupBars recent bars kept per key, replayed into the LSTM state when a key first
 *     meets a new model
 * @param checkpointInterval zero turns checkpointing (and with it exactly-once output) off
 * @param seedModel serialized weights to start from (version 1), or null for a naive cold start
 * @param timestamps which tick timestamps are believed (the rest are dead-lettered)
 * @param watermarkAlignment live: how far (event time) one partition's reading may run ahead of
 *     the slowest's; zero for no alignment
 * @param stateTtl event time after which a key with no bar is forgotten: its forecasting state
 *     is cleared and its training history dropped (freeing its place among {@code maxKeys})
 * @param intervals interval level, anomaly level and horizon of every key's forecasts
 */
public record JobConfig(
        KafkaSettings kafka,
        Duration window,
        Aggregation aggregation,
        Duration lateness,
        Duration idleTimeout,
        LstmConfig lstm,
        ScalingSpec scaling,
        Duration retrainEvery,
        boolean live,
        HistoryLimits history,
        int warmupBars,
        Duration checkpointInterval,
        byte[] seedModel,
        TimestampRules timestamps,
        Duration watermarkAlignment,
        Duration stateTtl,
        IntervalSpec intervals) implements Serializable {

    private static final Duration MIN_DEFAULT_TTL = Duration.ofDays(7);

    /**
     * @param maxKeys keys whose bars are kept for training; bars of further keys are forecast
     *     but not trained on (counted in the metric {@code keysNotTrainedOn})
     * @param maxBarsPerKey the newest bars kept per key (older ones drop off)
     * @param minBarsToTrain no training until some key has this many bars
     * @param holdoutBars each key's newest bars held out to compare challenger and champion
     */
    public record HistoryLimits(int maxKeys, int maxBarsPerKey, int minBarsToTrain, int holdoutBars)
            implements Serializable {

        public HistoryLimits {
            if (maxKeys < 1 || maxBarsPerKey < 2 || minBarsToTrain < 2 || holdoutBars < 1
                    || holdoutBars >= minBarsToTrain || minBarsToTrain > maxBarsPerKey) {
                throw new IllegalArgumentException("history limits need maxKeys >= 1 and "
                        + "1 <= holdoutBars < minBarsToTrain <= maxBarsPerKey, were " + this);
            }
        }

        public static HistoryLimits defaults() {
            return new HistoryLimits(10_000, 2_000, 200, 50);
        }
    }

    /**
     * This configuration for a replay: training synchronous at event-time points (deterministic)
     * and no checkpoints (a bounded run that fails is simply run again).
     */
    public JobConfig forReplay() {
        return toBuilder().live(false).checkpointInterval(Duration.ZERO).timestamps(timestamps.forReplay())
                .watermarkAlignment(Duration.ZERO).build();
    }

    /** This configuration reading and writing elsewhere (the demo's embedded broker). */
    public JobConfig withKafka(KafkaSettings other) {
        return toBuilder().kafka(other).build();
    }

    /** A live job on {@code kafka}, with the command line's defaults until told otherwise. */
    public static Builder builder(KafkaSettings kafka) {
        return new Builder(kafka);
    }

    public Builder toBuilder() {
        return new Builder(kafka).window(window).aggregation(aggregation).lateness(lateness).idleTimeout(idleTimeout)
                .lstm(lstm).scaling(scaling).retrainEvery(retrainEvery).live(live).history(history)
                .warmupBars(warmupBars).checkpointInterval(checkpointInterval).seedModel(seedModel)
                .timestamps(timestamps).watermarkAlignment(watermarkAlignment).stateTtl(stateTtl)
                .intervals(intervals);
    }

    /**
     * Named settings instead of sixteen positional ones. What is not set has the command line's
     * default; the timestamp rules and the state TTL default from the window (and liveness).
     */
    public static final class Builder {
        private KafkaSettings kafka;
        private Duration window = Duration.ofMinutes(1);
        private Aggregation aggregation = Aggregation.MEAN;
        private Duration lateness = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private LstmConfig lstm = LstmConfig.defaults();
        private ScalingSpec scaling = ScalingSpec.defaults();
        private Duration retrainEvery = Duration.ofHours(1);
        private boolean live = true;
        private HistoryLimits history = HistoryLimits.defaults();
        private int warmupBars = 64;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private byte[] seedModel;
        private TimestampRules timestamps;
        private Duration watermarkAlignment = Duration.ZERO;
        private Duration stateTtl;
        private IntervalSpec intervals = IntervalSpec.defaults();

        private Builder(KafkaSettings kafka) {
            this.kafka = kafka;
        }

        public Builder kafka(KafkaSettings value) {
            kafka = value;
            return this;
        }

        public Builder window(Duration value) {
            window = value;
            return this;
        }

        public Builder aggregation(Aggregation value) {
            aggregation = value;
            return this;
        }

        public Builder lateness(Duration value) {
            lateness = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder lstm(LstmConfig value) {
            lstm = value;
            return this;
        }

        public Builder scaling(ScalingSpec value) {
            scaling = value;
            return this;
        }

        public Builder retrainEvery(Duration value) {
            retrainEvery = value;
            return this;
        }

        public Builder live(boolean value) {
            live = value;
            return this;
        }

        public Builder history(HistoryLimits value) {
            history = value;
            return this;
        }

        public Builder warmupBars(int value) {
            warmupBars = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        /** Serialized weights to start from, or null for a naive cold start. */
        public Builder seedModel(byte[] value) {
            seedModel = value;
            return this;
        }

        public Builder timestamps(TimestampRules value) {
            timestamps = value;
            return this;
        }

        public Builder watermarkAlignment(Duration value) {
            watermarkAlignment = value;
            return this;
        }

        public Builder stateTtl(Duration value) {
            stateTtl = value;
            return this;
        }

        public Builder intervals(IntervalSpec value) {
            intervals = value;
            return this;
        }

        public JobConfig build() {
            return new JobConfig(kafka, window, aggregation, lateness, idleTimeout, lstm, scaling, retrainEvery, live,
                    history, warmupBars, checkpointInterval, seedModel,
                    timestamps != null ? timestamps : TimestampRules.defaults(window, live), watermarkAlignment,
                    stateTtl != null ? stateTtl : defaultStateTtl(window, warmupBars), intervals);
        }
    }

    /**
     * Past {@code warmupBars} windows without a bar a key restarts afresh anyway, so forgetting it
     * then changes no forecast; a week at least, so that weekly sensors keep their state.
     */
    public static Duration defaultStateTtl(Duration window, int warmupBars) {
        Duration warmup = window.multipliedBy(warmupBars);
        return warmup.compareTo(MIN_DEFAULT_TTL) > 0 ? warmup : MIN_DEFAULT_TTL;
    }

    public long windowMillis() {
        return window.toMillis();
    }
}
