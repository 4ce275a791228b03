package io.streamcast.model.data;

import java.util.Arrays;

/**
 * One key's regular series of bars: {@code values[i]} is the bar of the window starting at
 * {@code windowStarts[i]}, consecutive windows one step apart.
 */
public record Series(String key, long[] windowStarts, double[] values) {

    public Series {
        if (windowStarts.length != values.length) {
            throw new IllegalArgumentException("windowStarts and values differ in length: "
                    + windowStarts.length + " vs " + values.length);
        }
        windowStarts = windowStarts.clone();
        values = values.clone();
    }

    public int length() {
        return values.length;
    }

    @Override
    public long[] windowStarts() {
        return windowStarts.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double value(int i) {
        return values[i];
    }

    public long windowStart(int i) {
        return windowStarts[i];
    }

    /** Bars [from, to). */
    public Series slice(int from, int to) {
        return new Series(key, Arrays.copyOfRange(windowStarts, from, to), Arrays.copyOfRange(values, from, to));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && key.equals(s.key)
                && Arrays.equals(windowStarts, s.windowStarts) && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Series{" + key + ", " + values.length + " bars}";
    }
}
