package io.streamcast.model.forecast;

import io.streamcast.model.data.Series;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.metrics.ErrorStats;
import io.streamcast.model.scaling.RunningScaler;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;
import java.util.function.Supplier;

/**
 * Scores weights the way they will be used: each series is stepped from its start with carried
 * state, and the one-step errors of its last {@code holdoutBars} forecasts are averaged in scaled
 * units (error / the key's running deviation), so keys of every size weigh the same.
 */
public final class Validation {

    private Validation() {}

    public static double scaledMse(LstmWeights weights, List<Series> series, int holdoutBars) {
        KeyForecaster forecaster = new KeyForecaster(weights);
        return scaledMse(series, holdoutBars, forecaster::newState,
                (state, s, t) -> forecaster.observe(state, s.value(t), s.windowStart(t + 1)));
    }

    /** The same score for the naive forecast (last value), with the same scaler, for comparison. */
    public static double naiveScaledMse(ScalingSpec scaling, List<Series> series, int holdoutBars) {
        return scaledMse(series, holdoutBars, () -> new KeyState(0), (state, s, t) -> {
            state.getScaler().observe(scaling, s.value(t));
            return s.value(t);
        });
    }

    private interface OneStep {
        double forecastNext(KeyState state, Series s, int t);
    }

    private static double scaledMse(List<Series> series, int holdoutBars, Supplier<KeyState> newState,
            OneStep step) {
        ErrorStats stats = new ErrorStats();
        for (Series s : series) {
            KeyState state = newState.get();
            int firstScored = Math.max(RunningScaler.WARMUP_BARS + 1, s.length() - holdoutBars);
            for (int t = 0; t + 1 < s.length(); t++) {
                double forecast = step.forecastNext(state, s, t);
                if (t + 1 >= firstScored) {
                    stats.add(s.value(t + 1), forecast, state.getScaler().std());
                }
            }
        }
        return stats.scaledMse();
    }
}
