package io.streamcast.model.forecast;

/**
 * A key's newest bars in a fixed ring: what a key is re-warmed from when it meets a new model.
 * They are of consecutive windows (a gap's carried-forward bars included; a restart empties the
 * ring), the newest the key's last, so their windows follow from the timeline and only the values
 * are kept. A bean so Flink keeps it as a POJO.
 *
 * <p>Floats: a re-warm scales them again, and a float's rounding (2^-24 of the value) is then under
 * 1e-3 of a deviation for a bar near the key's level, since the scaler's deviation is at least 1e-4
 * of it. Every bar is rounded as it is added, so a restored key replays exactly what it would have.
 * A value beyond a float's range (3.4e38) is kept at its bound.
 */
public final class RecentBars {

    /**
     * Named apart from the double {@code values} of the layout before (Flink's POJO evolution can
     * drop a field, not convert one): state of that layout restores without it and starts an empty
     * ring ({@link #hasRing}).
     */
    private float[] ring;
    /** Bars added since the ring was last empty, kept under twice its capacity: the next slot is this modulo the capacity. */
    private int added;

    public RecentBars() {}

    public RecentBars(int capacity) {
        ring = new float[capacity];
    }

    /** False for state restored from the layout before, which had no float ring. */
    public boolean hasRing() {
        return ring != null;
    }

    public void add(double value) {
        ring[added % ring.length] = (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, value));
        added++;
        if (added == 2 * ring.length) {
            added = ring.length;
        }
    }

    public int size() {
        return Math.min(added, ring.length);
    }

    /** The values, oldest first. */
    public double[] valuesOldestFirst() {
        int size = size();
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = ring[(added - size + i) % ring.length];
        }
        return out;
    }

    public float[] getRing() {
        return ring;
    }

    public void setRing(float[] ring) {
        this.ring = ring;
    }

    public int getAdded() {
        return added;
    }

    public void setAdded(int added) {
        this.added = added;
    }
}
