package io.streamcast.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration written like {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1d},
 * {@code 0}, or in ISO-8601 ({@code PT1M}). Negative durations are refused. Picocli prefixes the
 * message with the option's name.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    @Override
    public Duration convert(String text) {
        Duration duration = parse(text);
        if (duration == null) {
            throw new TypeConversionException("'" + text
                    + "' is not a duration; write it like 30s, 1m, 2h or 1d");
        }
        if (duration.isNegative()) {
            throw new TypeConversionException("'" + text + "' is negative; a duration must be 0 or more");
        }
        return duration;
    }

    /** The duration {@code text} stands for, or null if it is not one. */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.startsWith("p") || t.startsWith("-p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = SHORT.matcher(t);
        if (!m.matches()) {
            return null;
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
