package io.streamcast.model.lstm;

import io.streamcast.model.scaling.ScalingSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The DL4J side of the model: builds the network a config describes, exports its parameters to
 * {@link LstmWeights} and loads them back (for warm starts). Parameters are addressed by DL4J's
 * names ("W", "RW", "b") so the export does not depend on the flattened parameter order.
 */
public final class LstmNetworks {

    /** System property: ND4J's native threads per operation (default 1). */
    public static final String THREADS_PROPERTY = "streamcast.nd4j.threads";

    /** JavaCPP's ceiling on the process's resident memory; 0 switches its check off. */
    static final String JAVACPP_MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    static {
        // JavaCPP compares the process's resident size with this ceiling on every native
        // allocation, reading /proc/self/statm each time (a system call; ND4J allocates several
        // buffers per operation, DL4J runs thousands of operations per minibatch). Measured on a
        // weather backtest: 71.3 s with the check, 59.4 s without, the same forecasts. JavaCPP
        // reads the property once, when ND4J first loads it, which the lines below cause. The
        // heap-side ceiling (maxBytes, the JVM's -Xmx by default) stays; a value set on the
        // command line wins.
        if (System.getProperty(JAVACPP_MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(JAVACPP_MAX_PHYSICAL_BYTES, "0");
        }
        // These networks are small: ND4J's OpenMP fan-out per operation costs more than it saves,
        // and on a busy 2-core machine its spin-waits made a retraining 10x slower (measured:
        // 8.7 s against 0.7 s). Flink's parallelism is where the cores go.
        int threads = Integer.getInteger(THREADS_PROPERTY, 1);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }

    private LstmNetworks() {}

    /** Stacked LSTM layers and a linear regression output trained with Adam on the L1 loss. */
    public static MultiLayerNetwork build(LstmConfig config) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(config.learningRate()))
                // Keeps one bad minibatch (a level shift, an outlier) from blowing up the weights.
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(1.0)
                .list();
        int nIn = config.inputSize();
        for (int l = 0; l < config.layers(); l++) {
            layers.layer(new LSTM.Builder()
                    .nIn(nIn)
                    .nOut(config.hiddenSize())
                    .activation(Activation.TANH)
                    .gateActivationFunction(Activation.SIGMOID)
                    .build());
            nIn = config.hiddenSize();
        }
        // L1, not MSE: forecasts are judged by absolute errors (MAE, MASE), and under squared
        // loss a few spikes (sensor anomalies, holidays) dominate training. Measured on the
        // sensor backtest: MASE 1.94 with MSE, 1.61 with L1, against the last value's 1.65.
        layers.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.L1)
                .activation(Activation.IDENTITY)
                .nIn(config.hiddenSize())
                .nOut(1)
                .build());
        layers.backpropType(BackpropType.TruncatedBPTT)
                .tBPTTForwardLength(config.tbpttLength())
                .tBPTTBackwardLength(config.tbpttLength());
        MultiLayerNetwork net = new MultiLayerNetwork(layers.build());
        net.init();
        return net;
    }

    public static LstmWeights export(MultiLayerNetwork net, LstmConfig config, ScalingSpec scaling) {
        int layers = config.layers();
        float[][] w = new float[layers][];
        float[][] rw = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            Layer layer = net.getLayer(l);
            w[l] = rowMajor(layer.getParam("W"));
            rw[l] = rowMajor(layer.getParam("RW"));
            b[l] = rowMajor(layer.getParam("b"));
        }
        Layer output = net.getLayer(layers);
        float[] outW = rowMajor(output.getParam("W"));
        float outB = output.getParam("b").getFloat(0);
        return new LstmWeights(config, scaling, w, rw, b, outW, outB);
    }

    /** Sets the network's parameters to the given weights; their shapes must match its config. */
    public static void load(MultiLayerNetwork net, LstmWeights weights) {
        LstmConfig config = weights.config();
        int h = config.hiddenSize();
        for (int l = 0; l < config.layers(); l++) {
            Layer layer = net.getLayer(l);
            int nIn = LstmWeights.layerInputSize(config, l);
            layer.setParam("W", matrix(weights.inputWeightsRef(l), nIn, 4 * h));
            layer.setParam("RW", matrix(weights.recurrentWeightsRef(l), h, 4 * h));
            layer.setParam("b", matrix(weights.biasesRef(l), 1, 4 * h));
        }
        Layer output = net.getLayer(config.layers());
        output.setParam("W", matrix(weights.outputWeightsRef(), h, 1));
        output.setParam("b", matrix(new float[] {weights.outputBias()}, 1, 1));
    }

    private static float[] rowMajor(INDArray param) {
        return param.dup('c').data().asFloat();
    }

    private static INDArray matrix(float[] values, int rows, int cols) {
        return Nd4j.create(values, new long[] {rows, cols}, 'c');
    }
}
