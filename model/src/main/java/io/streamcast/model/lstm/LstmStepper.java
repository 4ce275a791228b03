package io.streamcast.model.lstm;

/**
 * One LSTM step for one key over exported {@link LstmWeights}, with the key's hidden and cell
 * state in caller-owned arrays. This is the per-key, per-window hot path: it allocates nothing.
 *
 * <p>DL4J's layout, read from 1.0.0-M2.1 {@code LSTMParamInitializer} and {@code LSTMHelpers}
 * and verified by {@code LstmStepperParityTest} against {@code rnnTimeStep}: per layer
 * W [nIn, 4H], RW [H, 4H] and b [4H], all row-major; the 4H columns are four blocks of H, in order
 * block input (tanh), forget gate, output gate, input gate (sigmoids). Then c = f*c + i*g and
 * h = o*tanh(c).
 *
 * <p>Why the weights are re-cut into one array per row: the step is a sum of rows scaled by the
 * inputs (gates += x[i] * row[i], over the 4H columns). C2 vectorises that loop only when the
 * store and the load use the same index, since it cannot prove two float[] distinct; with one
 * flat matrix the load is at row*4H + j and the loop stays scalar (4x slower, measured). Each
 * activation is likewise its own loop over one block, which the JIT vectorises.
 *
 * <p>Not thread-safe: it owns its scratch buffers. Make one per thread (each is cheap).
 */
public final class LstmStepper {

    private final LstmWeights weights;
    private final int layers;
    private final int hidden;
    private final float[][][] inputRows;
    private final float[][][] recurrentRows;
    private final float[][] biases;
    private final float[] outputWeights;
    private final float outputBias;
    private final float[] gates;
    private final float[] cellTanh;

    public LstmStepper(LstmWeights weights) {
        LstmConfig config = weights.config();
        this.weights = weights;
        this.layers = config.layers();
        this.hidden = config.hiddenSize();
        this.inputRows = new float[layers][][];
        this.recurrentRows = new float[layers][][];
        this.biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            inputRows[l] = rows(weights.inputWeightsRef(l), LstmWeights.layerInputSize(config, l));
            recurrentRows[l] = rows(weights.recurrentWeightsRef(l), hidden);
            biases[l] = weights.biasesRef(l);
        }
        this.outputWeights = weights.outputWeightsRef();
        this.outputBias = weights.outputBias();
        this.gates = new float[4 * hidden];
        this.cellTanh = new float[hidden];
    }

    private static float[][] rows(float[] matrix, int rowCount) {
        int width = matrix.length / rowCount;
        float[][] rows = new float[rowCount][width];
        for (int i = 0; i < rowCount; i++) {
            System.arraycopy(matrix, i * width, rows[i], 0, width);
        }
        return rows;
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
        for (int l = 0; l < layers; l++) {
            System.arraycopy(biases[l], 0, gates, 0, gates.length);
            // Layer 0 reads the step input, the others the hidden state the layer below has just
            // written; every layer reads its own previous h before overwriting it.
            if (l == 0) {
                accumulate(input, 0, inputRows[0]);
            } else {
                accumulate(h, (l - 1) * hidden, inputRows[l]);
            }
            accumulate(h, l * hidden, recurrentRows[l]);
            activate(h, c, l * hidden);
        }
        int top = (layers - 1) * hidden;
        float out = outputBias;
        for (int j = 0; j < hidden; j++) {
            out += h[top + j] * outputWeights[j];
        }
        return out;
    }

    /** gates += sum over i of x[from + i] * rows[i]. */
    private void accumulate(float[] x, int from, float[][] rows) {
        float[] g = gates;
        for (int i = 0; i < rows.length; i++) {
            float xi = x[from + i];
            float[] row = rows[i];
            for (int j = 0; j < g.length; j++) {
                g[j] += xi * row[j];
            }
        }
    }

    private void activate(float[] h, float[] c, int offset) {
        float[] g = gates;
        int hs = hidden;
        for (int j = 0; j < hs; j++) {
            g[j] = FastActivations.tanh(g[j]);
        }
        for (int j = hs; j < g.length; j++) {
            g[j] = FastActivations.sigmoid(g[j]);
        }
        // Blocks: [0,H) block input, [H,2H) forget, [2H,3H) output, [3H,4H) input gate.
        float[] ct = cellTanh;
        for (int j = 0; j < hs; j++) {
            float cell = g[hs + j] * c[offset + j] + g[3 * hs + j] * g[j];
            c[offset + j] = cell;
            ct[j] = FastActivations.tanh(cell);
        }
        for (int j = 0; j < hs; j++) {
            h[offset + j] = g[2 * hs + j] * ct[j];
        }
    }
}
