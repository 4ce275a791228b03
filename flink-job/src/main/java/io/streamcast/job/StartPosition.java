package io.streamcast.job;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Where the tick source starts when it has no checkpoint to resume from (a checkpoint or savepoint
 * always resumes at its own offsets).
 */
public sealed interface StartPosition extends Serializable {

    OffsetsInitializer offsets();

    /** The consumer group's committed offsets; the earliest where the group has none. */
    record Committed() implements StartPosition {
        public OffsetsInitializer offsets() {
            return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }

    record Earliest() implements StartPosition {
        public OffsetsInitializer offsets() {
            return OffsetsInitializer.earliest();
        }
    }

    record Latest() implements StartPosition {
        public OffsetsInitializer offsets() {
            return OffsetsInitializer.latest();
        }
    }

    /** The first record whose Kafka timestamp is at or after {@code time}. */
    record At(Instant time) implements StartPosition {
        public OffsetsInitializer offsets() {
            return OffsetsInitializer.timestamp(time.toEpochMilli());
        }
    }

    /** {@code committed}, {@code earliest}, {@code latest} or an ISO-8601 instant. */
    public static StartPosition parse(String text) {
        return switch (text) {
            case "committed" -> new Committed();
            case "earliest" -> new Earliest();
            case "latest" -> new Latest();
            default -> {
                try {
                    yield new At(Instant.parse(text));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("expected committed, earliest, latest or an ISO-8601 "
                            + "instant such as 2026-01-05T10:00:00Z, was '" + text + "'");
                }
            }
        };
    }
}
