package io.streamcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimestampGuardTest {

    private static final long NOW = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private final AtomicLong clock = new AtomicLong(NOW);

    private TimestampGuard guard(boolean live) {
        return new TimestampGuard(new TimestampRules(TimestampRules.DEFAULT_EARLIEST, Duration.ofHours(1),
                Duration.ofDays(1), 3, live), clock::get);
    }

    @Test
    void microsecondsAndFarFutureAreRefusedAndDoNotMoveEventTime() {
        TimestampGuard guard = guard(true);
        assertThat(guard.check(NOW - HOUR)).isEmpty();
        Optional<String> micros = guard.check((NOW - HOUR) * 1000);
        assertThat(micros).get().asString().startsWith("implausible timestamp").contains("ahead of this machine's clock");
        assertThat(guard.check(Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli())).isPresent();
        assertThat(guard.check(NOW + 2 * HOUR)).get().asString().contains("ahead of this machine's clock");
        // Event time did not move: the next ordinary tick is believed.
        assertThat(guard.check(NOW - HOUR + MINUTE)).isEmpty();
    }

    @Test
    void earlierThanTheBoundOrFarBehindIsRefused() {
        TimestampGuard guard = guard(true);
        assertThat(guard.check(NOW - HOUR)).isEmpty();
        assertThat(guard.check(Instant.parse("1899-12-31T00:00:00Z").toEpochMilli())).get().asString()
                .contains("before the earliest accepted time");
        assertThat(guard.check(-1)).get().asString().contains("behind its partition's event time");
        assertThat(guard.check(NOW - 3 * HOUR)).as("late, but within the jump: the watermark's business").isEmpty();
    }

    @Test
    void oldDataReplayedIsBelieved() {
        TimestampGuard guard = guard(false);
        long t = Instant.parse("1969-01-01T00:00:00Z").toEpochMilli();
        for (int day = 0; day < 1000; day++) {
            assertThat(guard.check(t + day * 24 * HOUR)).isEmpty();
        }
    }

    @Test
    void aLoneJumpAheadIsRefusedButARealOneIsFollowedOnceThreeAgree() {
        TimestampGuard guard = guard(false);
        long base = NOW - 30 * 24 * HOUR;
        assertThat(guard.check(base)).isEmpty();
        long wild = base + 10 * 24 * HOUR;
        assertThat(guard.check(wild)).get().asString().contains("ahead of its partition's event time");
        assertThat(guard.check(base + MINUTE)).as("a normal tick breaks the run").isEmpty();
        assertThat(guard.check(wild)).isPresent();
        assertThat(guard.check(wild + MINUTE)).isPresent();
        assertThat(guard.check(wild + 2 * MINUTE)).as("third in a row").isEmpty();
        assertThat(guard.check(wild + 3 * MINUTE)).isEmpty();
        assertThat(guard.check(base + 2 * MINUTE)).as("now far behind").isPresent();
    }

    @Test
    void liveTheWallTimeSinceThePartitionsLastTickWidensTheAllowance() {
        TimestampGuard live = guard(true);
        TimestampGuard replay = guard(false);
        long base = NOW - 5 * 24 * HOUR;
        assertThat(live.check(base)).isEmpty();
        assertThat(replay.check(base)).isEmpty();
        clock.addAndGet(3 * 24 * HOUR);
        long afterOutage = base + 3 * 24 * HOUR;
        assertThat(live.check(afterOutage)).as("a fleet back from a 3-day outage").isEmpty();
        assertThat(replay.check(afterOutage)).as("replay ignores the wall clock").isPresent();
    }
}
