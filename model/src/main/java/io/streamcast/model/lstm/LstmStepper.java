package io.streamcast.model.lstm;

import java.util.Arrays;

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
 * <p>How it is laid out for speed (each rule measured with {@code StepBenchmark} and C2's code):
 * <ul>
 *   <li>C2 vectorises a loop only if every load and store in it uses the same index, since it
 *       cannot prove two float[] distinct (nor two slices of one). So each loop below reads and
 *       writes whole arrays at index j: weight rows are separate arrays, and the four gate blocks
 *       and the layer's h and c are copied into arrays of their own for the cell update.
 *   <li>One pass covers all four gates and both inputs: a layer's W rows and RW rows are stacked
 *       and scaled by the layer's input followed by its own previous h, four rows per pass over
 *       the gates, so the gates are loaded and stored once per four rows (eight rows per pass
 *       ran at half the speed: C2 no longer vectorised the loop well).
 *   <li>One activation for all 4H gates: sigmoid(x) = (1 + tanh(x/2)) / 2, and the sigmoid gates'
 *       weights and biases are halved once here (exact in binary floating point), so a single
 *       tanh loop over the whole gate vector, long enough to vectorise well, serves all four.
 * </ul>
 *
 * <p>Not thread-safe: it owns its scratch buffers. Make one per thread (each is cheap).
 */
public final class LstmStepper {

    private static final int ROWS_PER_PASS = 4;

    private final LstmWeights weights;
    private final int layers;
    private final int hidden;
    private final int inputSize;
    /** Per layer, W's rows then RW's rows (nIn + H rows of 4H), sigmoid columns halved. */
    private final float[][][] rows;
    /** Per layer, 4H, sigmoid entries halved. */
    private final float[][] biases;
    private final float[] outputWeights;
    private final float outputBias;

    /** Per layer, what its rows are scaled by: the layer's input, then its previous h. */
    private final float[][] layerInputs;
    private final float[] gates;
    private final float[] blockInput;
    private final float[] forget;
    private final float[] outputGate;
    private final float[] inputGate;
    private final float[] layerCell;
    private final float[] layerHidden;

    public LstmStepper(LstmWeights weights) {
        LstmConfig config = weights.config();
        this.weights = weights;
        this.layers = config.layers();
        this.hidden = config.hiddenSize();
        this.inputSize = config.inputSize();
        this.rows = new float[layers][][];
        this.biases = new float[layers][];
        this.layerInputs = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int nIn = LstmWeights.layerInputSize(config, l);
            // Zero rows pad the stack to whole passes; they meet zero inputs and add exactly 0.
            int padded = (nIn + hidden + ROWS_PER_PASS - 1) / ROWS_PER_PASS * ROWS_PER_PASS;
            rows[l] = new float[padded][];
            for (int i = 0; i < padded; i++) {
                float[] row = i < nIn ? row(weights.inputWeightsRef(l), i)
                        : i < nIn + hidden ? row(weights.recurrentWeightsRef(l), i - nIn)
                        : new float[4 * hidden];
                rows[l][i] = halveSigmoidColumns(row);
            }
            biases[l] = halveSigmoidColumns(weights.biasesRef(l).clone());
            layerInputs[l] = new float[padded];
        }
        this.outputWeights = weights.outputWeightsRef();
        this.outputBias = weights.outputBias();
        this.gates = new float[4 * hidden];
        this.blockInput = new float[hidden];
        this.forget = new float[hidden];
        this.outputGate = new float[hidden];
        this.inputGate = new float[hidden];
        this.layerCell = new float[hidden];
        this.layerHidden = new float[hidden];
    }

    private float[] row(float[] matrix, int i) {
        return Arrays.copyOfRange(matrix, i * 4 * hidden, (i + 1) * 4 * hidden);
    }

    /** Blocks [H, 4H) are the sigmoid gates; tanh reads them at half scale. */
    private float[] halveSigmoidColumns(float[] columns) {
        for (int j = hidden; j < columns.length; j++) {
            columns[j] *= 0.5f;
        }
        return columns;
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
            // Layer 0 reads the step input, the others the hidden state the layer below has just
            // written; every layer reads its own previous h before overwriting it.
            float[] v = layerInputs[l];
            int nIn = l == 0 ? inputSize : hidden;
            if (l == 0) {
                System.arraycopy(input, 0, v, 0, nIn);
            } else {
                System.arraycopy(h, (l - 1) * hidden, v, 0, nIn);
            }
            System.arraycopy(h, l * hidden, v, nIn, hidden);
            System.arraycopy(biases[l], 0, gates, 0, gates.length);
            accumulate(v, rows[l]);
            activate();
            System.arraycopy(c, l * hidden, layerCell, 0, hidden);
            updateCell();
            System.arraycopy(layerCell, 0, c, l * hidden, hidden);
            System.arraycopy(layerHidden, 0, h, l * hidden, hidden);
        }
        return regressionOutput();
    }

    /** gates += sum over i of v[i] * rows[i], ROWS_PER_PASS rows at a time. */
    private void accumulate(float[] v, float[][] rows) {
        float[] g = gates;
        for (int i = 0; i < rows.length; i += ROWS_PER_PASS) {
            float v0 = v[i];
            float v1 = v[i + 1];
            float v2 = v[i + 2];
            float v3 = v[i + 3];
            float[] r0 = rows[i];
            float[] r1 = rows[i + 1];
            float[] r2 = rows[i + 2];
            float[] r3 = rows[i + 3];
            for (int j = 0; j < g.length; j++) {
                g[j] += (v0 * r0[j] + v1 * r1[j]) + (v2 * r2[j] + v3 * r3[j]);
            }
        }
    }

    /** tanh of every gate, then the four blocks into arrays of their own. */
    private void activate() {
        float[] g = gates;
        for (int j = 0; j < g.length; j++) {
            g[j] = FastActivations.tanh(g[j]);
        }
        int hs = hidden;
        System.arraycopy(g, 0, blockInput, 0, hs);
        System.arraycopy(g, hs, forget, 0, hs);
        System.arraycopy(g, 2 * hs, outputGate, 0, hs);
        System.arraycopy(g, 3 * hs, inputGate, 0, hs);
    }

    /**
     * c = f*c + i*g and h = o*tanh(c), the gates' tanh of half their input made sigmoids here. Two
     * loops, since C2 vectorises neither half when one loop stores both c and h.
     */
    private void updateCell() {
        float[] a = blockInput;
        float[] f = forget;
        float[] in = inputGate;
        float[] cell = layerCell;
        for (int j = 0; j < cell.length; j++) {
            cell[j] = (0.5f + 0.5f * f[j]) * cell[j] + (0.5f + 0.5f * in[j]) * a[j];
        }
        float[] o = outputGate;
        float[] hid = layerHidden;
        for (int j = 0; j < hid.length; j++) {
            hid[j] = (0.5f + 0.5f * o[j]) * FastActivations.tanh(cell[j]);
        }
    }

    /** The regression output over the top layer's h, which layerHidden still holds. */
    private float regressionOutput() {
        float[] hid = layerHidden;
        float[] w = outputWeights;
        float out = outputBias;
        for (int j = 0; j < hid.length; j++) {
            out += hid[j] * w[j];
        }
        return out;
    }
}
