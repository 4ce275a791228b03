package io.streamcast.ingest;

import static io.streamcast.ingest.ParseResult.accepted;
import static io.streamcast.ingest.ParseResult.rejected;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.streamcast.model.data.TickValues;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.Json;
import io.streamcast.records.Tick;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The tree-building parser that {@link TickParser} replaced, kept as it was: the baseline of
 * {@code TickParserBenchmark} and the oracle {@code TickParserTest} holds the streaming parser to
 * (the same tick, or the same reason, for every input).
 */
public final class TreeTickParser {

    /**
     * NaN and Infinity tokens are let through the parser so that they are rejected as non-finite
     * values rather than as broken JSON; trailing garbage after the object is broken JSON; a field
     * given twice is rejected, since which of the two counts is up to each parser.
     */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Jackson's wording for a field given twice (StrictDuplicateDetection). */
    private static final String DUPLICATE = "Duplicate field ";

    private static final List<String> REQUIRED_FIELDS = List.of("key", "ts", "value");

    private TreeTickParser() {}

    public static ParseResult parse(byte[] utf8Json) {
        if (utf8Json == null) {
            return rejected("empty value");
        }
        JsonNode tree;
        try {
            tree = READER.readTree(utf8Json);
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            if (problem.startsWith(DUPLICATE)) {
                return rejected("duplicate field " + bounded(problem.substring(DUPLICATE.length())));
            }
            return rejected("not valid JSON: " + bounded(problem));
        } catch (IOException e) {
            return rejected("not valid JSON: " + bounded(e.getMessage()));
        }
        if (tree.isMissingNode()) {
            return rejected("empty value");
        }
        if (!tree.isObject()) {
            return rejected("not a JSON object but " + typeOf(tree));
        }
        return parseObject(tree);
    }

    private static ParseResult parseObject(JsonNode tick) {
        for (String field : REQUIRED_FIELDS) {
            if (!tick.has(field)) {
                return rejected("missing field '" + field + "'");
            }
        }
        JsonNode key = tick.get("key");
        JsonNode ts = tick.get("ts");
        JsonNode value = tick.get("value");
        if (!key.isTextual()) {
            return wrongType("key", "a string", key);
        }
        String keyProblem = TickKeys.problem(key.asText());
        if (keyProblem != null) {
            return rejected(keyProblem);
        }
        if (!value.isNumber()) {
            return wrongType("value", "a number", value);
        }
        String valueProblem = TickValues.problem(value.doubleValue());
        if (valueProblem != null) {
            return rejected("field 'value' " + valueProblem + ": " + value.doubleValue());
        }
        if (ts.isIntegralNumber() && ts.canConvertToLong()) {
            return accepted(new Tick(key.asText(), ts.longValue(), value.doubleValue()));
        }
        if (!ts.isTextual()) {
            return wrongType("ts", "an ISO-8601 string or integral epoch milliseconds", ts);
        }
        try {
            long millis = Instant.parse(ts.asText()).toEpochMilli();
            return accepted(new Tick(key.asText(), millis, value.doubleValue()));
        } catch (DateTimeParseException | ArithmeticException e) {
            return rejected("field 'ts' is not an ISO-8601 instant: '" + bounded(ts.asText()) + "'");
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
