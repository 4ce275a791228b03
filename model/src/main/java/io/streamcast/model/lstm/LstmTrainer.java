package io.streamcast.model.lstm;

import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains one global network on many keys' windows at once (as DeepAR does): every key contributes
 * windows to the same minibatches, each already in its own key's scale. Trains fresh or warm-
 * started from given weights; the same seed and data give the same weights.
 *
 * <p>With held-out windows given, training stops early: after each epoch the weights are scored
 * on them, the best so far are kept, and {@link #PATIENCE} epochs without improvement end the
 * run. So {@code epochs} is a ceiling, and a retraining costs at most epochs x windows steps.
 * The minibatch is the configured size, or smaller when the windows are few (at least
 * {@link #MIN_UPDATES_PER_EPOCH} updates an epoch).
 */
public final class LstmTrainer {

    /** Epochs without a better held-out score before training stops. */
    public static final int PATIENCE = 3;

    /**
     * Gradient updates an epoch makes at least: a small pool (a few keys, a young job) is cut into
     * smaller minibatches rather than fitted in one update per epoch.
     */
    static final int MIN_UPDATES_PER_EPOCH = 4;
    private static final int MIN_MINIBATCH = 8;

    private LstmTrainer() {}

    /**
     * @param holdout windows to stop early on (empty: run every epoch); the weights returned
     *     are those of the epoch that scored best on them
     * @param warmStart weights to start from (same shape as {@code config}), or null for a fresh
     *     network initialised from the config's seed
     * @throws TrainingInterruptedException when the calling thread is interrupted
     */
    public static TrainingResult train(LstmConfig config, ScalingSpec scaling, List<TrainingWindow> windows,
            List<TrainingWindow> holdout, LstmWeights warmStart) {
        if (warmStart != null && !warmStart.config().sameShapeAs(config)) {
            throw new IllegalArgumentException("warm start weights have " + warmStart.config().shape()
                    + ", the training config asks for " + config.shape());
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no training windows to train on");
        }
        long started = System.nanoTime();
        MultiLayerNetwork net = LstmNetworks.build(config);
        if (warmStart != null) {
            LstmNetworks.load(net, warmStart);
        }
        Minibatches minibatches = new Minibatches(windows, config.features());
        Random random = new Random(config.seed());
        long trained = 0;
        LstmWeights best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int epochs = 0;
        for (int sinceBest = 0; epochs < config.epochs() && sinceBest < PATIENCE; epochs++) {
            for (DataSet batch : minibatches.epoch(random, minibatchSize(config, windows.size()))) {
                // DL4J's fit ignores interrupts; checking between minibatches stops a cancelled
                // job's training within one minibatch instead of after every epoch.
                if (Thread.currentThread().isInterrupted()) {
                    throw new TrainingInterruptedException(epochs, config.epochs());
                }
                net.fit(batch);
                trained += (long) batch.getLabelsMaskArray().sumNumber().doubleValue();
            }
            if (holdout.isEmpty()) {
                continue;
            }
            LstmWeights weights = LstmNetworks.export(net, config, scaling);
            double loss = WindowLoss.scaledMae(weights, holdout);
            if (loss < bestLoss) {
                best = weights;
                bestLoss = loss;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
        LstmWeights weights = best != null ? best : LstmNetworks.export(net, config, scaling);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new TrainingResult(weights, WindowLoss.scaledMae(weights, windows), best != null ? bestLoss : Double.NaN,
                trained, epochs, seconds);
    }

    static int minibatchSize(LstmConfig config, int windows) {
        int forUpdates = Math.max(MIN_MINIBATCH, -Math.floorDiv(-windows, MIN_UPDATES_PER_EPOCH));
        return Math.min(config.minibatchSize(), forUpdates);
    }
}
