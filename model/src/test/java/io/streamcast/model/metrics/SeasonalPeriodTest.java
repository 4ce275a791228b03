package io.streamcast.model.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeasonalPeriodTest {

    @Test
    void theRuleIsADayBelowDailyWindowsAndAWeekFromThemUp() {
        assertThat(SeasonalPeriod.windowsFor(Duration.ofHours(1))).isEqualTo(24);
        assertThat(SeasonalPeriod.windowsFor(Duration.ofDays(1))).isEqualTo(7);
        assertThat(SeasonalPeriod.windowsFor(Duration.ofDays(30))).isEqualTo(1);
    }

    @Test
    void calendarCyclesAreTheDayAndTheWeekWhereWholeWindowsMakeThem() {
        assertThat(SeasonalPeriod.calendarCycles(Duration.ofHours(1))).containsExactly(24, 168);
        assertThat(SeasonalPeriod.calendarCycles(Duration.ofMinutes(5))).containsExactly(288, 2016);
        assertThat(SeasonalPeriod.calendarCycles(Duration.ofDays(1))).containsExactly(1, 7);
        assertThat(SeasonalPeriod.calendarCycles(Duration.ofDays(2))).isEmpty();
        assertThat(SeasonalPeriod.calendarCycles(Duration.ofMinutes(7))).as("a week is 1,440 of them, a day is not whole")
                .containsExactly(1440);
    }

    @Test
    void aWindowMustBePositive() {
        assertThatThrownBy(() -> SeasonalPeriod.calendarCycles(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeasonalPeriod.windowsFor(Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
