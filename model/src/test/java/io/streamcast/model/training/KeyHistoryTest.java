package io.streamcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.data.Series;
import org.junit.jupiter.api.Test;

class KeyHistoryTest {

    private static final long W = 1000;

    @Test
    void keepsTheNewestBarsAsARegularSeriesCarryingGapsForward() {
        KeyHistory h = new KeyHistory(5);
        h.add(0, W, 1);
        h.add(W, 2 * W, 2);
        h.add(4 * W, 5 * W, 5); // windows 2 and 3 missing
        h.add(5 * W, 6 * W, 6);
        Series s = h.toSeries("k", W);
        assertThat(s.values()).containsExactly(2, 2, 2, 5, 6);
        assertThat(s.windowStarts()).containsExactly(W, 2 * W, 3 * W, 4 * W, 5 * W);
    }

    @Test
    void aGapLongerThanTheHistoryStartsItAfresh() {
        KeyHistory h = new KeyHistory(3);
        h.add(0, W, 1);
        h.add(100 * W, 101 * W, 7);
        assertThat(h.toSeries("k", W).values()).containsExactly(7);
    }
}
