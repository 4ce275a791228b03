package io.streamcast.model.training;

import io.streamcast.model.data.Series;
import io.streamcast.model.forecast.Gaps;
import io.streamcast.model.scaling.RunningScaler;
import io.streamcast.model.scaling.ScalingSpec;
import io.streamcast.model.lstm.TrainingWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Cuts one key's bars into training windows where the key lives, so that only the windows, not
 * every bar, travel to the trainer. The key's steps are those its forecaster takes: the same gap
 * rule ({@link Gaps}), the same running scaler, the same inputs; the first
 * {@link RunningScaler#WARMUP_BARS} steps, whose statistics mean little yet, start no window.
 * Whether a window starts at a step is a seeded draw on (key, window), so a replay samples the
 * same windows at any parallelism.
 */
public final class WindowSampler {

    private final SampleSpec spec;
    private final long windowMillis;
    private final int maxCarried;
    private final ScalingSpec scaling;

    /**
     * @param maxCarried the forecaster's bound on carried-forward windows; a longer gap restarts
     *     the key here too
     */
    public WindowSampler(SampleSpec spec, long windowMillis, int maxCarried, ScalingSpec scaling) {
        this.spec = spec;
        this.windowMillis = windowMillis;
        this.maxCarried = maxCarried;
        this.scaling = scaling;
    }

    /**
     * Windows that pass after a key's first bar before its first training window can be complete:
     * the scaler's warm-up, then a whole window (the bar after it gives its last target). No model
     * can be trained on a stretch this short, whatever the fraction sampled.
     */
    public static int windowsBeforeFirstWindow(SampleSpec spec) {
        return RunningScaler.WARMUP_BARS + spec.windowBars();
    }

    /** Feeds one bar (bars of a key in window order); returns the windows it completed, if any. */
    public List<TrainingWindow> onBar(SamplerState s, String key, long windowStart, double value) {
        List<TrainingWindow> out = new ArrayList<>(1);
        if (s.isStarted()) {
            OptionalLong carried = Gaps.carried(s.getLastWindowEnd(), windowStart, windowMillis, maxCarried);
            if (carried.isEmpty()) {
                s.restart();
            } else {
                for (long w = 1; w <= carried.getAsLong(); w++) {
                    step(s, key, s.getLastValue(), s.getLastWindowEnd() + windowMillis, out);
                }
            }
        }
        if (!s.isStarted()) {
            s.setScaler(new RunningScaler());
        }
        step(s, key, value, windowStart + windowMillis, out);
        return out;
    }

    /** All the windows of whole series, as a live key would have offered them. */
    public List<TrainingWindow> windowsOf(List<Series> series) {
        List<TrainingWindow> out = new ArrayList<>();
        for (Series s : series) {
            SamplerState state = new SamplerState();
            for (int t = 0; t < s.length(); t++) {
                out.addAll(onBar(state, s.key(), s.windowStart(t), s.value(t)));
            }
        }
        return out;
    }

    private void step(SamplerState s, String key, double value, long windowEnd, List<TrainingWindow> out) {
        RunningScaler scaler = s.getScaler();
        if (s.isFilling()) {
            // The target is this bar in the scale of the step before, as the forecaster's output is.
            int last = s.getFilled() - 1;
            s.getTargets()[last] = scaler.scale(scaling, value) - s.getScaledValues()[last];
            if (s.getFilled() == spec.windowBars()) {
                out.add(new TrainingWindow(key, s.getFirstForecastStart(), windowMillis, s.getScaledValues(),
                        s.getTargets()));
                s.stopFilling();
            }
        }
        scaler.observe(scaling, value);
        if (!s.isFilling() && scaler.getCount() > RunningScaler.WARMUP_BARS
                && SeededHash.unit(spec.seed(), key, windowEnd) < spec.startProbability()) {
            s.setScaledValues(new float[spec.windowBars()]);
            s.setTargets(new float[spec.windowBars()]);
            s.setFirstForecastStart(windowEnd);
        }
        if (s.isFilling()) {
            s.getScaledValues()[s.getFilled()] = scaler.scale(scaling, value);
            s.setFilled(s.getFilled() + 1);
        }
        s.setLastValue(value);
        s.setLastWindowEnd(windowEnd);
    }
}
