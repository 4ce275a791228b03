package io.streamcast.ingest;

import static io.streamcast.ingest.ParseResult.accepted;
import static io.streamcast.ingest.ParseResult.rejected;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.streamcast.model.data.IsoInstants;
import io.streamcast.model.data.TickValues;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.Json;
import io.streamcast.records.Tick;
import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses a UTF-8 JSON tick, {@code {"key":"sensor-17","ts":"2026-01-05T10:00:00.250Z","value":21.5}},
 * where {@code ts} is an ISO-8601 instant or integral epoch milliseconds. Every rejection names
 * its cause, because the dead-letter topic is where an operator finds out what a producer broke.
 *
 * <p>This runs once per record, so it reads the tokens as they stream by instead of building a
 * tree of the whole object, and an ISO timestamp goes through {@link IsoInstants}. Only what a
 * reason has to show, a field of the wrong type or a value that is not an object, is read into a
 * tree, so that the reason prints it exactly as a tree would. The whole record is read before
 * anything is decided, so broken JSON anywhere in it wins over a missing or wrong field, as when
 * the tick was a tree.
 */
public final class TickParser {

    /**
     * NaN and Infinity tokens are let through the parser so that they are rejected as non-finite
     * values rather than as broken JSON; a field given twice is rejected, since which of the two
     * counts is up to each parser. Values are read with Jackson's FastDoubleParser: it rounds as
     * {@link Double#parseDouble} does, without the big-number arithmetic the JDK's needs for a
     * value written with all its 17 digits (TickParserBenchmark, {@code value=full}).
     */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(StreamReadFeature.USE_FAST_DOUBLE_PARSER);

    /** Jackson's wording for a field given twice (StrictDuplicateDetection). */
    private static final String DUPLICATE = "Duplicate field ";

    private TickParser() {}

    public static ParseResult parse(byte[] utf8Json) {
        if (utf8Json == null) {
            return rejected("empty value");
        }
        try (JsonParser parser = READER.createParser(utf8Json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return rejected("empty value");
            }
            if (first != JsonToken.START_OBJECT) {
                JsonNode notAnObject = READER.readTree(parser);
                requireEnd(parser);
                return rejected("not a JSON object but " + typeOf(notAnObject));
            }
            TickFields fields = new TickFields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                fields.read(name, parser);
            }
            requireEnd(parser);
            return fields.toTick();
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            if (problem.startsWith(DUPLICATE)) {
                return rejected("duplicate field " + bounded(problem.substring(DUPLICATE.length())));
            }
            return rejected("not valid JSON: " + bounded(problem));
        } catch (IOException e) {
            return rejected("not valid JSON: " + bounded(e.getMessage()));
        }
    }

    /** Trailing garbage, or a second value, after the first one is broken JSON. */
    private static void requireEnd(JsonParser parser) throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
        }
    }

    /** The three fields as the object gives them: each either of its type or, as a tree, not. */
    private static final class TickFields {
        private String key;
        private JsonNode keyOfWrongType;
        private boolean hasValue;
        private double value;
        private JsonNode valueOfWrongType;
        private boolean hasEpochMillis;
        private long epochMillis;
        private String isoTimestamp;
        private JsonNode tsOfWrongType;

        void read(String name, JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            switch (name) {
                case "key" -> {
                    if (token == JsonToken.VALUE_STRING) {
                        key = parser.getText();
                    } else {
                        keyOfWrongType = READER.readTree(parser);
                    }
                }
                case "value" -> {
                    if (token.isNumeric()) {
                        hasValue = true;
                        value = parser.getDoubleValue();
                    } else {
                        valueOfWrongType = READER.readTree(parser);
                    }
                }
                case "ts" -> {
                    if (token == JsonToken.VALUE_NUMBER_INT
                            && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        hasEpochMillis = true;
                        epochMillis = parser.getLongValue();
                    } else if (token == JsonToken.VALUE_STRING) {
                        isoTimestamp = parser.getText();
                    } else {
                        tsOfWrongType = READER.readTree(parser);
                    }
                }
                default -> readIgnored(parser, token);
            }
        }

        /**
         * An extra field is read, not skipped, wherever skipping would check less than a tree
         * did: a skipped string is never held against the parser's string length limit.
         */
        private static void readIgnored(JsonParser parser, JsonToken token) throws IOException {
            if (token.isStructStart()) {
                READER.readTree(parser);
            } else if (token == JsonToken.VALUE_STRING) {
                parser.getText();
            }
        }

        /** The checks in the order a reader of the reason expects: presence, key, value, ts. */
        ParseResult toTick() {
            if (key == null && keyOfWrongType == null) {
                return rejected("missing field 'key'");
            }
            if (!hasEpochMillis && isoTimestamp == null && tsOfWrongType == null) {
                return rejected("missing field 'ts'");
            }
            if (!hasValue && valueOfWrongType == null) {
                return rejected("missing field 'value'");
            }
            if (keyOfWrongType != null) {
                return wrongType("key", "a string", keyOfWrongType);
            }
            String keyProblem = TickKeys.problem(key);
            if (keyProblem != null) {
                return rejected(keyProblem);
            }
            if (valueOfWrongType != null) {
                return wrongType("value", "a number", valueOfWrongType);
            }
            String valueProblem = TickValues.problem(value);
            if (valueProblem != null) {
                return rejected("field 'value' " + valueProblem + ": " + value);
            }
            if (hasEpochMillis) {
                return accepted(new Tick(key, epochMillis, value));
            }
            if (tsOfWrongType != null) {
                return wrongType("ts", "an ISO-8601 string or integral epoch milliseconds", tsOfWrongType);
            }
            try {
                return accepted(new Tick(key, IsoInstants.toEpochMilli(isoTimestamp), value));
            } catch (DateTimeParseException | ArithmeticException e) {
                return rejected("field 'ts' is not an ISO-8601 instant: '" + bounded(isoTimestamp) + "'");
            }
        }
    }

    private static ParseResult wrongType(String field, String expected, JsonNode actual) {
        String was = actual.isNull() ? "null" : typeOf(actual) + " " + bounded(actual.toString());
        return rejected("field '" + field + "' must be " + expected + ", was " + was);
    }

    private static String bounded(String text) {
        return DeadLetter.truncate(text, Excerpt.MAX_VALUE_CHARS);
    }

    private static String typeOf(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
