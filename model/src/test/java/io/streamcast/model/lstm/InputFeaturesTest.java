package io.streamcast.model.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
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
    void valueOnlyWritesOneFeature() {
        float[] out = {9, 9};
        InputFeatures.VALUE.encode(0.25f, 0L, out);
        assertThat(out).containsExactly(0.25f, 9f);
    }
}
