package io.streamcast.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * The bench generator's rate limiter: lets its first {@code records} through unthrottled, then
 * holds the source open, emitting nothing and never finishing, until the job is stopped. A source
 * that finished would end the job's input: the watermark would jump to the end of time (firing
 * every timer) and a checkpoint would hold no state of the finished tasks. Held open instead, the
 * job stays live with every key's state in place, so a savepoint then is one a live job could
 * take, and can be restored.
 *
 * <p>The generator's reader asks for one permit before each poll, and each poll emits one record
 * while its split lasts: on one generator subtask (one split) the first {@code records} permits
 * are the first {@code records} records. Holding costs no thread: the reader waits on a future
 * that never completes, and checkpoints and the stop reach the task meanwhile.
 */
record HoldOpen(long records) implements RateLimiterStrategy<NumberSequenceSplit> {

    HoldOpen {
        if (records < 0) {
            throw new IllegalArgumentException("records must be 0 or more, was " + records);
        }
    }

    @Override
    public RateLimiter<NumberSequenceSplit> createRateLimiter(int parallelism) {
        if (parallelism != 1) {
            throw new IllegalArgumentException("one generator subtask, not " + parallelism
                    + ": with several splits a permit may go to a poll that emits nothing");
        }
        return new Limiter(records);
    }

    private static final class Limiter implements RateLimiter<NumberSequenceSplit> {
        private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

        private final CompletableFuture<Void> never = new CompletableFuture<>();
        private long left;

        Limiter(long records) {
            this.left = records;
        }

        @Override
        public CompletionStage<Void> acquire(int permits) {
            if (left >= permits) {
                left -= permits;
                return NOW;
            }
            return never;
        }
    }
}
