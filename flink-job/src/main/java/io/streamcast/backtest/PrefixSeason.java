package io.streamcast.backtest;

import io.streamcast.bars.BarAccumulator;
import io.streamcast.job.JobConfig;
import io.streamcast.model.forecast.Gaps;
import io.streamcast.model.metrics.SeasonDetector;
import io.streamcast.model.training.WindowSampler;
import io.streamcast.records.Tick;
import io.streamcast.training.Retrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * The season read from the input's past ({@link SeasonDetector}): from the bars of the windows
 * that end by the first retraining point at which a model can be trained, the first after the
 * first tick and the stretch no key can fill a training window in
 * ({@link WindowSampler#windowsBeforeFirstWindow}, {@link Retrainer#firstPointAfter}). No model
 * exists before that point, and a backtest scores a key from its first forecast by a trained
 * model, so no window the season is read from is scored: the choice uses only the past of every
 * score. (The first {@code --retrain-every} of the input would not do: retraining points are
 * epoch-aligned, so the first comes up to that much sooner, and at the first, two days into an
 * hourly input, say, nothing can train yet.)
 * A job seeded with {@code --model} forecasts with a model from its first window and has no such
 * past; it takes the calendar's rule.
 *
 * <p>The bars are made as the job makes them: Flink's tumbling windows, the ticks of a key and
 * window aggregated by {@code --aggregation} ({@link BarAccumulator}), short gaps carried forward
 * and a longer one cutting the key in two ({@link Gaps}, bounded by {@code --warmup-bars} like the
 * forecaster). At most {@link #MAX_KEYS} keys (the first to appear) and {@link #MAX_WINDOWS}
 * windows are read: evidence enough, at a bounded cost whatever the input and the interval.
 */
public final class PrefixSeason {

    static final int MAX_KEYS = 100;
    static final int MAX_WINDOWS = 4_000;

    /** The windows read: from the first tick's to the last that ends by {@code end}. */
    private record Stretch(long firstWindowStart, long end) {}

    private final JobConfig config;
    /** Each key's aggregates by window start, keys in the order they appeared. */
    private final Map<String, TreeMap<Long, BarAccumulator>> keys = new LinkedHashMap<>();
    private Optional<Stretch> stretch = Optional.empty();

    PrefixSeason(JobConfig config) {
        this.config = config;
    }

    /** The season of CSV files, read from the ticks their replay hands the job ({@link CsvReplay#read}). */
    public static SeasonChoice ofCsv(List<Path> files, JobConfig config) throws IOException {
        if (config.seedModel() != null) {
            return seeded(config);
        }
        PrefixSeason prefix = new PrefixSeason(config);
        CsvReplay.read(files, config.forReplay().timestamps(), record -> {
            if (record.tick() != null) {
                prefix.add(record.tick());
            }
        });
        return prefix.choice();
    }

    /** The season of ticks in time order. */
    public static SeasonChoice ofTicks(List<Tick> ticks, JobConfig config) {
        if (config.seedModel() != null) {
            return seeded(config);
        }
        PrefixSeason prefix = new PrefixSeason(config);
        ticks.forEach(prefix::add);
        return prefix.choice();
    }

    private static SeasonChoice seeded(JobConfig config) {
        return SeasonChoice.rule(config.window(), "a --model forecasts from the first window, so no stretch of the input "
                + "comes before the scores");
    }

    /** The next tick, in time order. */
    void add(Tick tick) {
        long window = config.windowMillis();
        long windowStart = TimeWindow.getWindowStartWithOffset(tick.timestamp(), 0, window);
        if (stretch.isEmpty()) {
            long noWindowBefore =
                    tick.timestamp() + WindowSampler.windowsBeforeFirstWindow(config.sample()) * window;
            long firstModel = Retrainer.firstPointAfter(noWindowBefore, config.retrainEvery().toMillis());
            stretch = Optional.of(new Stretch(windowStart, Math.min(firstModel, windowStart + MAX_WINDOWS * window)));
        }
        boolean newKey = !keys.containsKey(tick.key());
        if (windowStart + window > stretch.get().end() || newKey && keys.size() == MAX_KEYS) {
            return;
        }
        keys.computeIfAbsent(tick.key(), k -> new TreeMap<>()).computeIfAbsent(windowStart, w -> new BarAccumulator())
                .add(tick);
    }

    /** Each key's bars on the window grid, gaps carried forward; a key cut by a longer gap is two series. */
    List<double[]> series() {
        long window = config.windowMillis();
        List<double[]> series = new ArrayList<>();
        for (TreeMap<Long, BarAccumulator> bars : keys.values()) {
            List<Double> run = new ArrayList<>();
            Long previous = null;
            for (Map.Entry<Long, BarAccumulator> bar : bars.entrySet()) {
                if (previous != null) {
                    OptionalLong carried = Gaps.carried(previous + window, bar.getKey(), window, config.warmupBars());
                    if (carried.isEmpty()) {
                        series.add(toArray(run));
                        run.clear();
                    } else {
                        for (long w = 0; w < carried.getAsLong(); w++) {
                            run.add(run.get(run.size() - 1));
                        }
                    }
                }
                run.add(bar.getValue().value(config.aggregation()));
                previous = bar.getKey();
            }
            series.add(toArray(run));
        }
        return series;
    }

    SeasonChoice choice() {
        // Up to the last window read: an input that ends before the stretch does has fewer windows.
        OptionalLong lastRead = keys.values().stream().mapToLong(TreeMap::lastKey).max();
        long windows = stretch.isEmpty() || lastRead.isEmpty() ? 0
                : (lastRead.getAsLong() - stretch.get().firstWindowStart()) / config.windowMillis() + 1;
        String past = "the first " + windows + " windows, before a model can be trained";
        return SeasonDetector.detect(series(), config.window())
                .map(s -> new SeasonChoice(s.windows(), SeasonChoice.Source.DATA,
                        String.format(Locale.ROOT, "autocorrelation %.2f in %s", s.autocorrelation(), past)))
                .orElseGet(() -> new SeasonChoice(1, SeasonChoice.Source.DATA,
                        "none found in " + past + "; seasonal naive = naive"));
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
