package io.streamcast.backtest;

import io.streamcast.job.KafkaSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What a backtest replays: recorded CSV files, or a time range of a Kafka topic. */
public sealed interface BacktestInput {

    record CsvFiles(List<Path> files) implements BacktestInput {
        public CsvFiles {
            files = List.copyOf(files);
        }
    }

    /** Records of {@code kafka.ticksTopic()} with Kafka timestamps in [from, to). */
    record KafkaRange(KafkaSettings kafka, Instant from, Instant to) implements BacktestInput {}
}
