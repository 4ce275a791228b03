package io.streamcast.ingest;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * When a tick's timestamp is believed. One wild timestamp (microseconds read as milliseconds, year
 * 10000, a device clock in another zone) would otherwise move its partition's event time and make
 * every later tick late; so a tick is refused, and does not move event time, when it is
 *
 * <ul>
 *   <li>before {@code earliest} (default 1900: the bundled data starts in 1969), or more than
 *       {@code maxAheadOfClock} ahead of this machine's clock (the wall clock is an upper bound of
 *       any real event time, replayed or live);
 *   <li>more than {@code maxJump} away from its partition's event time, ahead or behind. A real
 *       jump ahead (an outage, a second deployment) is followed once {@code confirmations} ticks in
 *       a row agree with it; the ones before are refused. Live, the wall time elapsed since the
 *       partition's last tick widens the allowance, so a fleet back from an outage loses nothing.
 * </ul>
 *
 * @param useWallClockForGaps live only: in a replay wall time says nothing about event time, and a
 *     verdict must not depend on how fast the replay ran
 */
public record TimestampRules(Instant earliest, Duration maxAheadOfClock, Duration maxJump, int confirmations,
        boolean useWallClockForGaps) implements Serializable {

    public static final Instant DEFAULT_EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    public static final Duration DEFAULT_MAX_AHEAD_OF_CLOCK = Duration.ofHours(1);
    public static final int DEFAULT_CONFIRMATIONS = 3;

    public TimestampRules {
        if (maxAheadOfClock.isNegative() || maxJump.isNegative() || maxJump.isZero() || confirmations < 1) {
            throw new IllegalArgumentException("timestamp rules need maxAheadOfClock >= 0, maxJump > 0 and "
                    + "confirmations >= 1, were " + maxAheadOfClock + ", " + maxJump + ", " + confirmations);
        }
    }

    /**
     * The default jump allowance: a day, or 20 windows where windows are long (weekends and
     * holidays leave daily series silent for days).
     */
    public static Duration defaultMaxJump(Duration window) {
        Duration windows = window.multipliedBy(20);
        return windows.compareTo(Duration.ofDays(1)) > 0 ? windows : Duration.ofDays(1);
    }

    public static TimestampRules defaults(Duration window, boolean live) {
        return new TimestampRules(DEFAULT_EARLIEST, DEFAULT_MAX_AHEAD_OF_CLOCK, defaultMaxJump(window),
                DEFAULT_CONFIRMATIONS, live);
    }

    public TimestampRules forReplay() {
        return new TimestampRules(earliest, maxAheadOfClock, maxJump, confirmations, false);
    }
}
