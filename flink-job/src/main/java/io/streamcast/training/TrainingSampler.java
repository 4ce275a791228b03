package io.streamcast.training;

import io.streamcast.job.JobConfig;
import io.streamcast.model.lstm.TrainingWindow;
import io.streamcast.model.training.SamplerState;
import io.streamcast.model.training.WindowSampler;
import io.streamcast.records.Bar;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by key, beside the forecaster: a thin adapter of {@link WindowSampler} to keyed state.
 * Each key's history stays here; only the sampled training windows travel on, to the trainer.
 *
 * <p>A key idle for the state TTL loses its sampler state (Flink's state TTL, in processing time:
 * it only frees memory, and by then the key's gap restarts it in event time anyway).
 */
public final class TrainingSampler extends KeyedProcessFunction<String, Bar, TrainingWindow> {

    private final JobConfig config;
    private transient WindowSampler sampler;
    private transient ValueState<SamplerState> state;
    private transient Counter windowsOffered;

    public TrainingSampler(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        sampler = new WindowSampler(config.sample(), config.windowMillis(), config.warmupBars(), config.scaling());
        ValueStateDescriptor<SamplerState> descriptor =
                new ValueStateDescriptor<>("sampler", TypeInformation.of(SamplerState.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(config.stateTtl()).build());
        state = getRuntimeContext().getState(descriptor);
        windowsOffered = getRuntimeContext().getMetricGroup().counter("trainingWindowsOffered");
    }

    @Override
    public void processElement(Bar bar, Context ctx, Collector<TrainingWindow> out) throws Exception {
        SamplerState s = state.value();
        if (s == null) {
            s = new SamplerState();
        }
        for (TrainingWindow w : sampler.onBar(s, bar.key(), bar.windowStart(), bar.value())) {
            out.collect(w);
            windowsOffered.inc();
        }
        state.update(s);
    }
}
