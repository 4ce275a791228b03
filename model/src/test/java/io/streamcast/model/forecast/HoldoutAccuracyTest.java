package io.streamcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.TestData;
import io.streamcast.model.data.Series;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.training.OfflineTraining;
import io.streamcast.model.metrics.Comparison;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model earns its keep on real weekly-cycle data: trained on the first 70% of each key,
 * stepped bar by bar through the rest with carried state and no refit, it beats the naive and the
 * seasonal-naive (period 7) forecasts. A fast subset (six of the 21 stations; the three birth
 * series); the README has the full table.
 */
class HoldoutAccuracyTest {

    private static final double TRAIN = 0.7;

    @Test
    void beatsBothBaselinesOnChicagoRidership() {
        assertBeatsBaselines(TestData.daily("chicago_ridership.csv").subList(0, 6), 10);
    }

    @Test
    void beatsBothBaselinesOnUsBirths() {
        assertBeatsBaselines(TestData.daily("us_births.csv"), 20);
    }

    private static void assertBeatsBaselines(List<Series> series, int epochs) {
        LstmConfig config = LstmConfig.defaults().withEpochs(epochs);
        List<Series> training = series.stream()
                .map(s -> s.slice(0, HoldoutEvaluation.splitIndex(s, TRAIN))).toList();
        var weights = OfflineTraining.train(config, ScalingSpec.defaults(), training).weights();

        Map<String, Comparison> byKey = HoldoutEvaluation.evaluate(weights, series, TRAIN, 7);
        Comparison overall = HoldoutEvaluation.overall(byKey);
        long scored = series.stream().mapToLong(s -> s.length() - HoldoutEvaluation.splitIndex(s, TRAIN)).sum();
        assertThat(overall.model().count()).isEqualTo(scored);
        assertThat(overall.model().mase()).as("model MASE vs naive").isLessThan(overall.naive().mase());
        assertThat(overall.model().mase()).as("model MASE vs seasonal naive").isLessThan(overall.seasonalNaive().mase());
        long winners = byKey.values().stream().filter(Comparison::modelBeatsBoth).count();
        assertThat(winners).as("keys where the model beats both").isGreaterThan(byKey.size() / 2);
    }
}
