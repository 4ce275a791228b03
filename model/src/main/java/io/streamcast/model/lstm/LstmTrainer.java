package io.streamcast.model.lstm;

import io.streamcast.model.data.Series;
import io.streamcast.model.forecast.Validation;
import io.streamcast.model.scaling.RunningScaler;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains one global network on many keys' series at once (as DeepAR does): every key contributes
 * windows to the same minibatches, each scaled by its own running scaler. Trains fresh or warm-
 * started from given weights; the same seed and data give the same weights.
 */
public final class LstmTrainer {

    private LstmTrainer() {}

    public static TrainingResult train(LstmConfig config, ScalingSpec scaling, List<Series> series) {
        return train(config, scaling, series, null);
    }

    /**
     * @param warmStart weights to start from (same shape as {@code config}), or null for a fresh
     *     network initialised from the config's seed
     * @throws TrainingInterruptedException when the calling thread is interrupted
     */
    public static TrainingResult train(
            LstmConfig config, ScalingSpec scaling, List<Series> series, LstmWeights warmStart) {
        if (warmStart != null && !warmStart.config().sameShapeAs(config)) {
            throw new IllegalArgumentException("warm start weights have " + warmStart.config().shape()
                    + ", the training config asks for " + config.shape());
        }
        long started = System.nanoTime();
        MultiLayerNetwork net = LstmNetworks.build(config);
        if (warmStart != null) {
            LstmNetworks.load(net, warmStart);
        }
        TrainingWindows windows = new TrainingWindows(series, config, scaling);
        if (windows.steps() == 0) {
            throw new IllegalArgumentException("no series is long enough to train on (need more than "
                    + (RunningScaler.WARMUP_BARS + 2) + " bars)");
        }
        Random random = new Random(config.seed());
        long trained = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            for (DataSet batch : windows.epoch(random, config.minibatchSize())) {
                // DL4J's fit ignores interrupts; checking between minibatches stops a cancelled
                // job's training within one minibatch instead of after every epoch.
                if (Thread.currentThread().isInterrupted()) {
                    throw new TrainingInterruptedException(epoch, config.epochs());
                }
                net.fit(batch);
                trained += (long) batch.getLabelsMaskArray().sumNumber().doubleValue();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LstmWeights weights = LstmNetworks.export(net, config, scaling);
        return new TrainingResult(weights, Validation.scaledMse(weights, series, Integer.MAX_VALUE),
                trained, seconds);
    }
}
