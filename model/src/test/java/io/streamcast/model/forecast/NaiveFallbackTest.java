package io.streamcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NaiveFallbackTest {

    /** One window: the model forecast {@code model}, the last value was {@code naive}, the actual came. */
    private static boolean window(FallbackState s, double model, double naive, double actual) {
        boolean served = NaiveFallback.WHEN_BEHIND.servesNaive(s, model);
        NaiveFallback.judge(s, actual, naive);
        return served;
    }

    @Test
    void aModelBehindTheLastValueIsReplacedOnlyOnceEnoughWindowsSaySo() {
        FallbackState s = new FallbackState();
        for (int w = 0; w < NaiveFallback.MIN_COMPARED; w++) {
            assertThat(window(s, 12, 10, 10)).as("window %d: too few compared to decide", w).isFalse();
        }
        assertThat(window(s, 12, 10, 10)).isTrue();
        assertThat(s.isServedNaive()).isTrue();
    }

    @Test
    void aModelAheadIsServedAndOneThatCatchesUpIsServedAgain() {
        FallbackState s = new FallbackState();
        for (int w = 0; w < 50; w++) {
            assertThat(window(s, 10.5, 10, 11)).isFalse();
        }
        for (int w = 0; w < 50; w++) {
            window(s, 13, 10, 10);
        }
        assertThat(s.isServedNaive()).as("behind for 50 windows").isTrue();
        int windowsUntilServedAgain = 0;
        while (window(s, 10, 12, 10)) {
            windowsUntilServedAgain++;
        }
        // Its record is a mean over about SPAN windows: a better run wins back within a few dozen.
        assertThat(windowsUntilServedAgain).isBetween(1, NaiveFallback.SPAN);
        assertThat(s.getModelForecast()).as("the model's own forecast is kept while the last value is served")
                .isEqualTo(10);
    }

    @Test
    void onlyForecastsTheModelMadeAreJudged() {
        FallbackState s = new FallbackState();
        for (int w = 0; w < 3 * NaiveFallback.MIN_COMPARED; w++) {
            assertThat(window(s, Double.NaN, 10, 20)).as("no model forecast").isFalse();
            assertThat(window(s, 1e308, -1e308, 1e308)).as("an error no double holds").isFalse();
        }
        assertThat(s.getCompared()).isZero();

        for (int w = 0; w < 2 * NaiveFallback.MIN_COMPARED; w++) {
            window(s, 20, 10, 10);
        }
        NaiveFallback.restart(s);
        assertThat(s.isServedNaive()).isFalse();
        assertThat(s.getModelForecast()).as("no forecast of the window after a gap is the model's").isNaN();
        NaiveFallback.judge(s, 1e6, 10);
        assertThat(s.getErrorDifference()).as("the gap's actual judges nothing").isEqualTo(10);
    }
}
