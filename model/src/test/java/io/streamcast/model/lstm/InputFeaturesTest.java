package io.streamcast.model.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InputFeaturesTest {

    @Test
    void calendarFeaturesDescribeTheForecastWindow() {
        float[] monday = new float[5];
        float[] mondayNoon = new float[5];
        InputFeatures.VALUE_AND_CALENDAR.encode(0.5f, Instant.parse("2026-11-23T00:00:00Z").toEpochMilli(), monday);
        InputFeatures.VALUE_AND_CALENDAR.encode(0.5f, Instant.parse("2026-11-23T12:00:00Z").toEpochMilli(), mondayNoon);
        assertThat(monday[0]).isEqualTo(0.5f);
        // Monday 00:00 is the start of the week and of the day: angle 0.
        assertThat(monday[1]).isCloseTo(0f, within(1e-6f));
        assertThat(monday[2]).isCloseTo(1f, within(1e-6f));
        assertThat(monday[3]).isCloseTo(0f, within(1e-6f));
        assertThat(monday[4]).isCloseTo(1f, within(1e-6f));
        assertThat(mondayNoon[2]).isCloseTo(-1f, within(1e-6f));
        float[] sameDayNextWeek = new float[5];
        InputFeatures.VALUE_AND_CALENDAR.encode(0.5f, Instant.parse("2026-11-30T00:00:00Z").toEpochMilli(), sameDayNextWeek);
        assertThat(sameDayNextWeek).containsExactly(monday, within(1e-5f));
    }

    @Test
    void theYearAddsTheTimeOfYearToTheCalendar() {
        long monday = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
        float[] calendar = new float[5];
        float[] withYear = new float[7];
        InputFeatures.VALUE_AND_CALENDAR.encode(0.5f, monday, calendar);
        InputFeatures.VALUE_AND_CALENDAR_WITH_YEAR.encode(0.5f, monday, withYear);
        assertThat(Arrays.copyOf(withYear, 5)).containsExactly(calendar, within(0f));
        // A year (365.2425 days) later, the same angle; half a year later, the opposite one.
        float[] nextYear = new float[7];
        float[] halfYear = new float[7];
        long day = 86_400_000L;
        InputFeatures.VALUE_AND_CALENDAR_WITH_YEAR.encode(0.5f, monday + Math.round(365.2425 * day), nextYear);
        InputFeatures.VALUE_AND_CALENDAR_WITH_YEAR.encode(0.5f, monday + Math.round(365.2425 / 2 * day), halfYear);
        assertThat(nextYear[5]).isCloseTo(withYear[5], within(1e-5f));
        assertThat(nextYear[6]).isCloseTo(withYear[6], within(1e-5f));
        assertThat(halfYear[5]).isCloseTo(-withYear[5], within(1e-5f));
        assertThat(halfYear[6]).isCloseTo(-withYear[6], within(1e-5f));
        float[] beforeEpoch = new float[7];
        InputFeatures.VALUE_AND_CALENDAR_WITH_YEAR.encode(0.5f, -Math.round(365.2425 * day), beforeEpoch);
        assertThat(beforeEpoch[5]).isCloseTo(0f, within(1e-5f));
        assertThat(beforeEpoch[6]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void valueOnlyWritesOneFeature() {
        float[] out = {9, 9};
        InputFeatures.VALUE.encode(0.25f, 0L, out);
        assertThat(out).containsExactly(0.25f, 9f);
    }
}
