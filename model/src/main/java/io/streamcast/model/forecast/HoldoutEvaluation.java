package io.streamcast.model.forecast;

import io.streamcast.model.data.Series;
import io.streamcast.model.interval.IntervalSpec;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.metrics.Baselines;
import io.streamcast.model.metrics.Comparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores trained weights on the part of each series they were not trained on: every key is
 * stepped one bar at a time from its start (state and scaler carried, nothing refit), and the
 * forecasts of bars from {@code firstScored(series)} on are compared with the naive and
 * seasonal-naive forecasts of the same bars.
 */
public final class HoldoutEvaluation {

    private HoldoutEvaluation() {}

    /** Index of the first bar after the first {@code trainFraction} of a series. */
    public static int splitIndex(Series s, double trainFraction) {
        return (int) Math.floor(s.length() * trainFraction);
    }

    /** Per key, in input order; the entry "overall" is not included (merge them). */
    public static Map<String, Comparison> evaluate(
            LstmWeights weights, List<Series> series, double trainFraction, int seasonPeriod) {
        KeyForecaster forecaster = new KeyForecaster(weights);
        Map<String, Comparison> byKey = new LinkedHashMap<>();
        for (Series s : series) {
            double[] y = s.values();
            int first = Math.max(seasonPeriod, splitIndex(s, trainFraction));
            Comparison c = new Comparison(IntervalSpec.defaults().level());
            double scale = Baselines.naiveScale(y, 0, first);
            KeyState state = forecaster.newState();
            for (int t = 0; t + 1 < y.length; t++) {
                double forecast = forecaster.observe(state, y[t], s.windowStart(t + 1));
                if (t + 1 >= first) {
                    c.add(y[t + 1], forecast, Baselines.naive(y, t + 1),
                            Baselines.seasonalNaive(y, t + 1, seasonPeriod), scale);
                }
            }
            byKey.put(s.key(), c);
        }
        return byKey;
    }

    public static Comparison overall(Map<String, Comparison> byKey) {
        Comparison all = new Comparison(IntervalSpec.defaults().level());
        byKey.values().forEach(all::merge);
        return all;
    }
}
