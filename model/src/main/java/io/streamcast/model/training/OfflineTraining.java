package io.streamcast.model.training;

import io.streamcast.model.data.Series;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmTrainer;
import io.streamcast.model.lstm.TrainingResult;
import io.streamcast.model.lstm.TrainingWindow;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;

/**
 * Training on whole recorded series, for the model's offline tools and tests: every step of every
 * series goes into windows of {@link SampleSpec#forTraining the job's length}, cut by the job's
 * own {@link WindowSampler}, and every epoch runs.
 */
public final class OfflineTraining {

    private OfflineTraining() {}

    public static TrainingResult train(LstmConfig config, ScalingSpec scaling, List<Series> series) {
        return LstmTrainer.train(config, scaling, windows(config, scaling, series), List.of(), null);
    }

    public static List<TrainingWindow> windows(LstmConfig config, ScalingSpec scaling, List<Series> series) {
        long windowMillis = series.stream().filter(s -> s.length() > 1)
                .mapToLong(s -> s.windowStart(1) - s.windowStart(0)).findFirst().orElse(1);
        WindowSampler sampler = new WindowSampler(SampleSpec.forTraining(config, 1.0), windowMillis,
                Integer.MAX_VALUE, scaling);
        return sampler.windowsOf(series);
    }
}
