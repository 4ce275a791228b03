package io.streamcast.model.lstm;

/**
 * What one training run produced.
 *
 * @param weights the trained network
 * @param trainLoss one-step mean absolute error in scaled units over the training windows, measured
 *     with the fast step ({@link WindowLoss})
 * @param heldOutLoss the same over the held-out windows training stopped early on, of the weights
 *     kept (the best epoch's); NaN without held-out windows
 * @param sequenceSteps time steps trained on, over all epochs
 * @param epochs epochs run (fewer than configured when training stopped early)
 * @param seconds wall time of the DL4J training
 */
public record TrainingResult(LstmWeights weights, double trainLoss, double heldOutLoss, long sequenceSteps,
        int epochs, double seconds) {

    public double stepsPerSecond() {
        return sequenceSteps / seconds;
    }
}
