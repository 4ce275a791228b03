package io.streamcast.records;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A record the pipeline could not use: {@code kind} says which rule refused it and {@code error}
 * why, in words. {@code raw} is the record's original bytes as UTF-8 text (invalid bytes shown as
 * U+FFFD), cut to {@link #MAX_RAW_BYTES}; {@code rawBytes} is the original size, so a cut record
 * is recognisable and the dead-letter topic can never refuse a record for its size.
 *
 * <p>{@code topic} is null and {@code partition} and {@code offset} are -1 where a record has no
 * Kafka origin (a line of a replayed file keeps its line number as the offset).
 */
public record DeadLetter(Kind kind, String error, String raw, int rawBytes, String topic, int partition,
        long offset) {

    /** Which rule refused the record. */
    public enum Kind {
        /** Not a tick: broken JSON, a missing or wrong-typed field, a non-finite value, a bad key. */
        MALFORMED,
        /** A timestamp outside the configured bounds or far from its partition's event time. */
        IMPLAUSIBLE_TIMESTAMP,
        /** A tick whose window had closed when it arrived. */
        LATE
    }

    /** Well under Kafka's default 1 MB record limit, with room for the error and coordinates. */
    public static final int MAX_RAW_BYTES = 8 * 1024;
    /** Errors quote parts of the input; they are bounded like the raw text. */
    public static final int MAX_ERROR_CHARS = 1024;

    /** A dead letter for {@code record}, its raw bytes cut to the bound. */
    public static DeadLetter of(Kind kind, String error, RawRecord record) {
        byte[] value = record.value();
        return new DeadLetter(kind, truncate(error, MAX_ERROR_CHARS), value == null ? null : text(value),
                value == null ? 0 : value.length, record.topic(), record.partition(), record.offset());
    }

    /** At most {@link #MAX_RAW_BYTES} bytes decoded; a multi-byte character cut in two shows as U+FFFD. */
    private static String text(byte[] value) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(Math.min(value.length, MAX_RAW_BYTES));
        decoder.decode(ByteBuffer.wrap(value, 0, Math.min(value.length, MAX_RAW_BYTES)), chars, true);
        return chars.flip().toString();
    }

    /** {@code text} if at most {@code maxChars} characters, else its beginning and "…", within the bound. */
    public static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        // Never cut a surrogate pair in half.
        int end = Character.isHighSurrogate(text.charAt(maxChars - 2)) ? maxChars - 2 : maxChars - 1;
        return text.substring(0, end) + "…";
    }
}
