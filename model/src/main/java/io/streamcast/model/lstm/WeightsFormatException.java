package io.streamcast.model.lstm;

/** Serialized weights that cannot be trusted: truncated, corrupted, or of an unknown format. */
public final class WeightsFormatException extends RuntimeException {
    public WeightsFormatException(String message) {
        super(message);
    }
}
