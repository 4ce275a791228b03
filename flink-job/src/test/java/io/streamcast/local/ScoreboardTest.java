package io.streamcast.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.records.ForecastRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreboardTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = Instant.parse("2010-07-10T12:00:00Z").toEpochMilli();

    /** Window {@code i} (1 minute) of {@code key}. */
    private static ForecastRecord record(String key, int i, double actual, Double forecastOfActual, double forecast,
            long version) {
        long start = T0 + i * MINUTE;
        return new ForecastRecord(key, start, start + MINUTE, actual, forecastOfActual,
                forecastOfActual == null ? null : version, forecast,
                start + 2 * MINUTE, version, 12, null, null, false, 0, List.of());
    }

    @Test
    void scoresOnlyModelForecastsAgainstThePreviousActual() {
        RunningScore score = new RunningScore(2 * MINUTE);
        score.add(record("a", 0, 10, null, 10, 0));
        score.add(record("a", 1, 12, 10.0, 12, 1)); // forecast by the naive v0: not scored
        score.add(record("a", 2, 13, 12.5, 13.2, 1)); // model |13-12.5|=0.5, naive |13-12|=1
        score.add(record("a", 3, 11, 13.2, 11, 1)); // model 2.2, naive 2
        assertThat(score.count()).isEqualTo(2);
        assertThat(score.modelMae()).isCloseTo(1.35, within(1e-9));
        assertThat(score.naiveMae()).isCloseTo(1.5, within(1e-9));
        assertThat(score.skill()).isCloseTo(0.1, within(1e-9));
        // Seasonal naive, two windows back: |13-10|=3 and |11-12|=1.
        assertThat(score.seasonalNaiveMae()).isCloseTo(2, within(1e-9));
        assertThat(score.seasonalSkill()).isCloseTo(1 - 1.35 / 2, within(1e-9));
    }

    @Test
    void scoresTheLastValueServedInTheModelsPlaceOnceAModelHasForecast() {
        RunningScore score = new RunningScore(2 * MINUTE);
        score.add(record("a", 0, 10, null, 10, 0));
        score.add(record("a", 1, 12, 10.0, 13, 1)); // cold start: not scored
        score.add(record("a", 2, 13, 13.0, 13, 0)); // model 0, naive 1; the last value served next
        score.add(record("a", 3, 15, 13.0, 15, 0)); // the last value served: model 2, naive 2
        assertThat(score.count()).isEqualTo(2);
        assertThat(score.modelMae()).isCloseTo(1, within(1e-9));
        assertThat(score.naiveMae()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void seasonalNaiveCarriesTheLastBarForwardOverGapsAndIsTheNaiveBeforeAFullSeason() {
        RunningScore score = new RunningScore(3 * MINUTE);
        score.add(record("a", 0, 10, null, 10, 1));
        score.add(record("a", 1, 20, 10.0, 20, 1)); // before a full season: the naive, 10
        score.add(record("a", 3, 40, 20.0, 40, 1)); // window 2 missing; a season back is window 0: 10
        score.add(record("a", 5, 50, 40.0, 50, 1)); // a season back is window 2, missing: window 1 carried, 20
        assertThat(score.count()).isEqualTo(3);
        assertThat(score.seasonalNaiveMae()).isCloseTo((10 + 30 + 30) / 3.0, within(1e-9));
        assertThat(score.naiveMae()).isCloseTo((10 + 20 + 10) / 3.0, within(1e-9));
    }

    @Test
    void emptyScoreIsUndefinedNotZero() {
        RunningScore score = new RunningScore(MINUTE);
        assertThat(score.count()).isZero();
        assertThat(score.modelMae()).isNaN();
        assertThat(score.skill()).isNaN();
        assertThat(Scoreboard.number(score.modelMae())).isEqualTo("-");
        assertThat(Scoreboard.percent(score.skill())).isEqualTo("-");
    }

    @Test
    void printsAKeyAtMostOncePerIntervalAndABannerPerNewVersion() {
        Scoreboard board = new Scoreboard(Duration.ofMinutes(1), 60, 10 * MINUTE, List.of());
        assertThat(board.onForecast(record("sensor-1", 0, 21.5, null, 21.5, 0)))
                .containsExactly("12:01 sensor-1  actual 21.50  forecast 21.50  v0  MAE model - | naive - | snaive -");
        for (int i = 1; i < 10; i++) {
            assertThat(board.onForecast(record("sensor-1", i, 21.5, 21.5, 21.5, 0))).as("window " + i).isEmpty();
        }
        List<String> lines = board.onForecast(record("sensor-1", 10, 21.53, 21.5, 21.61, 1));
        assertThat(lines).containsExactly(
                "---- 12:11 model v1 live (was naive v0) ----",
                "12:11 sensor-1  actual 21.53  forecast 21.61  v1  MAE model - | naive - | snaive -");
        assertThat(board.onForecast(record("sensor-2", 10, 3, null, 3, 1)))
                .containsExactly("12:11 sensor-2  actual 3.00  forecast 3.00  v1  MAE model - | naive - | snaive -");
        assertThat(board.onForecast(record("sensor-1", 11, 21.6, 21.61, 21.7, 2)))
                .containsExactly("---- 12:12 model v2 live (was v1) ----");
        assertThat(board.newestVersion()).isEqualTo(2);
        assertThat(board.forecasts()).isEqualTo(13);
    }

    @Test
    void keysKnownInAdvanceAlignTheFirstLinesWithTheLaterOnes() {
        Scoreboard board = new Scoreboard(Duration.ofMinutes(1), 60, 0, List.of("a", "Washington_Wells"));
        String first = board.onForecast(record("a", 0, 1, null, 1, 0)).get(0);
        String later = board.onForecast(record("Washington_Wells", 0, 7.56, null, 7.56, 0)).get(0);
        assertThat(first).isEqualTo("12:01 a                 actual 1.00  forecast 1.00  v0  MAE model - | naive - | snaive -");
        assertThat(first.indexOf("actual")).isEqualTo(later.indexOf("actual"));
    }

    @Test
    void summaryHasARowPerKeyTotalsAndThroughput() {
        Scoreboard board = new Scoreboard(Duration.ofMinutes(1), 2, 0, List.of());
        board.onForecast(record("a", 0, 10, null, 11, 1));
        board.onForecast(record("a", 1, 12, 11.0, 12, 1)); // model 1, naive 2, seasonal naive (the naive) 2
        board.onForecast(record("a", 2, 11, 12.0, 11, 1)); // model 1, naive 1, seasonal naive 1
        board.onForecast(record("bb", 0, 100, null, 100, 1));
        board.onForecast(record("bb", 1, 104, 103.0, 104, 1)); // model 1, naive 4, seasonal naive 4
        String summary = board.summary(5000, 2.5, 3);
        assertThat(summary.lines()).containsExactly(
                "key      n  model MAE  naive MAE  snaive MAE  vs naive  vs snaive",
                "a        2       1.00       1.50        1.50    +33.3%     +33.3%",
                "bb       1       1.00       4.00        4.00    +75.0%     +75.0%",
                "all      3       1.00       2.33        2.33    +57.1%     +57.1%",
                "5000 ticks sent in 2.5 s (2000 ticks/s end to end), 5 forecasts, 0 anomalies, 3 dead letters, newest model v1");
    }

    @Test
    void printIntervalIsAboutFourLinesAWallSecondInWholeWindows() {
        assertThat(DemoRunner.printEveryMillis(MINUTE, 600, 2)).as("a line per key and second at most")
                .isEqualTo(10 * MINUTE);
        assertThat(DemoRunner.printEveryMillis(MINUTE, 10, 4)).isEqualTo(MINUTE);
        assertThat(DemoRunner.printEveryMillis(MINUTE, 90, 1)).isEqualTo(2 * MINUTE);
        long day = 24 * 60 * MINUTE;
        assertThat(DemoRunner.printEveryMillis(day, 16 * 86_400, 20)).as("20 keys: each every 5 s, 80 days")
                .isEqualTo(80 * day);
    }

    @Test
    void showsTheIntervalAndAnnouncesEveryAnomaly() {
        Scoreboard board = new Scoreboard(Duration.ofMinutes(1), 60, 10 * MINUTE, List.of());
        long start = T0 + MINUTE;
        ForecastRecord flagged = new ForecastRecord("sensor-1", start, start + MINUTE, 30, 21.5, 1L, 29.5,
                start + 2 * MINUTE, 1, 12, 28.25, 30.75, true, 0.04, List.of());
        assertThat(board.onForecast(flagged)).containsExactly(
                "---- 12:02 model v1 live (was naive v0) ----",
                "!! 12:02 sensor-1  anomaly: actual 30.00 was forecast 21.50, 0.04 band widths outside",
                "12:02 sensor-1  actual 30.00  forecast 29.50 [28.25, 30.75]  v1  MAE model - | naive - | snaive -");
        assertThat(board.summary(1, 1, 0)).contains("1 anomalies");

        ForecastRecord next = new ForecastRecord("sensor-1", start + MINUTE, start + 2 * MINUTE, 31, 30.0, 1L, 30.5,
                start + 3 * MINUTE, 1, 12, 29.25, 31.75, true, 3.8, List.of());
        assertThat(board.onForecast(next)).as("the run goes on: counted, not announced again").isEmpty();
        ForecastRecord calm = new ForecastRecord("sensor-1", start + 2 * MINUTE, start + 3 * MINUTE, 30.4, 30.5, 1L,
                30.4, start + 4 * MINUTE, 1, 12, 29.2, 31.6, false, 0, List.of());
        assertThat(board.onForecast(calm)).isEmpty();
        ForecastRecord again = new ForecastRecord("sensor-1", start + 3 * MINUTE, start + 4 * MINUTE, 40, 30.4, 1L,
                39, start + 5 * MINUTE, 1, 12, 29.2, 31.6, true, 7.4, List.of());
        assertThat(board.onForecast(again)).as("a new run").hasSize(1).first().asString().startsWith("!! 12:05 sensor-1");
        assertThat(board.summary(1, 1, 0)).contains("3 anomalies");
    }

    @Test
    void dailyWindowsShowTheirDate() {
        Scoreboard board = new Scoreboard(Duration.ofDays(1), 7, 0, List.of());
        long start = Instant.parse("2003-05-11T00:00:00Z").toEpochMilli();
        ForecastRecord record = new ForecastRecord("Addison", start, start + 86_400_000L, 3.1, null, null, 3.1,
                start + 2 * 86_400_000L, 0, 12, null, null, false, 0, List.of());
        assertThat(board.onForecast(record)).containsExactly(
                "2003-05-12 Addison  actual 3.10  forecast 3.10  v0  MAE model - | naive - | snaive -");
    }
}
