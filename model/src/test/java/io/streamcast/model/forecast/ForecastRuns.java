package io.streamcast.model.forecast;

import java.util.ArrayList;
import java.util.List;

/** Feeds a whole series to one fresh key, as the job does. */
final class ForecastRuns {

    /** Bars forecast naively before the model comes in: the cold start every key goes through. */
    static final int NAIVE_BARS = 30;

    private ForecastRuns() {}

    /** One step per bar of {@code series}, in windows of {@code windowMillis} from 0. */
    static List<BarForecaster.Step> run(BarForecaster f, double[] series, KeyForecaster model, long windowMillis) {
        KeyTimeline t = f.newTimeline(null);
        List<BarForecaster.Step> steps = new ArrayList<>();
        for (int w = 0; w < series.length; w++) {
            KeyForecaster m = w < NAIVE_BARS ? null : model;
            steps.add(f.onBar(t, w * windowMillis, series[w], m, m == null ? 0 : 1));
        }
        return steps;
    }
}
