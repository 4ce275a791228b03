package io.streamcast.model.forecast;

import io.streamcast.model.scaling.RunningScaler;

/**
 * One key's running state: the LSTM's hidden and cell state of every layer and the key's scaler.
 * A mutable bean with a no-argument constructor so Flink keeps it as a POJO (evolvable, no Kryo).
 *
 * <p>The LSTM state is kept in half precision ({@link HalfFloats}): it is most of a key's bytes
 * (2 layers of 32 take 256 bytes instead of 512), and a step reads it into floats, steps in
 * float, and rounds it back, so every backend, a restore and an uninterrupted run step exactly
 * alike. The rounding (at most 2^-11 of each value; h lies in (-1, 1)) moves a forecast by a small
 * fraction of a deviation, far inside its error; measured in the README ("Per-key state").
 */
public final class KeyState {

    private short[] halfHidden;
    private short[] halfCell;
    /**
     * The full-precision state of the layout before (null since): named apart from the halves, so
     * that state of that layout restores with them and goes on from them, rounded at its next step.
     */
    private float[] hidden;
    private float[] cell;
    private RunningScaler scaler;

    public KeyState() {}

    public KeyState(int stateSize) {
        resetLstm(stateSize);
        this.scaler = new RunningScaler();
    }

    /** Zeroes the LSTM state (a new model's weights give the old state no meaning); keeps the scaler. */
    public void resetLstm(int stateSize) {
        halfHidden = new short[stateSize];
        halfCell = new short[stateSize];
        hidden = null;
        cell = null;
    }

    /** Length of the hidden and of the cell state: every layer's H values, layer after layer. */
    public int lstmSize() {
        return halfHidden != null ? halfHidden.length : hidden.length;
    }

    /** Copies h and c into {@code h} and {@code c}, of {@link #lstmSize()} each. */
    public void readLstm(float[] h, float[] c) {
        if (halfHidden == null) {
            System.arraycopy(hidden, 0, h, 0, h.length);
            System.arraycopy(cell, 0, c, 0, c.length);
        } else {
            HalfFloats.toFloats(halfHidden, h);
            HalfFloats.toFloats(halfCell, c);
        }
    }

    /** Keeps {@code h} and {@code c} as the state, rounded to half precision. */
    public void writeLstm(float[] h, float[] c) {
        if (halfHidden == null) {
            resetLstm(h.length);
        }
        HalfFloats.toHalves(h, halfHidden);
        HalfFloats.toHalves(c, halfCell);
    }

    /** A copy of the LSTM state over the same scaler, to step ahead without moving this key. */
    KeyState withCopiedLstm() {
        KeyState copy = new KeyState();
        copy.halfHidden = halfHidden == null ? null : halfHidden.clone();
        copy.halfCell = halfCell == null ? null : halfCell.clone();
        copy.hidden = hidden == null ? null : hidden.clone();
        copy.cell = cell == null ? null : cell.clone();
        copy.scaler = scaler;
        return copy;
    }

    public short[] getHalfHidden() {
        return halfHidden;
    }

    public void setHalfHidden(short[] halfHidden) {
        this.halfHidden = halfHidden;
    }

    public short[] getHalfCell() {
        return halfCell;
    }

    public void setHalfCell(short[] halfCell) {
        this.halfCell = halfCell;
    }

    public float[] getHidden() {
        return hidden;
    }

    public void setHidden(float[] hidden) {
        this.hidden = hidden;
    }

    public float[] getCell() {
        return cell;
    }

    public void setCell(float[] cell) {
        this.cell = cell;
    }

    public RunningScaler getScaler() {
        return scaler;
    }

    public void setScaler(RunningScaler scaler) {
        this.scaler = scaler;
    }
}
