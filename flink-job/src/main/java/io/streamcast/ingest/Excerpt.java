package io.streamcast.ingest;

/**
 * Bounded, printable excerpts of input for rejection reasons: a dead letter already carries the
 * raw record, so a reason that repeated a 900 KB value would only double it, and a key with a
 * newline or NUL in it must not break the lines of whoever reads the reason.
 */
final class Excerpt {

    /** Longest excerpt of a field's JSON value in a reason, in characters. */
    static final int MAX_VALUE_CHARS = 200;

    private Excerpt() {}

    /** The first {@code max} characters, with control characters and surrogates (paired or not) as \\uXXXX. */
    static String escaped(String text, int max) {
        StringBuilder out = new StringBuilder();
        int end = Math.min(text.length(), max);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return end < text.length() ? out + "…" : out.toString();
    }
}
