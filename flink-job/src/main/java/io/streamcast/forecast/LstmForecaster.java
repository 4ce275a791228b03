package io.streamcast.forecast;

import io.streamcast.model.forecast.BarForecaster;
import io.streamcast.model.forecast.IncompatibleStateException;
import io.streamcast.model.forecast.KeyForecaster;
import io.streamcast.model.forecast.KeyTimeline;
import io.streamcast.model.forecast.NaiveFallback;
import io.streamcast.model.interval.AnomalyVerdict;
import io.streamcast.model.interval.HorizonForecast;
import io.streamcast.model.interval.Interval;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.scaling.ScalingSpec;
import io.streamcast.records.Bar;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.ModelUpdate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per key, one LSTM step per window and one {@link ForecastRecord} per bar; the model arrives on
 * the broadcast. A thin adapter of {@link BarForecaster} to Flink state and time:
 *
 * <ul>
 *   <li>A bar is held until the watermark of both inputs has passed it (an event-time timer at
 *       its timestamp), so every model trained up to then has arrived. The model used is the
 *       newest whose {@code effectiveFrom} is at or before the bar's timestamp: the same bar
 *       gets the same model in every run, however the inputs interleave.
 *   <li>Keyed state: the key's {@link KeyTimeline} (LSTM h and c, scaler, recent inputs, last
 *       forecast, model version, window length, interval statistics) and its bars awaiting the watermark; broadcast state: the
 *       newest models. All POJOs, so checkpoints and savepoints can evolve.
 *   <li>Idle keys expire: a key with no bar for {@code stateTtl} of event time loses its state,
 *       and a later bar starts it afresh. One cleanup timer per key at a time, on a window
 *       boundary (bar timers are at {@code windowEnd - 1}); when it fires early (the key had bars
 *       since) it moves to the key's new expiry, so a busy key costs a timer per TTL, not per bar.
 *   <li>State restored under options it does not fit (another {@code --window}, another model
 *       shape) stops the job without restarts: a restart would restore the same state and fail
 *       again, forever.
 * </ul>
 */
public final class LstmForecaster extends KeyedBroadcastProcessFunction<String, Bar, ModelUpdate, ForecastRecord> {

    public static final MapStateDescriptor<Long, ModelUpdate> MODELS =
            new MapStateDescriptor<>("models", Types.LONG, TypeInformation.of(ModelUpdate.class));

    /** Models kept in broadcast state; older ones can only matter to bars far behind the watermark. */
    static final int MODELS_KEPT = 4;
    private static final double ERROR_SMOOTHING = 0.01;

    private final long windowMillis;
    private final int warmupBars;
    private final ScalingSpec scaling;
    private final byte[] seedModel;
    private final long stateTtlMillis;
    private final IntervalSpec intervals;
    private final NaiveFallback naiveFallback;

    private transient BarForecaster forecaster;
    private transient Map<Long, KeyForecaster> models;
    private transient ValueState<KeyTimeline> timeline;
    private transient MapState<Long, Bar> pending;
    private transient ValueState<Long> expiry;
    private transient Counter forecastsOut;
    private transient Counter expiredKeys;
    private transient Counter nonFiniteForecasts;
    private transient Counter lastValueServed;
    private transient Counter anomalies;
    private transient long modelVersion;
    private transient double rollingScaledError;
    /** The same for the naive forecast (the last bar), to compare the model with. */
    private transient double rollingNaiveScaledError;

    /**
     * @param seedModel serialized weights in force as version 1 until a retrained model, or null
     * @param stateTtlMillis event time without a bar after which a key's state is cleared
     */
    public LstmForecaster(long windowMillis, int warmupBars, ScalingSpec scaling, byte[] seedModel,
            long stateTtlMillis, IntervalSpec intervals, NaiveFallback naiveFallback) {
        this.intervals = intervals;
        this.naiveFallback = naiveFallback;
        this.windowMillis = windowMillis;
        this.warmupBars = warmupBars;
        this.scaling = scaling;
        this.seedModel = seedModel;
        this.stateTtlMillis = stateTtlMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        forecaster = new BarForecaster(windowMillis, warmupBars, scaling, intervals, naiveFallback);
        models = new HashMap<>();
        if (seedModel != null) {
            models.put(1L, new KeyForecaster(LstmWeights.fromBytes(seedModel)));
        }
        timeline = getRuntimeContext().getState(
                new ValueStateDescriptor<>("timeline", TypeInformation.of(KeyTimeline.class)));
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-bars", Types.LONG, TypeInformation.of(Bar.class)));
        expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        forecastsOut = metrics.counter("forecastsOut");
        expiredKeys = metrics.counter("expiredKeys");
        nonFiniteForecasts = metrics.counter("nonFiniteForecasts");
        lastValueServed = metrics.counter("lastValueServed");
        anomalies = metrics.counter("anomalies");
        metrics.gauge("modelVersion", () -> modelVersion);
        metrics.gauge("rollingScaledError", () -> rollingScaledError);
        metrics.gauge("rollingNaiveScaledError", () -> rollingNaiveScaledError);
    }

    @Override
    public void processElement(Bar bar, ReadOnlyContext ctx, Collector<ForecastRecord> out) throws Exception {
        long timestamp = bar.windowEnd() - 1;
        pending.put(timestamp, bar);
        ctx.timerService().registerEventTimeTimer(timestamp);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ForecastRecord> out) throws Exception {
        Bar bar = pending.get(timestamp);
        if (bar != null) {
            pending.remove(timestamp);
            forecast(bar, timestamp, ctx, out);
        }
        Long expiresAt = expiry.value();
        if (expiresAt != null && expiresAt == timestamp) {
            expireIfIdle(timestamp, ctx);
        }
    }

    private void forecast(Bar bar, long timestamp, OnTimerContext ctx, Collector<ForecastRecord> out) throws Exception {
        ModelUpdate update = modelFor(ctx.getBroadcastState(MODELS), timestamp);
        long version = update != null ? update.version() : seedModel != null ? 1 : 0;
        KeyForecaster model = version == 0 ? null : models.computeIfAbsent(version,
                v -> new KeyForecaster(LstmWeights.fromBytes(update.weights())));

        KeyTimeline t = timeline.value();
        if (t == null) {
            t = forecaster.newTimeline(model);
        }
        double naiveForecast = t.isNew() ? Double.NaN : t.getLastValue();
        BarForecaster.Step step;
        try {
            step = forecaster.onBar(t, bar.windowStart(), bar.value(), model, version);
        } catch (IncompatibleStateException e) {
            throw new SuppressRestartsException(e);
        }
        timeline.update(t);
        nonFiniteForecasts.inc(step.nonFiniteForecasts());

        Double forecastOfActual = Double.isNaN(step.forecastOfActual()) ? null : step.forecastOfActual();
        Long forecastOfActualVersion = forecastOfActual == null ? null : step.forecastOfActualVersion();
        Optional<Interval> interval = step.interval();
        AnomalyVerdict verdict = step.anomaly().orElse(new AnomalyVerdict(false, 0));
        out.collect(new ForecastRecord(bar.key(), bar.windowStart(), bar.windowEnd(), bar.value(),
                forecastOfActual, forecastOfActualVersion, step.forecast(), step.forecastFor(), step.modelVersion(),
                bar.count(),
                interval.map(Interval::lower).orElse(null), interval.map(Interval::upper).orElse(null),
                verdict.anomaly(), verdict.score(), steps(step.horizon())));
        forecastsOut.inc();
        anomalies.inc(verdict.anomaly() ? 1 : 0);
        modelVersion = Math.max(modelVersion, step.modelVersion());
        lastValueServed.inc(model != null && step.modelVersion() == 0 ? 1 : 0);
        // Windows forecast while a model was in force, the last value included where it was served
        // in the model's place: the cold start's would only compare the last value with itself.
        if (model != null && forecastOfActual != null && !Double.isNaN(naiveForecast)) {
            double std = t.getLstm().getScaler().std();
            rollingScaledError += ERROR_SMOOTHING * (Math.abs(bar.value() - forecastOfActual) / std - rollingScaledError);
            rollingNaiveScaledError += ERROR_SMOOTHING
                    * (Math.abs(bar.value() - naiveForecast) / std - rollingNaiveScaledError);
        }
        if (expiry.value() == null) {
            scheduleExpiry(expiresAt(t.getLastWindowEnd()), ctx);
        }
    }

    private static List<ForecastRecord.Step> steps(List<HorizonForecast> horizon) {
        return horizon.stream().map(h -> new ForecastRecord.Step(h.forecastFor(), h.forecast(),
                h.interval().map(Interval::lower).orElse(null), h.interval().map(Interval::upper).orElse(null)))
                .toList();
    }

    private void expireIfIdle(long timestamp, OnTimerContext ctx) throws Exception {
        KeyTimeline t = timeline.value();
        long due = expiresAt(t.getLastWindowEnd());
        if (due > timestamp) {
            scheduleExpiry(due, ctx);
            return;
        }
        timeline.clear();
        expiry.clear();
        expiredKeys.inc();
    }

    private void scheduleExpiry(long at, OnTimerContext ctx) throws Exception {
        expiry.update(at);
        ctx.timerService().registerEventTimeTimer(at);
    }

    /** The first window boundary at least the TTL after the key's last bar. */
    private long expiresAt(long lastWindowEnd) {
        return Math.floorDiv(lastWindowEnd + stateTtlMillis + windowMillis - 1, windowMillis) * windowMillis;
    }

    @Override
    public void processBroadcastElement(ModelUpdate update, Context ctx, Collector<ForecastRecord> out)
            throws Exception {
        var state = ctx.getBroadcastState(MODELS);
        state.put(update.version(), update);
        long oldest = Long.MAX_VALUE;
        int count = 0;
        for (Map.Entry<Long, ModelUpdate> e : state.entries()) {
            oldest = Math.min(oldest, e.getKey());
            count++;
        }
        if (count > MODELS_KEPT) {
            state.remove(oldest);
            models.remove(oldest);
        }
    }

    private static ModelUpdate modelFor(ReadOnlyBroadcastState<Long, ModelUpdate> state, long timestamp)
            throws Exception {
        ModelUpdate best = null;
        for (Map.Entry<Long, ModelUpdate> e : state.immutableEntries()) {
            ModelUpdate m = e.getValue();
            if (m.effectiveFrom() <= timestamp && (best == null || m.version() > best.version())) {
                best = m;
            }
        }
        return best;
    }
}
