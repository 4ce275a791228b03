package io.streamcast.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must be Instant.parse, value for value and refusal for refusal. */
class IsoInstantsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-05T10:00:00.250Z", "2026-01-05T10:00:00Z", "2026-01-05T10:00:00.2Z",
            "2026-01-05T10:00:00.123456789Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T00:00:00Z",
            // Not the fast path's shape or range: Instant.parse's own answer, whatever it is.
            "2026-01-05t10:00:00.250z", "2026-01-05T24:00:00Z", "2026-01-05T10:00:00.Z", "2026-01-05T23:59:60Z",
            "2026-01-05T10:00:00+01:00", "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"})
    void agreesWithInstantParse(String text) {
        assertThat(IsoInstants.toEpochMilli(text)).isEqualTo(Instant.parse(text).toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T10:00:00Z", "2026-13-05T10:00:00Z", "2026-01-05T10:60:00Z",
            "2026-01-05T10:00:00.1234567891Z", "2026-01-05T10:00Z", "2026-1-05T10:00:00Z", "2026-01-05 10:00:00Z",
            "2026-01-05T10:00:00", "", "Z"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.toEpochMilli(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void aDateIsItsDaysStartInUtcAndAnInstantIsAsBefore() {
        assertThat(IsoInstants.dateOrInstantToEpochMilli("2012-01-01"))
                .isEqualTo(Instant.parse("2012-01-01T00:00:00Z").toEpochMilli());
        assertThat(IsoInstants.dateOrInstantToEpochMilli("2024-02-29"))
                .isEqualTo(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli());
        assertThat(IsoInstants.dateOrInstantToEpochMilli("2026-01-05T10:00:00.250Z"))
                .isEqualTo(IsoInstants.toEpochMilli("2026-01-05T10:00:00.250Z"));
        for (String refused : List.of("2023-02-29", "2012-1-01", "2012-01-1", "2012/01/01", "2012-01-01Z")) {
            assertThatThrownBy(() -> IsoInstants.dateOrInstantToEpochMilli(refused)).as(refused)
                    .isInstanceOf(DateTimeParseException.class);
        }
        assertThatThrownBy(() -> IsoInstants.toEpochMilli("2012-01-01")).as("an instant it is not")
                .isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void aFileMayPutASpaceBetweenDateAndTimeAsRfc3339AllowsButNotDropTheZone() {
        assertThat(IsoInstants.dateOrInstantToEpochMilli("2026-01-05 10:00:00+00:00"))
                .isEqualTo(Instant.parse("2026-01-05T10:00:00Z").toEpochMilli());
        assertThat(IsoInstants.dateOrInstantToEpochMilli("2026-01-05 12:00:00.25+02:00"))
                .isEqualTo(Instant.parse("2026-01-05T10:00:00.250Z").toEpochMilli());
        assertThat(IsoInstants.dateOrInstantToEpochMilli("2026-01-05 10:00:00Z"))
                .isEqualTo(Instant.parse("2026-01-05T10:00:00Z").toEpochMilli());
        for (String refused : List.of("2026-01-05 10:00:00", "2026-01-05  10:00:00Z", "2026-01-05 ")) {
            assertThatThrownBy(() -> IsoInstants.dateOrInstantToEpochMilli(refused)).as(refused)
                    .isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void agreesWithInstantParseOnRandomTimesAndTheirMutants() {
        Random random = new Random(5);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String fraction = ".123456789".substring(0, random.nextInt(11));
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62),
                    fraction);
            texts.add(text);
            char[] mutant = text.toCharArray();
            mutant[random.nextInt(mutant.length)] = "0123456789-:.TZtz+ ".charAt(random.nextInt(19));
            texts.add(new String(mutant));
        }
        int parsed = 0;
        for (String text : texts) {
            Long expected = instantParse(text);
            if (expected == null) {
                assertThatThrownBy(() -> IsoInstants.toEpochMilli(text)).as(text)
                        .isInstanceOf(DateTimeParseException.class);
            } else {
                assertThat(IsoInstants.toEpochMilli(text)).as(text).isEqualTo(expected);
                parsed++;
            }
        }
        assertThat(parsed).as("valid times among the texts").isGreaterThan(1_000);
    }

    private static Long instantParse(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
