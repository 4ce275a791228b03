package io.streamcast.model.metrics;

import java.time.Duration;

/**
 * The season of the seasonal-naive baseline when none is given: the cycle people's data most
 * often has at that window, a day for windows shorter than a day and a week from a day up.
 */
public final class SeasonalPeriod {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);

    private SeasonalPeriod() {}

    /** The default season in windows of {@code window}, at least 1. */
    public static int windowsFor(Duration window) {
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        Duration cycle = window.compareTo(DAY) < 0 ? DAY : WEEK;
        return (int) Math.max(1, cycle.toMillis() / window.toMillis());
    }
}
