package io.streamcast.model.forecast;

/**
 * A key's newest LSTM inputs in a fixed ring: what a key is re-warmed from when it meets a new
 * model. They are of consecutive windows (a gap's carried-forward bars included; a restart empties
 * the ring), the newest the key's last, so their windows follow from the timeline and only the
 * inputs are kept. A bean so Flink keeps it as a POJO.
 *
 * <p>Each is the bar as the key's forecaster scaled it at the time, the input its LSTM was fed,
 * so a re-warm replays the key's own inputs (as a training window holds them), and they keep in
 * half precision ({@link HalfFloats}): a scaled input is clipped to a few deviations, where a
 * half's rounding is under 2^-11 of it. Every input is rounded as it is added, so a restored key
 * replays exactly what it would have.
 */
public final class RecentBars {

    /**
     * Named apart from the float {@code ring} of raw values and the double {@code values} of the
     * layouts before (Flink's POJO evolution can drop a field, not convert one): state of those
     * layouts restores without it and starts an empty ring ({@link #hasRing}).
     */
    private short[] halfInputs;
    /** Inputs added since the ring was last empty, kept under twice its capacity: the next slot is this modulo the capacity. */
    private int added;

    public RecentBars() {}

    public RecentBars(int capacity) {
        halfInputs = new short[capacity];
    }

    /** False for state restored from a layout before, which had no ring of inputs. */
    public boolean hasRing() {
        return halfInputs != null;
    }

    public void add(float scaledInput) {
        halfInputs[added % halfInputs.length] = HalfFloats.toHalf(scaledInput);
        added++;
        if (added == 2 * halfInputs.length) {
            added = halfInputs.length;
        }
    }

    public int size() {
        return Math.min(added, halfInputs.length);
    }

    /** The inputs, oldest first. */
    public float[] inputsOldestFirst() {
        int size = size();
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = HalfFloats.toFloat(halfInputs[(added - size + i) % halfInputs.length]);
        }
        return out;
    }

    public short[] getHalfInputs() {
        return halfInputs;
    }

    public void setHalfInputs(short[] halfInputs) {
        this.halfInputs = halfInputs;
    }

    public int getAdded() {
        return added;
    }

    public void setAdded(int added) {
        this.added = added;
    }
}
