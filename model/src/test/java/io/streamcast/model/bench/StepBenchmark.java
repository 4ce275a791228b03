package io.streamcast.model.bench;

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

/** One LSTM step for one key: the fast step against DL4J's rnnTimeStep (batch 1), same weights. */
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
    }

    @Benchmark
    public float fastStep() {
        return stepper.step(input, h, c);
    }

    @Benchmark
    public INDArray dl4jRnnTimeStep() {
        return net.rnnTimeStep(ndInput);
    }
}
