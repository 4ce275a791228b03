package io.streamcast.model.forecast;

import io.streamcast.model.scaling.RunningScaler;

/**
 * One key's running state: the LSTM's hidden and cell state of every layer and the key's scaler.
 * A mutable bean with a no-argument constructor so Flink keeps it as a POJO (evolvable, no Kryo).
 */
public final class KeyState {

    private float[] hidden;
    private float[] cell;
    private RunningScaler scaler;

    public KeyState() {}

    public KeyState(int stateSize) {
        this.hidden = new float[stateSize];
        this.cell = new float[stateSize];
        this.scaler = new RunningScaler();
    }

    /** Zeroes the LSTM state (a new model's weights give the old state no meaning); keeps the scaler. */
    public void resetLstm(int stateSize) {
        hidden = new float[stateSize];
        cell = new float[stateSize];
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
