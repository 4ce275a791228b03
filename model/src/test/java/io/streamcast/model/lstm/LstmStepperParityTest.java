package io.streamcast.model.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.scaling.ScalingSpec;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fast step must be DL4J's LSTM, step for step: this is what pins down the weight layout. */
class LstmStepperParityTest {

    private static final int STEPS = 1_000;

    @ParameterizedTest(name = "{0} layers, hidden {1}")
    @CsvSource({"1,8", "1,32", "1,64", "2,8", "2,32", "2,64", "3,8", "3,32", "3,64"})
    void matchesDl4jRnnTimeStepOverThousandSteps(int layers, int hidden) {
        LstmConfig config = LstmConfig.defaults().withLayers(layers).withHiddenSize(hidden)
                .withSeed(1000L * layers + hidden);
        MultiLayerNetwork net = LstmNetworks.build(config);
        // Xavier leaves biases at 0 (forget gate at 1): randomise everything so every block of
        // every parameter matters and a mixed-up layout cannot pass. The 1/sqrt(H) scale keeps
        // the gates out of deep saturation, as in a trained network; much larger weights make the
        // recurrence chaotic, and then float rounding alone diverges over 1,000 steps.
        net.params().assign(Nd4j.getRandomFactory().getNewRandomInstance(7 + hidden)
                .nextGaussian(net.params().shape()).muli(1.5 / Math.sqrt(hidden)));
        LstmStepper stepper = new LstmStepper(LstmNetworks.export(net, config, ScalingSpec.defaults()));
        float[] h = new float[stepper.stateSize()];
        float[] c = new float[stepper.stateSize()];

        Random random = new Random(hidden * 31L + layers);
        float[] input = new float[config.inputSize()];
        double worst = 0;
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) (random.nextGaussian() * 1.5);
            }
            INDArray expected = net.rnnTimeStep(Nd4j.create(input, new long[] {1, input.length}, 'c'));
            float actual = stepper.step(input, h, c);
            worst = Math.max(worst, Math.abs(actual - expected.getDouble(0)));
        }
        assertThat(worst).as("largest |fast - DL4J| over %d steps", STEPS).isLessThanOrEqualTo(1e-5);
    }
}
