package io.streamcast.model.forecast;

/**
 * Serves a key the last value in its model's place while the model has forecast that key worse
 * than the last value would have. One global model fits most keys of a fleet; for the few it does
 * not (a random walk, a noisy series unlike the others) the naive forecast is the better answer,
 * and a forecasting service should give it.
 *
 * <p>Judged per key on the one-step absolute errors of its recent windows, from the past only: an
 * exponentially weighted mean over about {@link #SPAN} windows, once {@link #MIN_COMPARED} windows
 * have been compared. The model keeps stepping while the last value is served, so its forecasts go
 * on being judged and it is served again as soon as it is ahead; the record survives model swaps
 * (each model is warm-started from the one before) and restarts after a gap.
 *
 * <p>Why a switch and not a blend: replayed over the bundled backtests' forecasts, a mean of the
 * two weighted by inverse recent error made Chicago's MASE 0.333 (the model alone 0.242, the switch
 * 0.242), and weighted by its fourth power it gained less than the switch where the model loses
 * (sensors 1.653 against 1.650).
 */
public enum NaiveFallback {

    /** The last value is served while the model is behind it on the key: the default. */
    WHEN_BEHIND,
    /** The model's forecast is always served, to judge a model by itself. Its record is kept all the same. */
    NEVER;

    /**
     * Windows the errors are averaged over, about: replayed over the bundled backtests, 20 helped
     * the sensors most and cost weather, 200 the other way round (README).
     */
    static final int SPAN = 100;
    /** Windows the model is compared on before it can be replaced: a few errors decide nothing. */
    static final int MIN_COMPARED = 10;

    private static final double SMOOTHING = 2.0 / (SPAN + 1);

    /**
     * The actual of the window the last forecasts were for: the model's forecast of it against
     * {@code naiveForecast}, the last value before it. Nothing is judged where the model made no
     * forecast (before a model, after a restart) or its error cannot be told (values near a
     * double's range).
     */
    static void judge(FallbackState state, double actual, double naiveForecast) {
        double difference = Math.abs(actual - state.getModelForecast()) - Math.abs(actual - naiveForecast);
        if (!Double.isFinite(difference)) {
            return;
        }
        double mean = state.getCompared() == 0 ? difference
                : state.getErrorDifference() + SMOOTHING * (difference - state.getErrorDifference());
        state.setErrorDifference(mean);
        state.setCompared((byte) Math.min(MIN_COMPARED, state.getCompared() + 1));
    }

    /** A restart after a gap: no forecast of the next window is the model's. */
    static void restart(FallbackState state) {
        state.setModelForecast(Double.NaN);
        state.setServedNaive(false);
    }

    /**
     * Records the model's forecast of the next window ({@code NaN}: the model made none) and
     * decides what is served for it: true for the last value.
     */
    boolean servesNaive(FallbackState state, double modelForecast) {
        boolean naive = this == WHEN_BEHIND && Double.isFinite(modelForecast) && state.getCompared() >= MIN_COMPARED
                && state.getErrorDifference() > 0;
        state.setModelForecast(modelForecast);
        state.setServedNaive(naive);
        return naive;
    }
}
