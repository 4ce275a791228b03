package io.streamcast.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A span of event time given either in windows ({@code 200 windows}), which suits any window
 * length and so makes a good default, or as a duration ({@code 6h}), which overrides it.
 */
public sealed interface EventTimeSpan {

    /** This span under windows of {@code window}. */
    Duration in(Duration window);

    record Windows(long count) implements EventTimeSpan {
        @Override
        public Duration in(Duration window) {
            return window.multipliedBy(count);
        }

        @Override
        public String toString() {
            return count + (count == 1 ? " window" : " windows");
        }
    }

    record Fixed(Duration duration) implements EventTimeSpan {
        @Override
        public Duration in(Duration window) {
            return duration;
        }
    }

    /** Reads {@code N windows} or any duration {@link DurationConverter} reads; refuses zero. */
    final class Converter implements ITypeConverter<EventTimeSpan> {

        private static final Pattern WINDOWS = Pattern.compile("(\\d{1,9})\\s*windows?");
        private static final DurationConverter DURATION = new DurationConverter("write it like 200 windows, 6h or 1d");

        @Override
        public EventTimeSpan convert(String text) {
            Matcher m = WINDOWS.matcher(text.trim().toLowerCase(Locale.ROOT));
            EventTimeSpan span = m.matches() ? new Windows(Long.parseLong(m.group(1)))
                    : new Fixed(DURATION.convert(text));
            if (span.in(Duration.ofMillis(1)).isZero()) {
                throw new TypeConversionException("'" + text + "' is empty; give 1 window or more, or a duration above 0");
            }
            return span;
        }
    }
}
