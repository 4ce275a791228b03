package io.streamcast.model.lstm;

import java.util.List;

/**
 * Scores weights on training windows the way the forecaster uses them: each window is stepped
 * from a zero LSTM state with the fast step, and the squared errors of the one-step forecasts of
 * its second half are averaged (the first half warms the state up, as a key is re-warmed from its
 * recent inputs under a new model). Errors are in each key's scaled units, so keys of
 * every size weigh the same.
 */
public final class WindowLoss {

    private WindowLoss() {}

    public static double scaledMse(LstmWeights weights, List<TrainingWindow> windows) {
        LstmStepper stepper = new LstmStepper(weights);
        InputFeatures features = weights.config().features();
        float[] input = new float[features.size()];
        double sum = 0;
        long n = 0;
        for (TrainingWindow w : windows) {
            float[] h = new float[stepper.stateSize()];
            float[] c = new float[stepper.stateSize()];
            for (int t = 0; t < w.length(); t++) {
                w.input(t, features, input);
                float change = stepper.step(input, h, c);
                if (t >= scoreFrom(w)) {
                    double error = w.targets()[t] - change;
                    sum += error * error;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The same score for the naive forecast (no change), for comparison with a first model. */
    public static double naiveScaledMse(List<TrainingWindow> windows) {
        double sum = 0;
        long n = 0;
        for (TrainingWindow w : windows) {
            for (int t = scoreFrom(w); t < w.length(); t++) {
                sum += (double) w.targets()[t] * w.targets()[t];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static int scoreFrom(TrainingWindow w) {
        return w.length() / 2;
    }
}
