package io.streamcast.model.data;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@link Instant#parse} to epoch milliseconds, with a fast path for the form producers send and
 * CSV files hold, {@code 2026-01-05T10:00:00.250Z}: Instant.parse costs over a microsecond a tick,
 * most of an ISO tick's parse (and most of reading a CSV row), and nearly all of it goes to the
 * formatter's generality. The fast path takes only that exact shape and leaves every other text,
 * and every value out of range, to Instant.parse, so what is accepted and what each value means
 * is Instant.parse's decision.
 */
public final class IsoInstants {

    /** d: a digit; anything else: that character. */
    private static final String DATE_SHAPE = "dddd-dd-dd";
    /** An instant's: the date, the time, then an optional fraction of 1 to 9 digits, and Z. */
    private static final String SHAPE = DATE_SHAPE + "Tdd:dd:dd";
    private static final int MAX_FRACTION_DIGITS = 9;

    private IsoInstants() {}

    /**
     * As {@link #toEpochMilli}, for files: also an ISO-8601 date ({@code 2012-01-01}, how daily data
     * is mostly written) as its day's start in UTC, an impossible day ({@code 2023-02-29}) refused;
     * and a space for the {@code T} between date and time ({@code 2012-01-01 10:00:00+00:00}, as
     * RFC 3339 allows and pandas writes a zoned time). A time without a zone stays refused.
     */
    public static long dateOrInstantToEpochMilli(String text) throws DateTimeParseException {
        int dateEnd = DATE_SHAPE.length();
        if (text.length() >= dateEnd && startsWithShape(text, DATE_SHAPE)) {
            if (text.length() == dateEnd) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (text.charAt(dateEnd) == ' ') {
                return toEpochMilli(text.substring(0, dateEnd) + 'T' + text.substring(dateEnd + 1));
            }
        }
        return toEpochMilli(text);
    }

    public static long toEpochMilli(String text) throws DateTimeParseException {
        if (hasCanonicalShape(text)) {
            try {
                return LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10),
                                number(text, 11, 13), number(text, 14, 16), number(text, 17, 19), nanos(text))
                        .toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeException outOfRange) {
                // Such as hour 24 or February 30: Instant.parse says which it takes.
            }
        }
        return Instant.parse(text).toEpochMilli();
    }

    private static boolean hasCanonicalShape(String text) {
        int end = text.length() - 1;
        if (end < SHAPE.length() || end > SHAPE.length() + 1 + MAX_FRACTION_DIGITS || text.charAt(end) != 'Z') {
            return false;
        }
        if (!startsWithShape(text, SHAPE)) {
            return false;
        }
        if (end == SHAPE.length()) {
            return true;
        }
        if (text.charAt(SHAPE.length()) != '.' || end == SHAPE.length() + 1) {
            return false;
        }
        for (int i = SHAPE.length() + 1; i < end; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether text, at least as long as shape, begins with characters of that shape. */
    private static boolean startsWithShape(String text, String shape) {
        for (int i = 0; i < shape.length(); i++) {
            char expected = shape.charAt(i);
            if (expected == 'd' ? !isDigit(text.charAt(i)) : text.charAt(i) != expected) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /** The fraction's digits as nanoseconds: ".25" is 250,000,000. */
    private static int nanos(String text) {
        int end = text.length() - 1;
        if (end == SHAPE.length()) {
            return 0;
        }
        int digits = end - SHAPE.length() - 1;
        int value = number(text, SHAPE.length() + 1, end);
        for (int i = digits; i < MAX_FRACTION_DIGITS; i++) {
            value *= 10;
        }
        return value;
    }
}
