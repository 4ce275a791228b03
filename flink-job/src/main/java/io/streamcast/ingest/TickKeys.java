package io.streamcast.ingest;

/**
 * What a tick's key may be. Keys become Flink state keys, Kafka record keys and lines in logs,
 * CSV files and reports: a control character (a newline, a tab, NUL) breaks those formats, a lone
 * surrogate is not encodable as UTF-8 (the forecast's key would not round-trip), and an
 * unbounded key lets one producer's bug bloat every piece of state and output that carries it.
 */
final class TickKeys {

    /** Longest key, in UTF-16 characters: far beyond sensor ids and symbols, far below a payload. */
    static final int MAX_LENGTH = 256;

    /** How much of a rejected key a reason shows. */
    private static final int SHOWN = 32;

    private TickKeys() {}

    /** Why {@code key} is not a valid key, or null if it is. */
    static String problem(String key) {
        if (key.isBlank()) {
            return "field 'key' is blank";
        }
        if (key.length() > MAX_LENGTH) {
            return "field 'key' is longer than " + MAX_LENGTH + " characters (" + key.length() + "): '"
                    + Excerpt.escaped(key, SHOWN) + "'";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                return "field 'key' contains a control character " + codePoint(c) + " at " + i + ": '"
                        + Excerpt.escaped(key, SHOWN) + "'";
            }
            if (Character.isSurrogate(c) && !pairedAt(key, i)) {
                return "field 'key' contains a lone surrogate " + codePoint(c) + " at " + i + ": '"
                        + Excerpt.escaped(key, SHOWN) + "'";
            }
            if (Character.isHighSurrogate(c)) {
                i++; // the pair's low half, checked by pairedAt
            }
        }
        return null;
    }

    private static boolean pairedAt(String key, int i) {
        return Character.isHighSurrogate(key.charAt(i)) && i + 1 < key.length()
                && Character.isLowSurrogate(key.charAt(i + 1));
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
