package io.streamcast.model.forecast;

import io.streamcast.model.lstm.InputFeatures;
import io.streamcast.model.lstm.LstmStepper;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.function.DoubleUnaryOperator;

/**
 * The forecasting rule for one key at a time, shared by training-time evaluation, the Flink
 * operator and backtests: observe a bar, scale it, step the LSTM, unscale the output. Training
 * ({@code TrainingWindows}) builds its inputs and targets with the same scaler and features.
 *
 * <p>Not thread-safe (it owns the stepper's scratch space); one per operator instance.
 */
public final class KeyForecaster {

    private final LstmWeights weights;
    private final LstmStepper stepper;
    private final ScalingSpec scaling;
    private final InputFeatures features;
    private final float[] input;
    private final float[] hidden;
    private final float[] cell;

    public KeyForecaster(LstmWeights weights) {
        this.weights = weights;
        this.stepper = new LstmStepper(weights);
        this.scaling = weights.scaling();
        this.features = weights.config().features();
        this.input = new float[features.size()];
        this.hidden = new float[stepper.stateSize()];
        this.cell = new float[stepper.stateSize()];
    }

    public LstmWeights weights() {
        return weights;
    }

    /** How these weights scale a key's bars (the convention they were trained with). */
    public ScalingSpec scaling() {
        return scaling;
    }

    public KeyState newState() {
        return new KeyState(stateSize());
    }

    /** Length of a key's hidden and cell state arrays under these weights. */
    public int stateSize() {
        return stepper.stateSize();
    }

    /**
     * Feeds one bar and returns the forecast of the next bar's value.
     *
     * @param value this window's bar value
     * @param nextWindowStart start (epoch ms) of the window being forecast
     */
    public double observe(KeyState state, double value, long nextWindowStart) {
        state.getScaler().observe(scaling, value);
        return forecast(state, state.getScaler().scale(scaling, value), nextWindowStart);
    }

    /**
     * Feeds one bar the key's scaler has already observed and scaled (with {@link #scaling()}):
     * for a caller that keeps the scaled bar too, as the key's recent inputs.
     *
     * <p>The network forecasts the change from this bar in scaled units, not the next level: an
     * untrained network (output near 0) then starts from the naive forecast, and training only
     * has to learn what the last value misses.
     */
    public double forecast(KeyState state, float scaled, long nextWindowStart) {
        return state.getScaler().unscale(scaled + stepScaled(state, scaled, nextWindowStart));
    }

    /**
     * Rebuilds the LSTM state from a key's recent inputs, oldest first, without touching its
     * scaler (which has already seen their bars).
     *
     * @param scaledInputs the scaled bars of consecutive windows, as the key's forecaster fed them, oldest first
     * @param lastWindowEnd end of the last one's window: the start of the window it is followed by
     */
    public void rewarm(KeyState state, float[] scaledInputs, long lastWindowEnd, long windowMillis) {
        state.resetLstm(stateSize());
        for (int t = 0; t < scaledInputs.length; t++) {
            stepScaled(state, scaledInputs[t], lastWindowEnd - (scaledInputs.length - 1 - t) * windowMillis);
        }
    }

    /**
     * Forecasts of the windows after the next one: each forecast, as it will be emitted, is fed
     * back as the next bar, on a copy of the LSTM state (the key's own state is not moved), with
     * the scaler as it is now. Feeding back what is emitted keeps the path one the key can take:
     * rain never forecast below 0 is not continued from a negative amount either.
     *
     * @param firstForecast the forecast of the window starting at {@code nextWindowStart}
     * @param steps forecasts wanted in all, the first included
     * @param emitted what a forecast becomes before it is emitted (a bound, or the identity)
     * @return steps forecasts as emitted, {@code firstForecast}'s first
     */
    public double[] path(KeyState state, double firstForecast, long nextWindowStart, long windowMillis, int steps,
            DoubleUnaryOperator emitted) {
        double[] out = new double[steps];
        out[0] = emitted.applyAsDouble(firstForecast);
        if (steps > 1) {
            KeyState copy = state.withCopiedLstm();
            for (int s = 1; s < steps; s++) {
                float scaled = copy.getScaler().scale(scaling, out[s - 1]);
                out[s] = emitted.applyAsDouble(forecast(copy, scaled, nextWindowStart + s * windowMillis));
            }
        }
        return out;
    }

    /** Steps the LSTM on a scaled bar; returns the change it forecasts, in scaled units. */
    private float stepScaled(KeyState state, float scaled, long nextWindowStart) {
        features.encode(scaled, nextWindowStart, input);
        state.readLstm(hidden, cell);
        float change = stepper.step(input, hidden, cell);
        state.writeLstm(hidden, cell);
        return change;
    }
}
