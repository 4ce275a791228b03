package io.streamcast.model.interval;

import java.io.Serializable;

/**
 * What a key's later bars are judged against once one is flagged. The LSTM and the scaler take
 * every bar as it is either way, so that the forecast follows an event (or a new level) from its
 * second bar on; a flagged bar's error enters the interval statistics capped
 * ({@link IntervalCalibrator}).
 *
 * <ul>
 *   <li>{@code learn} ({@code maxHeldBars} 0): every bar against the interval of its own forecast.
 *       Only an event's onset is flagged (the forecast has followed it by the next bar), and its
 *       end is flagged again as a jump back.
 *   <li>{@code hold}: the bars after a flagged one are judged against the band the first was
 *       judged against (the level before the event) for as long as they stay outside it, at most
 *       {@code maxHeldBars} bars in all, so an event is flagged for its duration and the return
 *       to normal is not. A run longer than that is a new level: from then on the bars are judged
 *       against their own forecasts again, which have followed it.
 *   <li>Why not hold the LSTM instead (feed it the forecast, not the flagged actual, and record
 *       no error): measured on the sensor data it flagged every event for its duration too, but
 *       the forecasts held at the old level through every level shift and MASE went from 1.61
 *       to 2.65 (README).
 * </ul>
 *
 * @param maxHeldBars bars of a flagged run judged against its first bar's band; 0 for {@code learn}
 */
public record AnomalyPolicy(int maxHeldBars) implements Serializable {

    /** Longer than the sensor data's introduced events (5 to 10 one-minute windows). */
    public static final int DEFAULT_MAX_HELD_BARS = 10;

    public AnomalyPolicy {
        if (maxHeldBars < 0) {
            throw new IllegalArgumentException("maxHeldBars must be 0 or more, was " + maxHeldBars);
        }
    }

    /** Chosen by measurement on the sensor labels (README). */
    public static AnomalyPolicy defaults() {
        return hold(DEFAULT_MAX_HELD_BARS);
    }

    public static AnomalyPolicy learn() {
        return new AnomalyPolicy(0);
    }

    public static AnomalyPolicy hold(int maxHeldBars) {
        if (maxHeldBars < 1) {
            throw new IllegalArgumentException("hold needs maxHeldBars of 1 or more, was " + maxHeldBars);
        }
        return new AnomalyPolicy(maxHeldBars);
    }

    /** {@code learn} or {@code hold}. */
    public String name() {
        return maxHeldBars == 0 ? "learn" : "hold";
    }

    /** Whether the bar after a flagged run of {@code heldBars} is judged against the run's first band. */
    public boolean holds(int heldBars) {
        return heldBars < maxHeldBars;
    }
}
