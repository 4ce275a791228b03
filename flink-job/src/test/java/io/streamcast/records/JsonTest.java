package io.streamcast.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static final ForecastRecord FIRST_WINDOW = new ForecastRecord(
            "sensor-17", 1_767_607_200_000L, 1_767_607_260_000L, 21.5, null, null, 21.5,
            1_767_607_320_000L, 0, 12, 20.0, 23.0, false, 0,
            List.of(new ForecastRecord.Step(1_767_607_320_000L, 21.5, 20.0, 23.0)));

    @Test
    void forecastRecordIsAnObjectWithTheContractFieldNamesAndEpochMillis() throws Exception {
        JsonNode json = Json.MAPPER.readTree(Json.toJson(FIRST_WINDOW));

        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder(
                "key", "windowStart", "windowEnd", "actual", "forecastOfActual", "forecastOfActualVersion", "forecast",
                "forecastFor", "modelVersion", "ticks", "lower", "upper", "anomaly", "anomalyScore", "steps");
        assertThat(json.get("windowStart").isIntegralNumber()).isTrue();
        assertThat(json.get("lower").isNumber()).isTrue();
        assertThat(json.get("anomaly").isBoolean()).isTrue();
        assertThat(json.get("steps").get(0).fieldNames()).toIterable()
                .containsExactly("forecastFor", "forecast", "lower", "upper");
        assertThat(json.get("steps").get(0).get("upper").isNumber()).isTrue();
        assertThat(json.get("windowStart").longValue()).isEqualTo(1_767_607_200_000L);
        assertThat(json.get("forecastOfActual").isNull()).isTrue();
    }

    @Test
    void forecastRecordRoundTrips() {
        ForecastRecord later = new ForecastRecord(
                "sensor-17", 1_767_607_260_000L, 1_767_607_320_000L, 22.0, 21.5, 3L, 22.3,
                1_767_607_380_000L, 3, 9, null, null, true, 1.25,
                List.of(new ForecastRecord.Step(1_767_607_380_000L, 22.3, null, null)));

        assertThat(Json.forecastFromJson(Json.toJson(FIRST_WINDOW))).isEqualTo(FIRST_WINDOW);
        assertThat(Json.forecastFromJson(Json.toJson(later))).isEqualTo(later);
    }

    @Test
    void deadLetterIsAnObjectWithTheContractFieldNamesAndRoundTrips() throws Exception {
        DeadLetter located = new DeadLetter(DeadLetter.Kind.MALFORMED, "not valid JSON", "{\"key\":", 7, "ticks", 2, 41L);
        DeadLetter unlocated = new DeadLetter(DeadLetter.Kind.LATE, "late tick", "{}", 2, null, -1, -1L);

        JsonNode json = Json.MAPPER.readTree(Json.toJson(located));

        assertThat(json.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("kind", "error", "raw", "rawBytes", "topic", "partition", "offset");
        assertThat(Json.deadLetterFromJson(Json.toJson(located))).isEqualTo(located);
        assertThat(Json.deadLetterFromJson(Json.toJson(unlocated))).isEqualTo(unlocated);
    }
}
