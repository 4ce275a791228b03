package io.streamcast.model.forecast;

import java.time.Duration;

/**
 * Restored state that this job's options cannot continue: bars of another window length, or
 * LSTM state of another model shape. Retrying cannot help, so the job should stop with this
 * message rather than restart from the same state forever.
 */
public final class IncompatibleStateException extends IllegalStateException {

    private IncompatibleStateException(String problem) {
        super(problem + "; restart with the options the state was written with, or without the savepoint");
    }

    public static IncompatibleStateException window(long stateMillis, long jobMillis) {
        return new IncompatibleStateException("the restored state was written with --window "
                + Duration.ofMillis(stateMillis) + ", this job runs with --window " + Duration.ofMillis(jobMillis));
    }

    /** @param state the shape of the restored model, {@code LstmConfig.shape()}; job: this job's */
    public static IncompatibleStateException modelShape(String state, String job) {
        return new IncompatibleStateException("the restored model has " + state + ", this job runs with " + job);
    }

    public static IncompatibleStateException lstmState(int stateSize, long version, int modelStateSize) {
        return new IncompatibleStateException("a key's restored LSTM state has " + stateSize
                + " values, but model version " + version + " (--model or retrained) needs " + modelStateSize);
    }
}
