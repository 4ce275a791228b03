package io.streamcast.model.training;

import io.streamcast.model.data.Series;
import io.streamcast.model.forecast.RecentBars;

/**
 * One key's newest bars as a regular series for training: gaps are carried forward (the rule the
 * forecaster steps by), and only the newest {@code capacity} bars are kept. A bean so Flink
 * keeps it as a POJO.
 */
public final class KeyHistory {

    private RecentBars bars;
    private long lastWindowEnd = Long.MIN_VALUE;
    private double lastValue;

    public KeyHistory() {}

    public KeyHistory(int capacity) {
        bars = new RecentBars(capacity);
    }

    public void add(long windowStart, long windowEnd, double value) {
        long window = windowEnd - windowStart;
        if (lastWindowEnd != Long.MIN_VALUE) {
            long missing = (windowStart - lastWindowEnd) / window;
            if (missing > bars.getValues().length) {
                bars.clear();
            } else {
                for (long w = 1; w <= missing; w++) {
                    bars.add(lastValue, lastWindowEnd + w * window);
                }
            }
        }
        bars.add(value, windowEnd);
        lastWindowEnd = windowEnd;
        lastValue = value;
    }

    public int size() {
        return bars.getSize();
    }

    public Series toSeries(String key, long windowMillis) {
        long[] ends = bars.nextWindowStartsOldestFirst();
        long[] starts = new long[ends.length];
        for (int i = 0; i < ends.length; i++) {
            starts[i] = ends[i] - windowMillis;
        }
        return new Series(key, starts, bars.valuesOldestFirst());
    }

    public RecentBars getBars() {
        return bars;
    }

    public void setBars(RecentBars bars) {
        this.bars = bars;
    }

    public long getLastWindowEnd() {
        return lastWindowEnd;
    }

    public void setLastWindowEnd(long lastWindowEnd) {
        this.lastWindowEnd = lastWindowEnd;
    }

    public double getLastValue() {
        return lastValue;
    }

    public void setLastValue(double lastValue) {
        this.lastValue = lastValue;
    }
}
