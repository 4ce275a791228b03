package io.streamcast.model.lstm;

/**
 * One LSTM step for one key over exported {@link LstmWeights}, with the key's hidden and cell
 * state in caller-owned arrays. This is the per-key, per-window hot path: it allocates nothing.
 *
 * <p>DL4J's layout, read from 1.0.0-M2.1 {@code LSTMParamInitializer} and {@code LSTMHelpers}
 * and verified by {@code LstmStepperParityTest} against {@code rnnTimeStep}: per layer
 * W [nIn, 4H], RW [H, 4H] and b [4H], all row-major; the 4H columns are four blocks of H, in order
 * block input (tanh), forget gate, output gate, input gate (sigmoids). Then c = f*c + i*g and
 * h = o*tanh(c). The inner loops run over the 4H columns (axpy-shaped), which the JIT vectorises.
 *
 * <p>Not thread-safe: it owns its scratch buffers. Make one per thread (each is cheap).
 */
public final class LstmStepper {

    private final LstmWeights weights;
    private final int layers;
    private final int hidden;
    private final float[] gates;

    public LstmStepper(LstmWeights weights) {
        this.weights = weights;
        this.layers = weights.config().layers();
        this.hidden = weights.config().hiddenSize();
        this.gates = new float[4 * hidden];
    }

    public LstmWeights weights() {
        return weights;
    }

    /** Length of the hidden and of the cell state arrays: every layer's H values, layer after layer. */
    public int stateSize() {
        return layers * hidden;
    }

    /**
     * Advances the state by one step and returns the network's output (the scaled forecast).
     *
     * @param input the step's input, {@code config.inputSize()} values
     * @param h hidden state of all layers, updated in place
     * @param c cell state of all layers, updated in place
     */
    public float step(float[] input, float[] h, float[] c) {
        int g4 = 4 * hidden;
        for (int l = 0; l < layers; l++) {
            float[] w = weights.inputWeightsRef(l);
            float[] rw = weights.recurrentWeightsRef(l);
            System.arraycopy(weights.biasesRef(l), 0, gates, 0, g4);
            // The layer's input is the step input for layer 0 and the (already updated) hidden
            // state of the layer below otherwise; its own previous h is read before it is written.
            if (l == 0) {
                accumulate(input, 0, input.length, w);
            } else {
                accumulate(h, (l - 1) * hidden, hidden, w);
            }
            accumulate(h, l * hidden, hidden, rw);
            activate(h, c, l * hidden);
        }
        float[] outW = weights.outputWeightsRef();
        int top = (layers - 1) * hidden;
        float out = weights.outputBias();
        for (int j = 0; j < hidden; j++) {
            out += h[top + j] * outW[j];
        }
        return out;
    }

    /** gates += x[from .. from+n) . M, with M [n, 4H] row-major. */
    private void accumulate(float[] x, int from, int n, float[] m) {
        int g4 = gates.length;
        for (int i = 0; i < n; i++) {
            float xi = x[from + i];
            int row = i * g4;
            for (int j = 0; j < g4; j++) {
                gates[j] += xi * m[row + j];
            }
        }
    }

    private void activate(float[] h, float[] c, int offset) {
        int hs = hidden;
        for (int j = 0; j < hs; j++) {
            float blockInput = FastActivations.tanh(gates[j]);
            float forget = FastActivations.sigmoid(gates[hs + j]);
            float output = FastActivations.sigmoid(gates[2 * hs + j]);
            float inputGate = FastActivations.sigmoid(gates[3 * hs + j]);
            float cell = forget * c[offset + j] + inputGate * blockInput;
            c[offset + j] = cell;
            h[offset + j] = output * FastActivations.tanh(cell);
        }
    }
}
