package io.streamcast.model.bench;

import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmNetworks;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
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
 * DL4J training throughput: one fit of a minibatch of {@code minibatch} sequences of
 * {@link #STEPS} steps (one truncated-BPTT segment) at hidden 32, 2 layers. Sequence steps per
 * second = minibatch x STEPS / (seconds per op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TrainingBenchmark {

    public static final int STEPS = 50;

    @Param({"32", "256"})
    public int minibatch;

    private MultiLayerNetwork net;
    private DataSet batch;

    @Setup
    public void setUp() {
        LstmConfig config = LstmConfig.defaults().withTbpttLength(STEPS);
        net = LstmNetworks.build(config);
        Nd4j.getRandom().setSeed(1);
        batch = new DataSet(Nd4j.randn(minibatch, config.inputSize(), STEPS).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                Nd4j.randn(minibatch, 1, STEPS).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
    }

    @Benchmark
    public void fitMinibatch() {
        net.fit(batch);
    }
}
