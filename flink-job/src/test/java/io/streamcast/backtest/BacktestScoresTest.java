package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.records.ForecastRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestScoresTest {

    private static final long W = 1000;

    private static ForecastRecord bar(int window, double actual, Double forecastOfActual, double forecast, long version) {
        return new ForecastRecord("k", window * W, (window + 1) * W, actual, forecastOfActual, forecast, (window + 2) * W, version, 1);
    }

    @Test
    void rowsCompareTheModelWithBothBaselinesOnTheSameWindows() {
        List<ForecastRecord> bars = new ArrayList<>();
        double[] y = {10, 20, 10, 20, 11, 21, 10, 22};
        Double previousForecast = null;
        for (int w = 0; w < y.length; w++) {
            double forecast = y[w] + 1;
            bars.add(bar(w, y[w], previousForecast, forecast, w < 4 ? 0 : 1));
            previousForecast = forecast;
        }
        BacktestScores scores = BacktestScores.score(bars, 2, W);

        assertThat(scores.rows()).hasSize(7);
        BacktestScores.Row row = scores.rows().get(4); // window 5
        assertThat(row.windowEnd()).isEqualTo(6 * W);
        assertThat(row.actual()).isEqualTo(21);
        assertThat(row.forecast()).isEqualTo(12);     // made at window 4
        assertThat(row.naive()).isEqualTo(11);        // window 4's bar
        assertThat(row.seasonalNaive()).isEqualTo(20); // window 3's bar, two windows back
        assertThat(row.modelVersion()).isEqualTo(1);  // the version of the record that forecast it

        // Scored from one season (2 windows) after the first bar: windows 2..7; in-sample naive MAE
        // from window 1 alone: |20 - 10| = 10.
        var c = scores.byKey().get("k");
        assertThat(c.model().count()).isEqualTo(6);
        double modelMae = (Math.abs(10 - 21) + Math.abs(20 - 11) + Math.abs(11 - 21) + Math.abs(21 - 12)
                + Math.abs(10 - 22) + Math.abs(22 - 11)) / 6.0;
        assertThat(c.model().mae()).isCloseTo(modelMae, within(1e-12));
        assertThat(c.model().mase()).isCloseTo(modelMae / 10, within(1e-12));
        assertThat(c.seasonalNaive().mae()).isCloseTo((0 + 0 + 1 + 1 + 1 + 1) / 6.0, within(1e-12));
    }

    @Test
    void aGapCarriesTheLastBarForwardForBothBaselines() {
        List<ForecastRecord> bars = List.of(bar(0, 5, null, 5, 0), bar(1, 6, 5.0, 6, 0), bar(4, 9, 6.0, 9, 0));
        BacktestScores scores = BacktestScores.score(bars, 2, W);
        BacktestScores.Row afterGap = scores.rows().get(1);
        assertThat(afterGap.naive()).isEqualTo(6);
        assertThat(afterGap.seasonalNaive()).as("window 2 was a gap: carries window 1").isEqualTo(6);
    }
}
