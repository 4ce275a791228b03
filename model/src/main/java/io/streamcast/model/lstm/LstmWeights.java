package io.streamcast.model.lstm;

import io.streamcast.model.scaling.ScalingSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * An immutable export of a trained network: its config, the scaling convention it was trained
 * with, and every parameter as {@code float[]}, in DL4J's own layout (see {@link LstmStepper}).
 * This is what travels on the model broadcast, sits in checkpoints and is saved with
 * {@code --model PATH}.
 *
 * <p>Binary form: magic "SCLW", format version, config, scaling, parameters (big-endian), then a
 * CRC-32 of everything before it. Reading checks all of it and refuses anything short, long or
 * altered, so corrupt bytes can never become a wrong model.
 */
public final class LstmWeights {

    public static final int FORMAT_VERSION = 1;
    private static final int MAGIC = 0x53434C57; // "SCLW"

    private final LstmConfig config;
    private final ScalingSpec scaling;
    private final float[][] inputWeights;
    private final float[][] recurrentWeights;
    private final float[][] biases;
    private final float[] outputWeights;
    private final float outputBias;

    /**
     * @param inputWeights per layer, [nIn x 4H] row-major
     * @param recurrentWeights per layer, [H x 4H] row-major
     * @param biases per layer, [4H]
     * @param outputWeights [H], the regression output's weights
     */
    public LstmWeights(LstmConfig config, ScalingSpec scaling, float[][] inputWeights,
            float[][] recurrentWeights, float[][] biases, float[] outputWeights, float outputBias) {
        this.config = config;
        this.scaling = scaling;
        int layers = config.layers();
        int h = config.hiddenSize();
        requireShape("inputWeights", inputWeights, layers, l -> layerInputSize(config, l) * 4 * h);
        requireShape("recurrentWeights", recurrentWeights, layers, l -> h * 4 * h);
        requireShape("biases", biases, layers, l -> 4 * h);
        if (outputWeights.length != h) {
            throw new IllegalArgumentException(
                    "outputWeights must have " + h + " values, had " + outputWeights.length);
        }
        this.inputWeights = deepCopy(inputWeights);
        this.recurrentWeights = deepCopy(recurrentWeights);
        this.biases = deepCopy(biases);
        this.outputWeights = outputWeights.clone();
        this.outputBias = outputBias;
    }

    static int layerInputSize(LstmConfig config, int layer) {
        return layer == 0 ? config.inputSize() : config.hiddenSize();
    }

    public LstmConfig config() {
        return config;
    }

    public ScalingSpec scaling() {
        return scaling;
    }

    /** Copies, for export; the stepper reads the arrays in place through the package-private accessors. */
    public float[] inputWeights(int layer) {
        return inputWeights[layer].clone();
    }

    public float[] recurrentWeights(int layer) {
        return recurrentWeights[layer].clone();
    }

    public float[] biases(int layer) {
        return biases[layer].clone();
    }

    public float[] outputWeights() {
        return outputWeights.clone();
    }

    public float outputBias() {
        return outputBias;
    }

    float[] inputWeightsRef(int layer) {
        return inputWeights[layer];
    }

    float[] recurrentWeightsRef(int layer) {
        return recurrentWeights[layer];
    }

    float[] biasesRef(int layer) {
        return biases[layer];
    }

    float[] outputWeightsRef() {
        return outputWeights;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(config.layers());
            out.writeInt(config.hiddenSize());
            out.writeInt(config.features().ordinal());
            out.writeDouble(config.learningRate());
            out.writeInt(config.epochs());
            out.writeInt(config.tbpttLength());
            out.writeInt(config.minibatchSize());
            out.writeLong(config.seed());
            out.writeInt(scaling.span());
            out.writeFloat(scaling.clip());
            for (int l = 0; l < config.layers(); l++) {
                writeFloats(out, inputWeights[l]);
                writeFloats(out, recurrentWeights[l]);
                writeFloats(out, biases[l]);
            }
            writeFloats(out, outputWeights);
            out.writeFloat(outputBias);
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static LstmWeights fromBytes(byte[] bytes) {
        if (bytes.length < 16) {
            throw new WeightsFormatException(
                    "model bytes truncated: " + bytes.length + " bytes is shorter than any model");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC) {
            throw new WeightsFormatException("not a streamcast model: bad magic number");
        }
        int version = in.getInt();
        if (version != FORMAT_VERSION) {
            throw new WeightsFormatException("unsupported model format version " + version
                    + " (this build reads version " + FORMAT_VERSION + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        long stored = ByteBuffer.wrap(bytes, bytes.length - Long.BYTES, Long.BYTES).getLong();
        if (stored != crc.getValue()) {
            throw new WeightsFormatException(
                    "model bytes corrupt or truncated: checksum mismatch over " + bytes.length + " bytes");
        }
        try {
            InputFeatures[] featureValues = InputFeatures.values();
            int layers = in.getInt();
            int hidden = in.getInt();
            int featureOrdinal = in.getInt();
            if (featureOrdinal < 0 || featureOrdinal >= featureValues.length) {
                throw new WeightsFormatException("unknown input features code " + featureOrdinal);
            }
            LstmConfig config = new LstmConfig(layers, hidden, featureValues[featureOrdinal],
                    in.getDouble(), in.getInt(), in.getInt(), in.getInt(), in.getLong());
            ScalingSpec scaling = new ScalingSpec(in.getInt(), in.getFloat());
            float[][] w = new float[layers][];
            float[][] rw = new float[layers][];
            float[][] b = new float[layers][];
            for (int l = 0; l < layers; l++) {
                w[l] = readFloats(in, layerInputSize(config, l) * 4 * hidden);
                rw[l] = readFloats(in, hidden * 4 * hidden);
                b[l] = readFloats(in, 4 * hidden);
            }
            float[] outW = readFloats(in, hidden);
            float outB = in.getFloat();
            if (in.remaining() != Long.BYTES) {
                throw new WeightsFormatException("model bytes have " + (in.remaining() - Long.BYTES)
                        + " unexpected trailing bytes");
            }
            return new LstmWeights(config, scaling, w, rw, b, outW, outB);
        } catch (BufferUnderflowException e) {
            throw new WeightsFormatException("model bytes truncated: the parameters end early");
        } catch (IllegalArgumentException e) {
            throw new WeightsFormatException("model header invalid: " + e.getMessage());
        }
    }

    public void writeTo(Path path) throws IOException {
        Files.write(path, toBytes());
    }

    public static LstmWeights readFrom(Path path) throws IOException {
        try {
            return fromBytes(Files.readAllBytes(path));
        } catch (WeightsFormatException e) {
            throw new WeightsFormatException(path + ": " + e.getMessage());
        }
    }

    /** Number of trainable parameters, for logs and reports. */
    public int parameterCount() {
        int n = outputWeights.length + 1;
        for (int l = 0; l < config.layers(); l++) {
            n += inputWeights[l].length + recurrentWeights[l].length + biases[l].length;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LstmWeights other
                && config.equals(other.config)
                && scaling.equals(other.scaling)
                && Arrays.deepEquals(inputWeights, other.inputWeights)
                && Arrays.deepEquals(recurrentWeights, other.recurrentWeights)
                && Arrays.deepEquals(biases, other.biases)
                && Arrays.equals(outputWeights, other.outputWeights)
                && Float.compare(outputBias, other.outputBias) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * config.hashCode() + Arrays.deepHashCode(recurrentWeights);
    }

    @Override
    public String toString() {
        return "LstmWeights{" + config + ", " + scaling + ", params=" + parameterCount() + "}";
    }

    private interface LayerLength {
        int of(int layer);
    }

    private static void requireShape(String name, float[][] arrays, int layers, LayerLength length) {
        if (arrays.length != layers) {
            throw new IllegalArgumentException(
                    name + " must have one array per layer (" + layers + "), had " + arrays.length);
        }
        for (int l = 0; l < layers; l++) {
            if (arrays[l].length != length.of(l)) {
                throw new IllegalArgumentException(name + "[" + l + "] must have " + length.of(l)
                        + " values, had " + arrays[l].length);
            }
        }
    }

    private static float[][] deepCopy(float[][] arrays) {
        float[][] copy = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            copy[i] = arrays[i].clone();
        }
        return copy;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(ByteBuffer in, int n) {
        float[] values = new float[n];
        in.asFloatBuffer().get(values);
        in.position(in.position() + n * Float.BYTES);
        return values;
    }
}
