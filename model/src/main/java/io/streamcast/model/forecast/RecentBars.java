package io.streamcast.model.forecast;

/**
 * A key's newest bar values, oldest first, in a fixed ring: what a key is re-warmed from when it
 * meets a new model. A bean so Flink keeps it as a POJO.
 */
public final class RecentBars {

    private double[] values;
    /** Start of the window each value was followed by: the calendar input of its step. */
    private long[] nextWindowStarts;
    private int size;
    private int head;

    public RecentBars() {}

    public RecentBars(int capacity) {
        values = new double[capacity];
        nextWindowStarts = new long[capacity];
    }

    public void add(double value, long nextWindowStart) {
        values[head] = value;
        nextWindowStarts[head] = nextWindowStart;
        head = (head + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    public void clear() {
        size = 0;
        head = 0;
    }

    public double[] valuesOldestFirst() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = values[index(i)];
        }
        return out;
    }

    public long[] nextWindowStartsOldestFirst() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = nextWindowStarts[index(i)];
        }
        return out;
    }

    private int index(int i) {
        return (head - size + i + values.length) % values.length;
    }

    public double[] getValues() {
        return values;
    }

    public void setValues(double[] values) {
        this.values = values;
    }

    public long[] getNextWindowStarts() {
        return nextWindowStarts;
    }

    public void setNextWindowStarts(long[] nextWindowStarts) {
        this.nextWindowStarts = nextWindowStarts;
    }

    public int getSize() {
        return size;
    }

    public void setSize(int size) {
        this.size = size;
    }

    public int getHead() {
        return head;
    }

    public void setHead(int head) {
        this.head = head;
    }
}
