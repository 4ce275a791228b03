package io.streamcast.model.lstm;

import io.streamcast.model.metrics.ErrorStats;
import java.util.List;

/**
 * Scores weights on training windows the way the forecaster uses them: each window is stepped
 * from a zero LSTM state with the fast step, and the absolute errors of the one-step forecasts of
 * its second half are averaged (the first half warms the state up, as a key is re-warmed from its
 * recent inputs under a new model). Errors are in each key's scaled units, so keys of
 * every size weigh the same. Absolute, not squared: the forecasts are judged by absolute errors
 * (MAE, MASE) and the network is trained on them (L1), so early stopping and the choice between
 * champion and challenger aim at the same; a squared score favoured the mean over the median,
 * and kept models that lose to the last value in absolute error (prices).
 */
public final class WindowLoss {

    private WindowLoss() {}

    public static double scaledMae(LstmWeights weights, List<TrainingWindow> windows) {
        LstmStepper stepper = new LstmStepper(weights);
        InputFeatures features = weights.config().features();
        float[] input = new float[features.size()];
        ErrorStats errors = new ErrorStats();
        for (TrainingWindow w : windows) {
            float[] h = new float[stepper.stateSize()];
            float[] c = new float[stepper.stateSize()];
            for (int t = 0; t < w.length(); t++) {
                w.input(t, features, input);
                float change = stepper.step(input, h, c);
                if (t >= scoreFrom(w)) {
                    errors.add(w.targets()[t], change, 1);
                }
            }
        }
        return errors.mae();
    }

    /** The same score for the naive forecast (no change), for comparison with a first model. */
    public static double naiveScaledMae(List<TrainingWindow> windows) {
        ErrorStats errors = new ErrorStats();
        for (TrainingWindow w : windows) {
            for (int t = scoreFrom(w); t < w.length(); t++) {
                errors.add(w.targets()[t], 0, 1);
            }
        }
        return errors.mae();
    }

    private static int scoreFrom(TrainingWindow w) {
        return w.length() / 2;
    }
}
