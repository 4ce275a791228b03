package io.streamcast.model.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The calendar's cycles counted in windows: the season of the seasonal-naive baseline where the
 * data's past cannot be read for it (a backtest of a Kafka range, or one seeded with a model, which
 * forecasts from the first window; elsewhere {@link SeasonDetector} reads it from the data), and
 * the cycles the detector prefers among lags about as strong.
 */
public final class SeasonalPeriod {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);

    private SeasonalPeriod() {}

    /**
     * The season in windows of {@code window}, at least 1, when the data cannot tell: the cycle
     * people's data most often has at that window, a day for windows shorter than a day and a week
     * from a day up.
     */
    public static int windowsFor(Duration window) {
        requirePositive(window);
        Duration cycle = window.compareTo(DAY) < 0 ? DAY : WEEK;
        return (int) Math.max(1, cycle.toMillis() / window.toMillis());
    }

    /** The day and the week in windows of {@code window}, each if it is a whole number of them. */
    public static Set<Integer> calendarCycles(Duration window) {
        requirePositive(window);
        Set<Integer> cycles = new TreeSet<>();
        for (Duration cycle : List.of(DAY, WEEK)) {
            if (cycle.toMillis() % window.toMillis() == 0) {
                cycles.add((int) (cycle.toMillis() / window.toMillis()));
            }
        }
        return cycles;
    }

    private static void requirePositive(Duration window) {
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }
}
