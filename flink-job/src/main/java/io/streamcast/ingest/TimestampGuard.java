package io.streamcast.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@link TimestampRules} applied to one partition's ticks in arrival order. Not thread-safe, and
 * not checkpointed: after a restore a partition's event time is learned again from its first tick
 * within the bounds.
 */
public final class TimestampGuard {

    private final TimestampRules rules;
    private final LongSupplier clock;
    private final long earliest;
    private final long maxAhead;
    private final long maxJump;

    private boolean started;
    /** The partition's event time: its newest believed timestamp. */
    private long newest;
    private long newestArrivedAt;
    /** A run of ticks that agree on a jump ahead, not yet believed. */
    private long jumpTo;
    private int jumpVotes;

    public TimestampGuard(TimestampRules rules, LongSupplier clock) {
        this.rules = rules;
        this.clock = clock;
        this.earliest = rules.earliest().toEpochMilli();
        this.maxAhead = rules.maxAheadOfClock().toMillis();
        this.maxJump = rules.maxJump().toMillis();
    }

    /** Empty if {@code timestamp} is believed (and then taken as event time), else why not. */
    public Optional<String> check(long timestamp) {
        long now = clock.getAsLong();
        if (timestamp < earliest) {
            return refuse(timestamp, "is before the earliest accepted time " + rules.earliest());
        }
        if (timestamp > now + maxAhead) {
            return refuse(timestamp, "is " + Duration.ofMillis(timestamp - now) + " ahead of this machine's clock "
                    + "(at most " + rules.maxAheadOfClock() + " is accepted; milliseconds expected)");
        }
        if (!started) {
            started = true;
            believe(timestamp, now);
            return Optional.empty();
        }
        long allowance = maxJump + (rules.useWallClockForGaps() ? Math.max(0, now - newestArrivedAt) : 0);
        if (timestamp > newest + allowance) {
            return jumpAhead(timestamp, now);
        }
        jumpVotes = 0;
        if (timestamp < newest - maxJump) {
            return refuse(timestamp, "is " + Duration.ofMillis(newest - timestamp)
                    + " behind its partition's event time " + Instant.ofEpochMilli(newest)
                    + " (at most " + rules.maxJump() + ")");
        }
        believe(Math.max(newest, timestamp), now);
        return Optional.empty();
    }

    private Optional<String> jumpAhead(long timestamp, long now) {
        if (jumpVotes > 0 && Math.abs(timestamp - jumpTo) <= maxJump) {
            jumpVotes++;
            jumpTo = Math.max(jumpTo, timestamp);
        } else {
            jumpVotes = 1;
            jumpTo = timestamp;
        }
        if (jumpVotes >= rules.confirmations()) {
            jumpVotes = 0;
            believe(jumpTo, now);
            return Optional.empty();
        }
        return refuse(timestamp, "is " + Duration.ofMillis(timestamp - newest)
                + " ahead of its partition's event time " + Instant.ofEpochMilli(newest) + " (at most "
                + rules.maxJump() + "; a jump is followed once " + rules.confirmations() + " ticks in a row agree)");
    }

    private void believe(long timestamp, long now) {
        newest = timestamp;
        newestArrivedAt = now;
    }

    private static Optional<String> refuse(long timestamp, String why) {
        return Optional.of("implausible timestamp " + timestamp + " (" + Instant.ofEpochMilli(timestamp) + ") " + why);
    }
}
