package io.streamcast.model.lstm;

import io.streamcast.model.data.Series;
import io.streamcast.model.scaling.RunningScaler;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns series into DL4J minibatches. Inputs and targets are built exactly as
 * {@link io.streamcast.model.forecast.KeyForecaster} builds them at inference: the key's running
 * scaler observes each bar before it is scaled, the target is the change to the next bar in the
 * same scale, and calendar features describe the window being forecast. So nothing a forecast could not have known
 * enters training.
 *
 * <p>Each epoch cuts every series into windows of {@code 4 x tbpttLength} steps from a fresh
 * random offset (seeded), shuffles them and packs them into masked minibatches.
 */
final class TrainingWindows {

    private record Steps(float[][] inputs, float[] targets) {}

    private final List<Steps> series = new ArrayList<>();
    private final int inputSize;
    private final int windowLength;

    TrainingWindows(List<Series> data, LstmConfig config, ScalingSpec scaling) {
        this.inputSize = config.inputSize();
        this.windowLength = 4 * config.tbpttLength();
        for (Series s : data) {
            if (s.length() > RunningScaler.WARMUP_BARS + 2) {
                series.add(steps(s, config.features(), scaling));
            }
        }
    }

    private static Steps steps(Series s, InputFeatures features, ScalingSpec scaling) {
        RunningScaler scaler = new RunningScaler();
        for (int t = 0; t < RunningScaler.WARMUP_BARS; t++) {
            scaler.observe(scaling, s.value(t));
        }
        int n = s.length() - 1 - RunningScaler.WARMUP_BARS;
        float[][] inputs = new float[n][features.size()];
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            int t = RunningScaler.WARMUP_BARS + i;
            scaler.observe(scaling, s.value(t));
            float scaled = scaler.scale(scaling, s.value(t));
            features.encode(scaled, s.windowStart(t + 1), inputs[i]);
            targets[i] = scaler.scale(scaling, s.value(t + 1)) - scaled;
        }
        return new Steps(inputs, targets);
    }

    /** Total training steps in one epoch (before the per-epoch offset drops a few). */
    long steps() {
        long n = 0;
        for (Steps s : series) {
            n += s.targets.length;
        }
        return n;
    }

    List<DataSet> epoch(Random random, int minibatchSize) {
        List<int[]> windows = new ArrayList<>(); // {series, from, to}
        for (int k = 0; k < series.size(); k++) {
            int n = series.get(k).targets.length;
            int offset = n > windowLength ? random.nextInt(windowLength) : 0;
            int minLength = Math.min(n, windowLength / 4);
            for (int from = offset; from < n; from += windowLength) {
                int to = Math.min(n, from + windowLength);
                if (to - from >= minLength) {
                    windows.add(new int[] {k, from, to});
                }
            }
        }
        Collections.shuffle(windows, random);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < windows.size(); b += minibatchSize) {
            batches.add(batch(windows.subList(b, Math.min(windows.size(), b + minibatchSize))));
        }
        return batches;
    }

    private DataSet batch(List<int[]> windows) {
        int mb = windows.size();
        int length = 0;
        for (int[] w : windows) {
            length = Math.max(length, w[2] - w[1]);
        }
        float[] features = new float[mb * inputSize * length];
        float[] labels = new float[mb * length];
        float[] mask = new float[mb * length];
        for (int m = 0; m < mb; m++) {
            Steps s = series.get(windows.get(m)[0]);
            int from = windows.get(m)[1];
            int to = windows.get(m)[2];
            for (int t = 0; t < to - from; t++) {
                for (int f = 0; f < inputSize; f++) {
                    features[(m * inputSize + f) * length + t] = s.inputs[from + t][f];
                }
                labels[m * length + t] = s.targets[from + t];
                mask[m * length + t] = 1f;
            }
        }
        INDArray x = Nd4j.create(features, new long[] {mb, inputSize, length}, 'c');
        INDArray y = Nd4j.create(labels, new long[] {mb, 1, length}, 'c');
        INDArray m = Nd4j.create(mask, new long[] {mb, length}, 'c').castTo(DataType.FLOAT);
        return new DataSet(x, y, m, m);
    }
}
