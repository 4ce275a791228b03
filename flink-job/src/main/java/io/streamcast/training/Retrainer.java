package io.streamcast.training;

import io.streamcast.job.JobConfig;
import io.streamcast.model.data.Series;
import io.streamcast.model.forecast.IncompatibleStateException;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.training.ChallengerTrial;
import io.streamcast.model.training.KeyHistory;
import io.streamcast.records.Bar;
import io.streamcast.records.ModelUpdate;
import io.streamcast.records.TrainingReport;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps bounded per-key history of bars and, every {@code retrainEvery} of event time, trains a
 * challenger from the champion ({@link ChallengerTrial}); a winner goes out on the model broadcast
 * as the next version. Runs with parallelism 1 on a constant key, so it sees every key's bars and
 * can use keyed state and timers.
 *
 * <ul>
 *   <li>A bar joins the history only when the watermark passes it (an event-time timer at its
 *       timestamp), and retraining happens at event-time points (multiples of
 *       {@code retrainEvery}, epoch-aligned), so a retraining at T sees exactly the bars ending
 *       by T, however far the watermark jumped: replay is deterministic. Synchronous training
 *       blocks the task, which in replay is what we want.
 *   <li>Asynchronous (live) training runs on a thread of its own; a processing-time timer polls
 *       for the outcome, so forecasts never wait for training. A model so published applies from
 *       the watermark at publication. An in-flight training is not checkpointed: after a restore
 *       the next retraining point trains again.
 *   <li>A failed training is logged and counted; the champion stays. Whatever the training
 *       throws, an {@link Error} from native code or memory included: one bad training must not
 *       restart the job (and with it every key's forecasting).
 *   <li>Closing the task (cancel, failover) interrupts an asynchronous training, which stops
 *       within a minibatch, and waits briefly for it: a training left running would hold the
 *       job's class loader and ND4J memory in the TaskManager.
 * </ul>
 */
public final class Retrainer extends KeyedProcessFunction<Integer, Bar, ModelUpdate> {

    /** Every retraining, accepted or not, for logs and backtest reports. */
    public static final OutputTag<TrainingReport> REPORTS = new OutputTag<>("training-reports") {};

    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);
    private static final long POLL_MILLIS = 500;
    private static final long STOP_WAIT_SECONDS = 10;

    /** One retraining: a challenger from the champion (null: none yet) on the keys' series. */
    @FunctionalInterface
    interface Training extends Serializable {
        ChallengerTrial.Outcome run(List<Series> series, LstmWeights champion);
    }

    private final JobConfig config;
    private final Training training;

    private transient MapState<Long, List<Bar>> pending;
    private transient MapState<String, KeyHistory> history;
    private transient ValueState<Integer> keysTracked;
    private transient ValueState<Long> nextRetrain;
    private transient ValueState<ModelUpdate> champion;
    private transient ValueState<Long> windowMillis;
    private transient boolean restoreChecked;
    private transient ExecutorService trainingThread;
    private transient CompletableFuture<ChallengerTrial.Outcome> inFlight;
    private transient long inFlightAt;
    private transient Counter trainingsFailed;
    private transient Counter keysNotTrainedOn;
    private transient Counter expiredKeys;
    private transient volatile long lastTrainingMillis;
    private transient volatile double lastValidationLoss;
    private transient volatile long championVersion;

    public Retrainer(JobConfig config) {
        this(config, new ChallengerTraining(config));
    }

    Retrainer(JobConfig config, Training training) {
        this.config = config;
        this.training = training;
    }

    /** The training of the job: {@link ChallengerTrial} with the job's configuration. */
    record ChallengerTraining(JobConfig config) implements Training {
        @Override
        public ChallengerTrial.Outcome run(List<Series> series, LstmWeights champion) {
            return ChallengerTrial.run(config.lstm(), config.scaling(), series, champion, config.history().holdoutBars());
        }
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "pending-bars", Types.LONG, Types.LIST(TypeInformation.of(Bar.class))));
        history = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "history", Types.STRING, TypeInformation.of(KeyHistory.class)));
        keysTracked = getRuntimeContext().getState(new ValueStateDescriptor<>("keys-tracked", Types.INT));
        nextRetrain = getRuntimeContext().getState(new ValueStateDescriptor<>("next-retrain", Types.LONG));
        champion = getRuntimeContext().getState(
                new ValueStateDescriptor<>("champion", TypeInformation.of(ModelUpdate.class)));
        windowMillis = getRuntimeContext().getState(new ValueStateDescriptor<>("window-millis", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        trainingsFailed = metrics.counter("trainingsFailed");
        keysNotTrainedOn = metrics.counter("keysNotTrainedOn");
        expiredKeys = metrics.counter("expiredKeys");
        lastValidationLoss = Double.NaN;
        metrics.gauge("lastTrainingMillis", () -> lastTrainingMillis);
        metrics.gauge("lastValidationLoss", () -> lastValidationLoss);
        metrics.gauge("championVersion", () -> championVersion);
        if (config.live()) {
            trainingThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "streamcast-training");
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (trainingThread != null) {
            trainingThread.shutdownNow();
            if (!trainingThread.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("the training thread did not stop within {} s of its interrupt", STOP_WAIT_SECONDS);
            }
        }
    }

    @Override
    public void processElement(Bar bar, Context ctx, Collector<ModelUpdate> out) throws Exception {
        checkRestoredState();
        long timestamp = bar.windowEnd() - 1;
        List<Bar> bars = pending.get(timestamp);
        if (bars == null) {
            bars = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(timestamp);
        }
        bars.add(bar);
        pending.put(timestamp, bars);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelUpdate> out) throws Exception {
        checkRestoredState();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            pollTraining(ctx, out);
            return;
        }
        List<Bar> bars = pending.get(timestamp);
        if (bars != null) {
            pending.remove(timestamp);
            for (Bar bar : bars) {
                remember(bar, ctx);
            }
        }
        Long retrainAt = nextRetrain.value();
        if (retrainAt != null && retrainAt == timestamp) {
            nextRetrain.clear();
            forgetIdleKeys(timestamp);
            retrain(timestamp, ctx, out);
        }
    }

    /**
     * Once per task: the state's history must be of this job's window, and its champion of this
     * job's model shape (retraining warm-starts from it), or the job stops without restarts.
     */
    private void checkRestoredState() throws Exception {
        if (restoreChecked) {
            return;
        }
        Long stateWindow = windowMillis.value();
        if (stateWindow == null) {
            windowMillis.update(config.windowMillis());
        } else if (stateWindow != config.windowMillis()) {
            throw new SuppressRestartsException(IncompatibleStateException.window(stateWindow, config.windowMillis()));
        }
        if (champion.value() != null) {
            LstmConfig shape = LstmWeights.fromBytes(champion.value().weights()).config();
            if (!shape.sameShapeAs(config.lstm())) {
                throw new SuppressRestartsException(IncompatibleStateException.modelShape(shape.shape(), config.lstm().shape()));
            }
        }
        restoreChecked = true;
    }

    private void remember(Bar bar, OnTimerContext ctx) throws Exception {
        KeyHistory h = history.get(bar.key());
        if (h == null) {
            int tracked = keysTracked.value() == null ? 0 : keysTracked.value();
            if (tracked >= config.history().maxKeys()) {
                keysNotTrainedOn.inc();
                return;
            }
            keysTracked.update(tracked + 1);
            h = new KeyHistory(config.history().maxBarsPerKey());
        }
        h.add(bar.windowStart(), bar.windowEnd(), bar.value());
        history.put(bar.key(), h);
        if (nextRetrain.value() == null) {
            long every = config.retrainEvery().toMillis();
            long next = Math.floorDiv(bar.windowEnd(), every) * every + every;
            nextRetrain.update(next);
            ctx.timerService().registerEventTimeTimer(next);
        }
    }

    /**
     * Drops the history of keys without a bar for the state TTL, which frees their places among
     * --max-keys for new keys. Done at retraining points, which come at event-time multiples of
     * --retrain-every, so replay stays deterministic and the sweep over all keys stays rare.
     */
    private void forgetIdleKeys(long now) throws Exception {
        long ttl = config.stateTtl().toMillis();
        List<String> idle = new ArrayList<>();
        for (Map.Entry<String, KeyHistory> e : history.entries()) {
            if (e.getValue().getLastWindowEnd() + ttl <= now) {
                idle.add(e.getKey());
            }
        }
        for (String key : idle) {
            history.remove(key);
        }
        if (!idle.isEmpty()) {
            keysTracked.update(keysTracked.value() - idle.size());
            expiredKeys.inc(idle.size());
        }
    }

    private void retrain(long timestamp, OnTimerContext ctx, Collector<ModelUpdate> out) throws Exception {
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE && !barsPendingAfter(timestamp)) {
            return;
        }
        List<Series> series = historySeries();
        if (series.stream().noneMatch(s -> s.length() >= config.history().minBarsToTrain())) {
            return;
        }
        LstmWeights current = champion.value() == null ? seed() : LstmWeights.fromBytes(champion.value().weights());
        if (!config.live()) {
            ChallengerTrial.Outcome outcome;
            try {
                outcome = training.run(series, current);
            } catch (Throwable e) {
                failed(timestamp, e);
                return;
            }
            publish(outcome, timestamp, timestamp, ctx, out);
        } else if (inFlight == null) {
            inFlight = CompletableFuture.supplyAsync(() -> training.run(series, current), trainingThread);
            inFlightAt = timestamp;
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + POLL_MILLIS);
        }
    }

    private void pollTraining(OnTimerContext ctx, Collector<ModelUpdate> out) throws Exception {
        if (inFlight == null) {
            return;
        }
        if (!inFlight.isDone()) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + POLL_MILLIS);
            return;
        }
        ChallengerTrial.Outcome outcome;
        try {
            outcome = inFlight.join();
        } catch (CompletionException | CancellationException e) {
            failed(inFlightAt, e.getCause() != null ? e.getCause() : e);
            return;
        } finally {
            inFlight = null;
        }
        publish(outcome, inFlightAt, ctx.timerService().currentWatermark() + 1, ctx, out);
    }

    private void publish(ChallengerTrial.Outcome outcome, long trainedAt, long effectiveFrom,
            OnTimerContext ctx, Collector<ModelUpdate> out) throws Exception {
        long version = currentVersion();
        if (outcome.accepted()) {
            version++;
            ModelUpdate update = new ModelUpdate(version, effectiveFrom, outcome.challenger().toBytes());
            champion.update(update);
            out.collect(update);
        }
        championVersion = version;
        lastTrainingMillis = Math.round(outcome.training().seconds() * 1000);
        lastValidationLoss = outcome.challengerLoss();
        TrainingReport report = new TrainingReport(trainedAt, outcome.training().trainLoss(),
                outcome.challengerLoss(), outcome.championLoss(), outcome.accepted(), version,
                outcome.training().seconds());
        LOG.info("retrained at {}: {}", Instant.ofEpochMilli(trainedAt), report);
        ctx.output(REPORTS, report);
    }

    private void failed(long trainedAt, Throwable e) {
        trainingsFailed.inc();
        LOG.warn("training at {} failed; the champion stays", Instant.ofEpochMilli(trainedAt), e);
    }

    private long currentVersion() throws Exception {
        return champion.value() != null ? champion.value().version() : config.seedModel() != null ? 1 : 0;
    }

    private LstmWeights seed() {
        return config.seedModel() == null ? null : LstmWeights.fromBytes(config.seedModel());
    }

    /**
     * At the end of a bounded input every timer fires at once. A point is worth training at only
     * if some bar after it will use the model, and then every bar has arrived, so the pending
     * bars tell. (Before the end, a watermark past the point was carried by a tick after it, whose
     * bar comes: the two ways of reaching a point agree, which keeps replay deterministic.)
     */
    private boolean barsPendingAfter(long time) throws Exception {
        for (Long timestamp : pending.keys()) {
            if (timestamp >= time) {
                return true;
            }
        }
        return false;
    }

    private List<Series> historySeries() throws Exception {
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, KeyHistory> e : history.entries()) {
            out.add(e.getValue().toSeries(e.getKey(), config.windowMillis()));
        }
        out.sort(Comparator.comparing(Series::key));
        return out;
    }
}
