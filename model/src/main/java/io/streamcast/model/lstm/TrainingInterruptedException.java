package io.streamcast.model.lstm;

/**
 * A training stopped because its thread was interrupted (the job is cancelled or the task
 * closes). The thread's interrupt status stays set.
 */
public final class TrainingInterruptedException extends RuntimeException {

    public TrainingInterruptedException(int epoch, int epochs) {
        super("training interrupted in epoch " + (epoch + 1) + " of " + epochs);
    }
}
