package io.streamcast.model.lstm;

import java.util.Objects;

/**
 * The shape and training settings of the forecasting LSTM. Immutable; every field is checked on
 * construction so a bad setting fails where it is made, naming the field and its allowed range.
 *
 * @param layers number of stacked LSTM layers
 * @param hiddenSize units per LSTM layer
 * @param features what the network reads at each step (this fixes its input size)
 * @param learningRate Adam's learning rate
 * @param epochs passes over the training windows per training run
 * @param tbpttLength truncated back-propagation length, in steps
 * @param minibatchSize training windows per gradient step
 * @param seed seed for weight initialisation and the order of training windows
 */
public record LstmConfig(
        int layers,
        int hiddenSize,
        InputFeatures features,
        double learningRate,
        int epochs,
        int tbpttLength,
        int minibatchSize,
        long seed) implements java.io.Serializable {

    public static final int MAX_LAYERS = 8;
    public static final int MAX_HIDDEN = 1024;
    /**
     * Windows per minibatch: measured 1.8 times the steps per second of 32 at a similar loss per
     * step trained (hidden 32, 2 layers, this 2-core machine); larger ones fit faster still but
     * learn less per epoch.
     */
    public static final int DEFAULT_MINIBATCH = 64;
    /** A ceiling: training stops early once the held-out windows stop improving. */
    public static final int DEFAULT_EPOCHS = 30;

    public LstmConfig {
        requireRange("layers", layers, 1, MAX_LAYERS);
        requireRange("hiddenSize", hiddenSize, 1, MAX_HIDDEN);
        Objects.requireNonNull(features, "features must be given");
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException(
                    "learningRate must be in (0, 1], was " + learningRate);
        }
        requireRange("epochs", epochs, 1, 10_000);
        requireRange("tbpttLength", tbpttLength, 2, 10_000);
        requireRange("minibatchSize", minibatchSize, 1, 100_000);
    }

    /** Two layers of 32 units on value and calendar inputs: fast to step, enough for daily and weekly cycles. */
    public static LstmConfig defaults() {
        return new LstmConfig(2, 32, InputFeatures.VALUE_AND_CALENDAR_WITH_YEAR, 0.005, DEFAULT_EPOCHS, 50, DEFAULT_MINIBATCH, 42L);
    }

    /** Whether weights trained under one config fit a network built from the other. */
    public boolean sameShapeAs(LstmConfig other) {
        return layers == other.layers && hiddenSize == other.hiddenSize && features == other.features;
    }

    /** The shape {@link #sameShapeAs} compares, as messages name it: "layers 2, hidden 32, features value". */
    public String shape() {
        return "layers " + layers + ", hidden " + hiddenSize + ", features "
                + features.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public int inputSize() {
        return features.size();
    }

    public LstmConfig withLayers(int v) {
        return new LstmConfig(v, hiddenSize, features, learningRate, epochs, tbpttLength, minibatchSize, seed);
    }

    public LstmConfig withHiddenSize(int v) {
        return new LstmConfig(layers, v, features, learningRate, epochs, tbpttLength, minibatchSize, seed);
    }

    public LstmConfig withFeatures(InputFeatures v) {
        return new LstmConfig(layers, hiddenSize, v, learningRate, epochs, tbpttLength, minibatchSize, seed);
    }

    public LstmConfig withLearningRate(double v) {
        return new LstmConfig(layers, hiddenSize, features, v, epochs, tbpttLength, minibatchSize, seed);
    }

    public LstmConfig withEpochs(int v) {
        return new LstmConfig(layers, hiddenSize, features, learningRate, v, tbpttLength, minibatchSize, seed);
    }

    public LstmConfig withTbpttLength(int v) {
        return new LstmConfig(layers, hiddenSize, features, learningRate, epochs, v, minibatchSize, seed);
    }

    public LstmConfig withMinibatchSize(int v) {
        return new LstmConfig(layers, hiddenSize, features, learningRate, epochs, tbpttLength, v, seed);
    }

    public LstmConfig withSeed(long v) {
        return new LstmConfig(layers, hiddenSize, features, learningRate, epochs, tbpttLength, minibatchSize, v);
    }

    private static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be in [" + min + ", " + max + "], was " + value);
        }
    }
}
