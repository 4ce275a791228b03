package io.streamcast.cli;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration as Flink's configuration does ({@link TimeUtils#parseDuration}): {@code 500ms},
 * {@code 5s}, {@code 1m} or {@code 1min}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT1M}). Two
 * things it would take are refused, with a message that says why: a negative duration, and a
 * number with no unit other than {@code 0} (Flink reads {@code --window 5} as 5 milliseconds,
 * which nobody means). Picocli prefixes the message with the option's name.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private final String how;

    /** Picocli's: its messages say how to write a duration. */
    public DurationConverter() {
        this("write it like 30s, 1m, 2h or 1d");
    }

    /** @param how what the messages say about how to write the value, for options that take more than a duration */
    DurationConverter(String how) {
        this.how = how;
    }

    @Override
    public Duration convert(String text) {
        String t = text.strip();
        if (t.startsWith("-")) {
            throw new TypeConversionException("'" + text + "' is negative; a duration must be 0 or more");
        }
        if (!t.equals("0") && !t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            throw new TypeConversionException("'" + text + "' has no unit; " + how);
        }
        try {
            return TimeUtils.parseDuration(t);
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: Flink's messages list every unit label it knows.
            throw new TypeConversionException("'" + text + "' is not a duration; " + how);
        }
    }
}
