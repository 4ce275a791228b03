package io.streamcast.model.forecast;

import io.streamcast.model.data.Series;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.scaling.RunningScaler;
import java.util.List;

/**
 * Scores weights the way they will be used: each series is stepped from its start with carried
 * state, and the one-step errors of its last {@code holdoutBars} forecasts are averaged in scaled
 * units (error / the key's running deviation), so keys of every size weigh the same.
 */
public final class Validation {

    private Validation() {}

    public static double scaledMse(LstmWeights weights, List<Series> series, int holdoutBars) {
        KeyForecaster forecaster = new KeyForecaster(weights);
        double sum = 0;
        long n = 0;
        for (Series s : series) {
            KeyState state = forecaster.newState();
            int firstScored = Math.max(RunningScaler.WARMUP_BARS + 1, s.length() - holdoutBars);
            for (int t = 0; t + 1 < s.length(); t++) {
                double forecast = forecaster.observe(state, s.value(t), s.windowStart(t + 1));
                if (t + 1 >= firstScored) {
                    double e = (s.value(t + 1) - forecast) / state.getScaler().std();
                    sum += e * e;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
