package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.model.metrics.Comparison;
import io.streamcast.records.ForecastRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BacktestScoresTest {

    private static final long W = 1000;

    /** With {@code forecastOfActual} made by {@code version} too (unless null). */
    private static ForecastRecord bar(int window, double actual, Double forecastOfActual, double forecast, long version) {
        return bar(window, actual, forecastOfActual, forecastOfActual == null ? null : version, forecast, version);
    }

    private static ForecastRecord bar(int window, double actual, Double forecastOfActual, Long forecastOfActualVersion,
            double forecast, long version) {
        return new ForecastRecord("k", window * W, (window + 1) * W, actual, forecastOfActual, forecastOfActualVersion,
                forecast, (window + 2) * W, version, 1, forecast - 1, forecast + 1, false, 0,
                List.of(new ForecastRecord.Step((window + 2) * W, forecast, forecast - 1, forecast + 1)));
    }

    private record Scored(BacktestScores scores, List<BacktestScores.Row> rows) {}

    /** The records in order through the scorer, then the end of input. */
    private static Scored score(List<ForecastRecord> bars, int season, int horizon) {
        return score(bars, season, season, horizon);
    }

    private static Scored score(List<ForecastRecord> bars, int season, int inSampleBars, int horizon) {
        return score(bars, season, inSampleBars, horizon, Optional.empty());
    }

    private static Scored score(List<ForecastRecord> bars, int season, int inSampleBars, int horizon,
            Optional<Instant> scoreFrom) {
        BacktestScores scores = new BacktestScores(season, inSampleBars, W, horizon, 0.9, scoreFrom);
        List<BacktestScores.Row> rows = new ArrayList<>();
        bars.forEach(b -> rows.addAll(scores.add(b)));
        scores.finish();
        return new Scored(scores, rows);
    }

    /** A record forecasting {@code actual + step} for each step ahead, within ±step. */
    private static ForecastRecord withHorizon(int window, double actual, Double forecastOfActual, boolean anomaly) {
        List<ForecastRecord.Step> steps = new ArrayList<>();
        for (int h = 1; h <= 3; h++) {
            steps.add(new ForecastRecord.Step((window + 1 + h) * W, actual + h, actual, actual + 2 * h));
        }
        return new ForecastRecord("k", window * W, (window + 1) * W, actual, forecastOfActual,
                forecastOfActual == null ? null : 1L, actual + 1, (window + 2) * W, 1, 1, actual, actual + 2, anomaly,
                anomaly ? 2 : 0, steps);
    }

    @Test
    void eachStepIsScoredAgainstTheForecastMadeThatManyWindowsBefore() {
        List<ForecastRecord> bars = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
            bars.add(withHorizon(w, 10 * w, w == 0 ? null : 10 * (w - 1) + 1.0, w == 7));
        }
        Scored scored = score(bars, 2, 3);
        BacktestScores scores = scored.scores();

        List<BacktestScores.Row> window7 = scored.rows().stream().filter(r -> r.windowEnd() == 8 * W).toList();
        assertThat(window7).extracting(BacktestScores.Row::step).containsExactly(1, 2, 3);
        BacktestScores.Row third = window7.get(2);
        assertThat(third.forecast()).as("made at window 4").isEqualTo(43);
        assertThat(third.naive()).as("window 4's bar").isEqualTo(40);
        assertThat(third.seasonalNaive()).as("two seasons back, known at window 4").isEqualTo(30);
        assertThat(third.interval()).hasValueSatisfying(i -> assertThat(i.upper()).isEqualTo(46));
        assertThat(window7).allSatisfy(r -> assertThat(r.anomaly()).isTrue());

        List<Comparison> byStep = scores.byStep();
        assertThat(byStep).hasSize(3);
        // A series rising by 10 a window: a forecast h behind misses by 10h - h, the naive by 10h.
        for (int h = 1; h <= 3; h++) {
            assertThat(byStep.get(h - 1).model().mae()).isCloseTo(9 * h, within(1e-9));
            assertThat(byStep.get(h - 1).naive().mae()).isCloseTo(10 * h, within(1e-9));
        }
        assertThat(byStep.get(0).modelInterval().coverage()).as("every actual above [y, y + 2]").isZero();
        assertThat(byStep.get(0).naiveInterval().count()).isEqualTo(byStep.get(0).modelInterval().count());
    }

    /** Bars 10, 20, 10, 20, 11, 21, 10, 22, each forecasting itself + 1; model version 1 from window 4. */
    private static List<ForecastRecord> alternatingWithModelFromWindow4() {
        List<ForecastRecord> bars = new ArrayList<>();
        double[] y = {10, 20, 10, 20, 11, 21, 10, 22};
        Double previousForecast = null;
        for (int w = 0; w < y.length; w++) {
            double forecast = y[w] + 1;
            bars.add(bar(w, y[w], previousForecast, w == 0 ? null : w - 1 < 4 ? 0L : 1L, forecast, w < 4 ? 0 : 1));
            previousForecast = forecast;
        }
        return bars;
    }

    @Test
    void rowsCompareTheModelWithBothBaselinesOnTheSameWindows() {
        List<ForecastRecord> bars = alternatingWithModelFromWindow4();
        Scored scored = score(bars, 2, 1);
        BacktestScores scores = scored.scores();

        assertThat(scored.rows()).hasSize(7);
        BacktestScores.Row row = scored.rows().get(4); // window 5
        assertThat(row.windowEnd()).isEqualTo(6 * W);
        assertThat(row.actual()).isEqualTo(21);
        assertThat(row.forecast()).isEqualTo(12);     // made at window 4
        assertThat(row.naive()).isEqualTo(11);        // window 4's bar
        assertThat(row.seasonalNaive()).isEqualTo(20); // window 3's bar, two windows back
        assertThat(row.modelVersion()).isEqualTo(1);  // the version of the record that forecast it

        // Scored from the first window forecast by model version 1 (window 5, made at window 4):
        // windows 5..7; in-sample naive MAE over windows 1..4: (10 + 10 + 10 + 9) / 4.
        var c = scores.byKey().get("k");
        assertThat(c.model().count()).isEqualTo(3);
        double modelMae = (Math.abs(21 - 12) + Math.abs(10 - 22) + Math.abs(22 - 11)) / 3.0;
        assertThat(c.model().mae()).isCloseTo(modelMae, within(1e-12));
        assertThat(c.model().mase()).isCloseTo(modelMae / (39 / 4.0), within(1e-12));
        assertThat(c.seasonalNaive().mae()).isCloseTo((1 + 1 + 1) / 3.0, within(1e-12));
    }

    @Test
    void aScoringStartMovesTheFirstScoredWindowAndTheInSamplePartWithIt() {
        List<ForecastRecord> bars = alternatingWithModelFromWindow4();

        // From window 6 (ending at 7 W): windows 6 and 7 scored, in-sample naive MAE over 1..5.
        var late = score(bars, 2, 1, 1, Optional.of(Instant.ofEpochMilli(7 * W))).scores().byKey().get("k");
        assertThat(late.model().count()).isEqualTo(2);
        double modelMae = (Math.abs(10 - 22) + Math.abs(22 - 11)) / 2.0;
        assertThat(late.model().mase()).isCloseTo(modelMae / (49 / 5.0), within(1e-12));
        assertThat(late.naive().mae()).isCloseTo((Math.abs(10 - 21) + Math.abs(22 - 10)) / 2.0, within(1e-12));

        // A start before the first trained forecast moves nothing: the naive cold start is not scored.
        var early = score(bars, 2, 1, 1, Optional.of(Instant.ofEpochMilli(2 * W))).scores().byKey().get("k");
        assertThat(early.model().count()).isEqualTo(3);
        // A start after the input's end scores nothing.
        assertThat(score(bars, 2, 1, 1, Optional.of(Instant.ofEpochMilli(20 * W))).scores().byKey()).isEmpty();
    }

    @Test
    void withNoModelScoringStartsOneSeasonInOrHalfwayThroughAShortKey() {
        List<ForecastRecord> bars = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            bars.add(bar(w, w, w == 0 ? null : (double) (w - 1), w, 0));
        }
        assertThat(score(bars, 2, 1).scores().byKey().get("k").model().count()).isEqualTo(4);
        assertThat(score(bars, 1440, 1).scores().byKey().get("k").model().count()).isEqualTo(3);
        // The in-sample part is its own: a season of 1 (no season found) does not shorten it.
        assertThat(score(bars, 1, 1440, 1).scores().byKey().get("k").model().count()).isEqualTo(3);
        assertThat(score(bars, 1, 2, 1).scores().byKey().get("k").model().count()).isEqualTo(4);
    }

    @Test
    void aGapCarriesTheLastBarForwardForBothBaselines() {
        List<ForecastRecord> bars = List.of(bar(0, 5, null, 5, 0), bar(1, 6, 5.0, 6, 0), bar(4, 9, 6.0, 9, 0));
        BacktestScores.Row afterGap = score(bars, 2, 1).rows().get(1);
        assertThat(afterGap.naive()).isEqualTo(6);
        assertThat(afterGap.seasonalNaive()).as("window 2 was a gap: carries window 1").isEqualTo(6);
    }

    /**
     * Scores stream: a key's bars wait only until its scoring start is fixed (a trained forecast
     * and two seasons of bars), and keys interleaved score as each alone.
     */
    @Test
    void aKeyIsScoredAsItsForecastsComeOnceItsStartIsFixedWhateverTheOtherKeysDo() {
        BacktestScores interleaved = new BacktestScores(2, 2, W, 1, 0.9, Optional.empty());
        BacktestScores alone = new BacktestScores(2, 2, W, 1, 0.9, Optional.empty());
        Double previous = null;
        for (int w = 0; w < 40; w++) {
            double y = 10 + Math.sin(w) * 5 + w % 3;
            ForecastRecord k = bar(w, y, previous, previous == null ? null : w - 1 < 6 ? 0L : 1L, y + 0.5, w < 6 ? 0 : 1);
            interleaved.add(k);
            alone.add(k);
            interleaved.add(new ForecastRecord("other", w * W, (w + 1) * W, 2 * y, null, null, 2 * y, (w + 2) * W,
                    0, 1, null, null, false, 0, List.of(new ForecastRecord.Step((w + 2) * W, 2 * y, null, null))));
            previous = y + 0.5;
        }
        assertThat(interleaved.byKey().get("k").model().count()).as("scored before the end of input")
                .isEqualTo(40 - 7);
        interleaved.finish();
        alone.finish();
        assertThat(interleaved.byKey().get("k").model().mase()).isEqualTo(alone.byKey().get("k").model().mase());
        assertThat(interleaved.byKey().get("k").naiveInterval().msis())
                .isEqualTo(alone.byKey().get("k").naiveInterval().msis());
    }

    @Test
    void aKeyNeverBelowZeroHasNoNaiveBoundBelowZeroAsTheForecasterGivesItsOwn() {
        Comparison rain = naiveIntervalsOf(0);
        Comparison belowZero = naiveIntervalsOf(-100);
        assertThat(rain.naiveInterval().count()).isEqualTo(belowZero.naiveInterval().count()).isGreaterThan(30);
        assertThat(rain.naiveInterval().coverage()).isEqualTo(belowZero.naiveInterval().coverage());
        assertThat(rain.naiveInterval().msis()).as("the same errors, with the bounds below 0 raised to it")
                .isLessThan(belowZero.naiveInterval().msis());
    }

    /** A key alternating between {@code base} and {@code base + 10}, scored with one model throughout. */
    private static Comparison naiveIntervalsOf(double base) {
        List<ForecastRecord> bars = new ArrayList<>();
        for (int w = 0; w < 60; w++) {
            double actual = base + (w % 2) * 10;
            bars.add(bar(w, actual, w == 0 ? null : actual, actual, 1));
        }
        return score(bars, 1, 4, 1).scores().overall();
    }

    @Test
    void theNaiveForecastAfterARestartIsARowOfVersionZeroScoredAsTheNaive() {
        List<ForecastRecord> bars = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            bars.add(bar(w, w % 2, w == 0 ? null : 0.5, w == 0 ? null : w - 1 < 2 ? 0L : 1L, 0.5, w < 2 ? 0 : 1));
        }
        // 100 windows later: a restarted key's first window, forecast by the last value (1).
        bars.add(bar(106, 4, 1.0, 0L, 4, 1));
        Scored scored = score(bars, 2, 1);
        BacktestScores scores = scored.scores();

        BacktestScores.Row afterGap = scored.rows().get(scored.rows().size() - 1);
        assertThat(afterGap.windowEnd()).isEqualTo(107 * W);
        assertThat(afterGap.modelVersion()).isZero();
        assertThat(afterGap.forecast()).isEqualTo(afterGap.naive()).isEqualTo(1);
        assertThat(afterGap.interval()).as("no record carries an interval for it").isEmpty();
        Comparison c = scores.byKey().get("k");
        assertThat(c.model().count()).as("windows 3 to 5 and the one after the gap").isEqualTo(4);
        assertThat(scores.lastValueServed()).as("the window after the gap").isEqualTo(1);
        assertThat(c.model().mae()).isCloseTo((0.5 * 3 + 3) / 4, within(1e-12));
    }
}
