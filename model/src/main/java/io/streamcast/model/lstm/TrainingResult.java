package io.streamcast.model.lstm;

/**
 * What one training run produced.
 *
 * @param weights the trained network
 * @param trainLoss one-step MSE in scaled units over the training windows, measured with the fast step
 * @param sequenceSteps time steps trained on, over all epochs
 * @param epochs epochs run (fewer than configured when training stopped early)
 * @param seconds wall time of the DL4J training
 */
public record TrainingResult(LstmWeights weights, double trainLoss, long sequenceSteps, int epochs,
        double seconds) {

    public double stepsPerSecond() {
        return sequenceSteps / seconds;
    }
}
