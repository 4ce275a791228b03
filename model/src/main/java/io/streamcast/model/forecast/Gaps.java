package io.streamcast.model.forecast;

import java.util.OptionalLong;

/**
 * The one rule for windows without ticks, shared by the forecaster and the training sampler so
 * that both step a key through the same timeline: a short gap repeats the last bar once per
 * missing window (carry forward), so the LSTM still steps once per interval; a gap longer than
 * {@code maxCarried} windows starts the key afresh instead of stepping through, say, a month of
 * copies.
 */
public final class Gaps {

    private Gaps() {}

    /**
     * The windows to carry forward before a bar of the window starting at {@code windowStart},
     * after a last bar whose window ended at {@code lastWindowEnd}; empty when the key restarts.
     */
    public static OptionalLong carried(long lastWindowEnd, long windowStart, long windowMillis, int maxCarried) {
        if (windowStart < lastWindowEnd) {
            throw new IllegalArgumentException("bar for window starting " + windowStart
                    + " arrived after the window ending " + lastWindowEnd);
        }
        long missing = (windowStart - lastWindowEnd) / windowMillis;
        return missing > maxCarried ? OptionalLong.empty() : OptionalLong.of(missing);
    }
}
