package io.streamcast.model.bench;

import io.streamcast.model.forecast.KeyForecaster;
import io.streamcast.model.forecast.KeyState;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmNetworks;
import io.streamcast.model.lstm.LstmStepper;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LSTM step for one key: the fast step against DL4J's rnnTimeStep (batch 1), same weights;
 * and a key's whole step as the job takes it (scale, encode, read its half-precision state, step,
 * round the state back, unscale).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StepBenchmark {

    @Param({"32", "64"})
    public int hidden;

    private LstmStepper stepper;
    private MultiLayerNetwork net;
    private float[] input;
    private float[] h;
    private float[] c;
    private INDArray ndInput;
    private KeyForecaster forecaster;
    private KeyState keyState;
    private long window;

    @Setup
    public void setUp() {
        LstmConfig config = LstmConfig.defaults().withLayers(2).withHiddenSize(hidden);
        net = LstmNetworks.build(config);
        stepper = new LstmStepper(LstmNetworks.export(net, config, ScalingSpec.defaults()));
        // As many inputs as the default features take, so the benchmark follows a change of them.
        input = new float[config.inputSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i + 0.3);
        }
        h = new float[stepper.stateSize()];
        c = new float[stepper.stateSize()];
        ndInput = Nd4j.create(input, new long[] {1, input.length}, 'c');
        forecaster = new KeyForecaster(stepper.weights());
        keyState = forecaster.newState();
    }

    @Benchmark
    public float fastStep() {
        return stepper.step(input, h, c);
    }

    @Benchmark
    public double keyStep() {
        window += 60_000;
        return forecaster.observe(keyState, 20 + Math.sin(window * 1e-7), window);
    }

    @Benchmark
    public INDArray dl4jRnnTimeStep() {
        return net.rnnTimeStep(ndInput);
    }
}
