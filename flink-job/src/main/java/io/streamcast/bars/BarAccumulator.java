package io.streamcast.bars;

import io.streamcast.records.Tick;

/** A window's running aggregate: enough to give any {@link Aggregation}. A POJO for Flink state. */
public class BarAccumulator {

    public long count;
    public double sum;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public long lastTimestamp = Long.MIN_VALUE;
    public double last;

    public void add(Tick tick) {
        count++;
        sum += tick.value();
        min = Math.min(min, tick.value());
        max = Math.max(max, tick.value());
        // Ties go to the later arrival, which within a Kafka partition is the later record.
        if (tick.timestamp() >= lastTimestamp) {
            lastTimestamp = tick.timestamp();
            last = tick.value();
        }
    }

    public BarAccumulator merge(BarAccumulator other) {
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (other.lastTimestamp >= lastTimestamp) {
            lastTimestamp = other.lastTimestamp;
            last = other.last;
        }
        return this;
    }

    public double value(Aggregation aggregation) {
        return switch (aggregation) {
            case MEAN -> sum / count;
            case LAST -> last;
            case MIN -> min;
            case MAX -> max;
            case SUM -> sum;
        };
    }
}
