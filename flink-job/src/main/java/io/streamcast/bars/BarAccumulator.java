package io.streamcast.bars;

import io.streamcast.records.Tick;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A window's running aggregate: enough to give any {@link Aggregation}. A POJO for Flink state.
 *
 * <p>Every aggregate is a function of the window's ticks alone, never of the order they arrive in
 * (which depends on the parallelism and the source's splits), so a backtest gives the same bars
 * at any parallelism:
 *
 * <ul>
 *   <li>The sum is exact: every double is exactly a decimal, and decimal addition neither rounds
 *       nor overflows. A double sum in arrival order would do both (two ticks of 1.7e308 make
 *       Infinity, and {@code (a + b) + c != a + (b + c)}).
 *   <li>LAST is the tick with the newest timestamp; among ticks with the same timestamp, the
 *       largest value (arrival order cannot break the tie deterministically).
 * </ul>
 */
public class BarAccumulator {

    /** Enough digits that rounding the mean to a double does not depend on the division's rounding. */
    private static final MathContext MEAN_PRECISION = MathContext.DECIMAL128;

    public long count;
    public BigDecimal sum = BigDecimal.ZERO;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public long lastTimestamp = Long.MIN_VALUE;
    /** Below every finite value, so that the first tick is always taken. */
    public double last = Double.NEGATIVE_INFINITY;

    public void add(Tick tick) {
        count++;
        sum = sum.add(new BigDecimal(tick.value()));
        min = Math.min(min, tick.value());
        max = Math.max(max, tick.value());
        takeLast(tick.timestamp(), tick.value());
    }

    public BarAccumulator merge(BarAccumulator other) {
        count += other.count;
        sum = sum.add(other.sum);
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        takeLast(other.lastTimestamp, other.last);
        return this;
    }

    private void takeLast(long timestamp, double value) {
        if (timestamp > lastTimestamp || timestamp == lastTimestamp && Double.compare(value, last) > 0) {
            lastTimestamp = timestamp;
            last = value;
        }
    }

    /**
     * The bar value: finite for finite ticks. A mean lies between the smallest and largest tick;
     * a SUM beyond the range of a double saturates at +-{@link Double#MAX_VALUE}, since an
     * infinite bar would poison the key's scaler and LSTM state.
     */
    public double value(Aggregation aggregation) {
        return switch (aggregation) {
            case MEAN -> sum.divide(BigDecimal.valueOf(count), MEAN_PRECISION).doubleValue();
            case LAST -> last;
            case MIN -> min;
            case MAX -> max;
            case SUM -> Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, sum.doubleValue()));
        };
    }
}
