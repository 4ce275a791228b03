package io.streamcast.model.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.metrics.SeasonDetector.Season;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonDetectorTest {

    private static final Duration DAILY = Duration.ofDays(1);
    private static final Duration HOURLY = Duration.ofHours(1);
    /** Windows of which neither a day nor a week is a whole number: no calendar cycle to prefer. */
    private static final Duration TWO_DAYS = Duration.ofDays(2);

    /** A week of daily windows as a station's entries: weekdays busy, the weekend quiet. */
    private static final double[] WEEK = {1.0, 1.1, 1.05, 1.0, 0.95, 0.4, 0.3};

    /** {@code level} times the cycle, growing by {@code trend} a window, with Gaussian noise of {@code noise} times the level. */
    private static double[] cycle(double[] profile, int windows, double level, double trend, double noise, Random random) {
        double[] y = new double[windows];
        for (int t = 0; t < windows; t++) {
            y[t] = level * (profile[t % profile.length] + trend * t + noise * random.nextGaussian());
        }
        return y;
    }

    /** A day of hourly windows: quiet at night, busy from 8 to 18. */
    private static double[] officeHours() {
        double[] day = new double[24];
        for (int h = 0; h < 24; h++) {
            day[h] = h >= 8 && h < 18 ? 1.0 : 0.2;
        }
        return day;
    }

    /** A day of hourly windows rising and falling smoothly. */
    private static double[] sineDay() {
        double[] day = new double[24];
        for (int h = 0; h < 24; h++) {
            day[h] = Math.sin(2 * Math.PI * h / 24);
        }
        return day;
    }

    /** Two weeks of {@link #WEEK}, the second one's weekend at {@code saturday} and {@code sunday}, for 20 weeks. */
    private static double[] fortnights(double saturday, double sunday) {
        double[] fortnight = new double[14];
        for (int d = 0; d < 14; d++) {
            fortnight[d] = WEEK[d % 7];
        }
        fortnight[12] = saturday;
        fortnight[13] = sunday;
        return cycle(fortnight, 140, 1, 0, 0, new Random(0));
    }

    private static double[] whiteNoise(int windows, Random random) {
        double[] y = new double[windows];
        for (int t = 0; t < windows; t++) {
            y[t] = random.nextGaussian();
        }
        return y;
    }

    private static double[] randomWalk(int windows, double drift, Random random) {
        double[] y = new double[windows];
        for (int t = 1; t < windows; t++) {
            y[t] = y[t - 1] + drift + random.nextGaussian();
        }
        return y;
    }

    @Test
    void aWeeklyCycleWithNoiseAndTrendIsFoundAcrossKeysOfAnyScale() {
        Random random = new Random(1);
        // 70 daily windows: the stretch Chicago's backtest estimates from.
        List<double[]> keys = List.of(cycle(WEEK, 70, 2.5, 0.003, 0.1, random),
                cycle(WEEK, 70, 300, -0.002, 0.1, random), cycle(WEEK, 70, 0.04, 0.01, 0.1, random));

        Optional<Season> season = SeasonDetector.detect(keys, DAILY);

        assertThat(season).map(Season::windows).hasValue(7);
        assertThat(season.get().autocorrelation()).isGreaterThan(SeasonDetector.MIN_STRENGTH);
    }

    @Test
    void aDailyCycleOfHourlyWindowsWithNoiseAndTrendIsFound() {
        Random random = new Random(2);
        List<double[]> keys = List.of(cycle(officeHours(), 240, 50, 0.001, 0.05, random),
                cycle(officeHours(), 240, 8, 0.002, 0.05, random));

        assertThat(SeasonDetector.detect(keys, HOURLY)).map(Season::windows).hasValue(24);
    }

    @Test
    void aSmoothDailyCycleIsADayNotAnHourOff() {
        // Its autocorrelation is nearly as high at 23 and 25 hours as at 24, and the shorter lag
        // is shrunk less; the calendar's day is preferred.
        for (int seed = 0; seed < 20; seed++) {
            double[] y = cycle(sineDay(), 240, 1, 0.003, 0.1, new Random(seed));
            assertThat(SeasonDetector.detect(List.of(y), HOURLY)).as("seed %d", seed).map(Season::windows).hasValue(24);
        }
    }

    @Test
    void aNoisyDailyCycleIsFoundOnceTheEvidenceIsLongEvenAmongKeysWithoutOne() {
        // Noise 15% of the amplitude: a clear cycle in the levels, a weak one in the changes.
        Random random = new Random(5);
        List<double[]> keys = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            keys.add(cycle(sineDay(), 24 * 100, 1, 0, 0.15, random));
        }
        for (int k = 0; k < 4; k++) {
            keys.add(whiteNoise(24 * 100, random));
        }
        Optional<Season> season = SeasonDetector.detect(keys, HOURLY);
        assertThat(season).map(Season::windows).hasValue(24);
        assertThat(season.get().autocorrelation()).as("below the bar of a lag picked as the best of many")
                .isLessThan(SeasonDetector.MIN_STRENGTH);

        // Ten days of one such key are not enough to tell it from chance.
        assertThat(SeasonDetector.detect(List.of(cycle(sineDay(), 240, 1, 0, 0.15, random)), HOURLY)).isEmpty();
    }

    @Test
    void longNoiseAndLongWalksHaveNoCalendarSeason() {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            List<double[]> noise = new ArrayList<>();
            List<double[]> walks = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                noise.add(whiteNoise(24 * 60, random));
                walks.add(randomWalk(24 * 60, 0.1, random));
            }
            double[] walk = randomWalk(2_000, 0, random);
            List<double[]> copies = new ArrayList<>();
            for (int k = 1; k <= 6; k++) {
                int scale = k;
                copies.add(Arrays.stream(walk).map(v -> scale * v).toArray());
            }
            assertThat(SeasonDetector.detect(noise, HOURLY)).as("seed %d, noise", seed).isEmpty();
            assertThat(SeasonDetector.detect(walks, HOURLY)).as("seed %d, walks", seed).isEmpty();
            assertThat(SeasonDetector.detect(copies, DAILY)).as("seed %d, copies of a walk", seed).isEmpty();
        }
    }

    @Test
    void aLoudKeyDoesNotDrownTheOthers() {
        Random random = new Random(3);
        List<double[]> keys = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            keys.add(cycle(WEEK, 100, 1, 0, 0.05, random));
        }
        keys.add(cycle(new double[] {0}, 100, 1_000, 0, 1, random));

        // Pooled as they are, the loud key's changes would outweigh the three weekly keys'.
        assertThat(SeasonDetector.detect(keys, DAILY)).map(Season::windows).hasValue(7);
    }

    @Test
    void whiteNoiseHasNoSeason() {
        for (int seed = 0; seed < 100; seed++) {
            double[] y = whiteNoise(100, new Random(seed));
            assertThat(SeasonDetector.detect(List.of(y), DAILY)).as("seed %d", seed).isEmpty();
        }
        Random random = new Random(100);
        List<double[]> keys = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            keys.add(whiteNoise(200, random));
        }
        assertThat(SeasonDetector.detect(keys, DAILY)).isEmpty();
    }

    @Test
    void aRandomWalkHasNoSeasonWithOrWithoutDrift() {
        for (int seed = 0; seed < 100; seed++) {
            Random random = new Random(seed);
            assertThat(SeasonDetector.detect(List.of(randomWalk(100, 0, random)), DAILY)).as("seed %d", seed).isEmpty();
            assertThat(SeasonDetector.detect(List.of(randomWalk(100, 5, random)), DAILY)).as("seed %d, drifting", seed)
                    .isEmpty();
        }
    }

    @Test
    void copiesOfOneRandomWalkAreNoMoreEvidenceThanOne() {
        // Six keys moving together (an index's open, high, low, close ...) pool six times the
        // differences, whose 2/sqrt(n) alone would let chance peaks through.
        for (int seed = 0; seed < 100; seed++) {
            double[] walk = randomWalk(40, 0, new Random(seed));
            List<double[]> copies = new ArrayList<>();
            for (int k = 1; k <= 6; k++) {
                int scale = k;
                copies.add(Arrays.stream(walk).map(v -> scale * v).toArray());
            }
            assertThat(SeasonDetector.detect(copies, DAILY)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void changesThatPersistAreNoSeason() {
        // A smooth wander: each change carries 0.9 of the last, so the autocorrelation is high at
        // short lags and decays, with bumps that can be local peaks above the bar.
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            double[] y = new double[100];
            double change = 0;
            for (int t = 1; t < y.length; t++) {
                change = 0.9 * change + random.nextGaussian();
                y[t] = y[t - 1] + change;
            }
            assertThat(SeasonDetector.detect(List.of(y), DAILY)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void aCycleThatRepeatsNearlyAsWellEveryWeekAsEveryTwoIsWeekly() {
        // Every other weekend a little busier: the changes repeat exactly every 14 windows and
        // nearly so every 7, so the autocorrelation is highest at 14 (0.90, at 7 0.83).
        double[] y = fortnights(0.7, 0.5);

        assertThat(SeasonDetector.detect(List.of(y), DAILY)).as("the calendar's week")
                .map(Season::windows).hasValue(7);
        assertThat(SeasonDetector.detect(List.of(y), TWO_DAYS)).as("the lag dividing the strongest")
                .map(Season::windows).hasValue(7);
    }

    @Test
    void aCycleWhoseTwoWeeksDifferMoreIsFortnightly() {
        // 0.90 at 14, 0.70 at 7: further apart than the tolerance.
        double[] y = fortnights(0.8, 0.6);

        assertThat(SeasonDetector.detect(List.of(y), DAILY)).map(Season::windows).hasValue(14);
        assertThat(SeasonDetector.detect(List.of(y), TWO_DAYS)).map(Season::windows).hasValue(14);
    }

    @Test
    void tooShortDataHasNoSeason() {
        assertThat(SeasonDetector.detect(List.of(), DAILY)).isEmpty();
        assertThat(SeasonDetector.detect(List.of(new double[] {1, 2, 3}), DAILY)).isEmpty();
        // A clean weekly cycle, but not two whole weeks of it.
        double[] almostTwoWeeks = cycle(WEEK, 13, 1, 0, 0, new Random(0));
        assertThat(SeasonDetector.detect(List.of(almostTwoWeeks), DAILY)).isEmpty();
    }

    @Test
    void keysThatDoNotChangeAreLeftOut() {
        double[] flat = new double[70];
        Arrays.fill(flat, 4.2);
        double[] weekly = cycle(WEEK, 70, 1, 0, 0.05, new Random(7));

        assertThat(SeasonDetector.detect(List.of(flat), DAILY)).isEmpty();
        assertThat(SeasonDetector.detect(List.of(flat, weekly, flat), DAILY)).map(Season::windows).hasValue(7);
    }
}
