package io.streamcast.training;

import io.streamcast.job.JobConfig;
import io.streamcast.model.forecast.IncompatibleStateException;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.lstm.TrainingWindow;
import io.streamcast.model.training.ChallengerTrial;
import io.streamcast.model.training.TrainingPool;
import io.streamcast.records.ModelUpdate;
import io.streamcast.records.TrainingReport;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * The trainer: keeps a bounded pool of training windows ({@link TrainingPool}) sampled where the
 * keys live ({@link TrainingSampler}) and, every {@code retrainEvery} of event time, trains a
 * challenger from the champion on it ({@link ChallengerTrial}); a winner goes out on the model
 * broadcast as the next version. One global model: parallelism 1 on a constant key, with input
 * and time bounded by the pool, not by the number of keys.
 *
 * <ul>
 *   <li>A window joins the pool only when the watermark passes its end (an event-time timer), and
 *       retraining happens at event-time points (multiples of {@code retrainEvery}, epoch-
 *       aligned), so a retraining at T sees exactly the windows ending by T, however far the
 *       watermark jumped: replay is deterministic. A point reached only by the end of a bounded
 *       input trains too (the data's own watermark reaches it or not depending on how the input
 *       is split, so skipping it would make a file and a Kafka replay of the same ticks differ);
 *       at most one such training per replay, whose model no bar may use. Synchronous training blocks the task, which
 *       in replay is what we want.
 *   <li>A point trains only when every held-out window ended after the previous training's
 *       point: each challenger, and the champion it must beat, is judged on windows no earlier
 *       training has fitted or stopped on. A pool that grows by less than its held-out share
 *       between two points (few keys, a long history) so waits a point or more; a busy pool
 *       trains at every point.
 *   <li>A training that leaves the job barely ahead of the naive forecast on the held-out windows,
 *       or with no model yet (a random walk's), makes the next one wait {@link #IDLE_POINTS}
 *       retraining periods: its challengers gain a fraction of a percent.
 *   <li>Asynchronous (live) training runs on a thread of its own; a processing-time timer polls
 *       for the outcome, so forecasts never wait for training. A model so published applies from
 *       the watermark at publication. A retraining point reached while one is in flight is
 *       skipped and counted. An in-flight training is not checkpointed: after a restore the next
 *       retraining point trains again.
 *   <li>A failed training is logged and counted; the champion stays. Whatever the training
 *       throws, an {@link Error} from native code or memory included: one bad training must not
 *       restart the job (and with it every key's forecasting).
 *   <li>Closing the task (cancel, failover) interrupts an asynchronous training, which stops
 *       within a minibatch, and waits briefly for it: a training left running would hold the
 *       job's class loader and ND4J memory in the TaskManager.
 * </ul>
 */
public final class Retrainer extends KeyedProcessFunction<Integer, TrainingWindow, ModelUpdate> {

    /** Every retraining, accepted or not, for logs and backtest reports. */
    public static final OutputTag<TrainingReport> REPORTS = new OutputTag<>("training-reports") {};

    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);
    private static final long POLL_MILLIS = 500;
    private static final long STOP_WAIT_SECONDS = 10;

    /** The newest share of the pool held out to judge challenger and champion (and stop training early). */
    static final double HOLDOUT_FRACTION = 0.2;

    /**
     * A model ahead of the naive forecast by less than this share of the naive's held-out error
     * (prices, a random walk), or a first challenger that did not beat it, gains little from
     * retraining, and the fallback serves the last value where a model is behind: the next training
     * waits {@link #IDLE_POINTS} retraining periods instead of one. The trainings so saved are a
     * random walk's; a model clearly ahead (7% and more on the bundled seasonal and weather data)
     * trains as before.
     */
    static final double PAYING_SKILL = 0.05;
    static final int IDLE_POINTS = 4;

    /** One retraining: a challenger from the champion (null: none yet) on the pool's windows. */
    @FunctionalInterface
    interface Training extends Serializable {
        ChallengerTrial.Outcome run(TrainingPool.Split windows, LstmWeights champion);
    }

    private final JobConfig config;
    private final Training training;

    /** Windows not yet passed by the watermark, and the pool, both by {@link TrainingPool#id}. */
    private transient MapState<String, TrainingWindow> pending;
    private transient MapState<String, TrainingWindow> poolState;
    /** The pool in memory, rebuilt from its state on first use after a restore. */
    private transient TrainingPool pool;
    private transient ValueState<Long> nextRetrain;
    /** The point of the last training that completed, accepted or not (a failed one judged nothing). */
    private transient ValueState<Long> lastTrained;
    /** No training before this point: the last one left the job barely ahead of the naive forecast, or level. */
    private transient ValueState<Long> idleUntil;
    private transient ValueState<ModelUpdate> champion;
    private transient ValueState<Long> windowMillis;
    private transient boolean restoreChecked;
    private transient ExecutorService trainingThread;
    private transient CompletableFuture<ChallengerTrial.Outcome> inFlight;
    private transient long inFlightAt;
    private transient Counter trainingsFailed;
    private transient Counter retrainingsSkipped;
    private transient Counter retrainingsDeferred;
    private transient volatile int lastTrainingWindows;
    private transient volatile int lastTrainingEpochs;
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
        public ChallengerTrial.Outcome run(TrainingPool.Split windows, LstmWeights champion) {
            return ChallengerTrial.run(config.lstm(), config.scaling(), windows, champion);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "pending-windows", Types.STRING, TypeInformation.of(TrainingWindow.class)));
        poolState = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "pool", Types.STRING, TypeInformation.of(TrainingWindow.class)));
        nextRetrain = getRuntimeContext().getState(new ValueStateDescriptor<>("next-retrain", Types.LONG));
        lastTrained = getRuntimeContext().getState(new ValueStateDescriptor<>("last-trained", Types.LONG));
        idleUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("idle-until", Types.LONG));
        champion = getRuntimeContext().getState(
                new ValueStateDescriptor<>("champion", TypeInformation.of(ModelUpdate.class)));
        windowMillis = getRuntimeContext().getState(new ValueStateDescriptor<>("window-millis", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        trainingsFailed = metrics.counter("trainingsFailed");
        retrainingsSkipped = metrics.counter("retrainingsSkipped");
        retrainingsDeferred = metrics.counter("retrainingsDeferred");
        metrics.gauge("trainingPoolWindows", () -> pool == null ? 0 : pool.size());
        metrics.gauge("lastTrainingWindows", () -> lastTrainingWindows);
        metrics.gauge("lastTrainingEpochs", () -> lastTrainingEpochs);
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
    public void processElement(TrainingWindow window, Context ctx, Collector<ModelUpdate> out) throws Exception {
        checkRestoredState();
        pending.put(TrainingPool.id(window), window);
        ctx.timerService().registerEventTimeTimer(window.end() - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelUpdate> out) throws Exception {
        checkRestoredState();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            pollTraining(ctx, out);
            return;
        }
        admitPassed(timestamp, ctx);
        Long retrainAt = nextRetrain.value();
        if (retrainAt != null && retrainAt == timestamp) {
            nextRetrain.clear();
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
        pool = new TrainingPool(config.training().windows(), config.lstm().seed());
        for (TrainingWindow w : poolState.values()) {
            pool.offer(w);
        }
        restoreChecked = true;
    }

    /** Moves the windows the watermark has passed into the pool, mirroring what it keeps. */
    private void admitPassed(long watermark, OnTimerContext ctx) throws Exception {
        List<TrainingWindow> passed = new ArrayList<>();
        for (TrainingWindow w : pending.values()) {
            if (w.end() - 1 <= watermark) {
                passed.add(w);
            }
        }
        for (TrainingWindow w : passed) {
            pending.remove(TrainingPool.id(w));
            TrainingPool.Offer offer = pool.offer(w);
            if (offer.admitted()) {
                poolState.put(TrainingPool.id(w), w);
            }
            if (offer.evicted().isPresent()) {
                poolState.remove(TrainingPool.id(offer.evicted().get()));
            }
        }
        if (!passed.isEmpty() && nextRetrain.value() == null) {
            long next = firstPointAfter(watermark + 1, config.retrainEvery().toMillis());
            nextRetrain.update(next);
            ctx.timerService().registerEventTimeTimer(next);
        }
    }

    /**
     * The first retraining point after {@code time}: the next multiple of {@code everyMillis} from
     * the epoch. No model trains before the first point after an input's first event time: the
     * first point is set when the watermark first passes a window's end, which is after it.
     */
    public static long firstPointAfter(long time, long everyMillis) {
        return Math.floorDiv(time, everyMillis) * everyMillis + everyMillis;
    }

    private void retrain(long timestamp, OnTimerContext ctx, Collector<ModelUpdate> out) throws Exception {
        long horizon = config.training().historyWindows() * config.windowMillis();
        for (TrainingWindow old : pool.forgetEndingBy(timestamp - horizon)) {
            poolState.remove(TrainingPool.id(old));
        }
        if (pool.size() < config.training().minWindows()) {
            return;
        }
        TrainingPool.Split windows = pool.split(HOLDOUT_FRACTION);
        Long previous = lastTrained.value();
        if (previous != null && windows.holdout().get(0).end() <= previous) {
            retrainingsDeferred.inc();
            // Debug, not info: a backtest passes dozens of such points; the counter says how many.
            LOG.debug("retraining point {} deferred: held-out windows ended by the last training's point {}",
                    Instant.ofEpochMilli(timestamp), Instant.ofEpochMilli(previous));
            return;
        }
        Long idle = idleUntil.value();
        if (idle != null && timestamp < idle) {
            retrainingsDeferred.inc();
            LOG.debug("retraining point {} deferred: the last training left the job less than {}% ahead of the naive "
                    + "forecast, so the next waits until {}", Instant.ofEpochMilli(timestamp),
                    Math.round(PAYING_SKILL * 100), Instant.ofEpochMilli(idle));
            return;
        }
        LstmWeights current = champion.value() == null ? seed() : LstmWeights.fromBytes(champion.value().weights());
        if (!config.live()) {
            ChallengerTrial.Outcome outcome;
            try {
                outcome = training.run(windows, current);
            } catch (Throwable e) {
                failed(timestamp, e);
                return;
            }
            publish(outcome, timestamp, timestamp, ctx, out);
        } else if (inFlight != null) {
            retrainingsSkipped.inc();
            LOG.info("retraining point {} skipped: the training of {} is still running",
                    Instant.ofEpochMilli(timestamp), Instant.ofEpochMilli(inFlightAt));
        } else {
            inFlight = CompletableFuture.supplyAsync(() -> training.run(windows, current), trainingThread);
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
        lastTrained.update(trainedAt);
        long version = currentVersion();
        if (outcome.accepted()) {
            version++;
            ModelUpdate update = new ModelUpdate(version, effectiveFrom, outcome.challenger().toBytes());
            champion.update(update);
            out.collect(update);
        }
        String idle = "";
        if (outcome.keptSkill() < PAYING_SKILL) {
            long until = trainedAt + IDLE_POINTS * config.retrainEvery().toMillis();
            idleUntil.update(until);
            idle = String.format(Locale.ROOT, "; less than %d%% ahead of the naive forecast, so no training before %s",
                    Math.round(PAYING_SKILL * 100), Instant.ofEpochMilli(until));
        } else {
            idleUntil.clear();
        }
        championVersion = version;
        lastTrainingMillis = Math.round(outcome.training().seconds() * 1000);
        lastValidationLoss = outcome.challengerLoss();
        lastTrainingWindows = outcome.trainingWindows();
        lastTrainingEpochs = outcome.training().epochs();
        TrainingReport report = TrainingReport.of(trainedAt, outcome, version);
        LOG.info("retrained at {}: {}{}", Instant.ofEpochMilli(trainedAt), report.summary(), idle);
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
}
