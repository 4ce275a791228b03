package io.streamcast.model.lstm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Packs training windows into DL4J minibatches: each epoch shuffles the windows (seeded) and
 * stacks {@code minibatchSize} of them, shorter ones masked, as sequences of
 * [inputs x steps] with the targets as labels.
 */
final class Minibatches {

    private final List<TrainingWindow> windows;
    private final InputFeatures features;

    Minibatches(List<TrainingWindow> windows, InputFeatures features) {
        this.windows = List.copyOf(windows);
        this.features = features;
    }

    long steps() {
        long n = 0;
        for (TrainingWindow w : windows) {
            n += w.length();
        }
        return n;
    }

    List<DataSet> epoch(Random random, int minibatchSize) {
        List<TrainingWindow> order = new ArrayList<>(windows);
        Collections.shuffle(order, random);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < order.size(); b += minibatchSize) {
            batches.add(batch(order.subList(b, Math.min(order.size(), b + minibatchSize))));
        }
        return batches;
    }

    private DataSet batch(List<TrainingWindow> batch) {
        int mb = batch.size();
        int inputSize = features.size();
        int length = 0;
        for (TrainingWindow w : batch) {
            length = Math.max(length, w.length());
        }
        float[] inputs = new float[mb * inputSize * length];
        float[] labels = new float[mb * length];
        float[] mask = new float[mb * length];
        float[] step = new float[inputSize];
        for (int m = 0; m < mb; m++) {
            TrainingWindow w = batch.get(m);
            for (int t = 0; t < w.length(); t++) {
                w.input(t, features, step);
                for (int f = 0; f < inputSize; f++) {
                    inputs[(m * inputSize + f) * length + t] = step[f];
                }
                labels[m * length + t] = w.targets()[t];
                mask[m * length + t] = 1f;
            }
        }
        INDArray x = Nd4j.create(inputs, new long[] {mb, inputSize, length}, 'c');
        INDArray y = Nd4j.create(labels, new long[] {mb, 1, length}, 'c');
        INDArray m = Nd4j.create(mask, new long[] {mb, length}, 'c').castTo(DataType.FLOAT);
        return new DataSet(x, y, m, m);
    }
}
