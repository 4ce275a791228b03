package io.streamcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.data.TickValues;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.Tick;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TickParserTest {

    private static final long TEN_O_CLOCK_250 = 1_767_607_200_250L;

    @Test
    void parsesAnIsoTimestamp() {
        assertThat(parse("{\"key\":\"sensor-17\",\"ts\":\"2026-01-05T10:00:00.250Z\",\"value\":21.5}"))
                .isEqualTo(ParseResult.accepted(new Tick("sensor-17", TEN_O_CLOCK_250, 21.5)));
    }

    @Test
    void parsesAnEpochMillisTimestamp() {
        assertThat(parse("{\"key\":\"sensor-17\",\"ts\":1767607200250,\"value\":-3}"))
                .isEqualTo(ParseResult.accepted(new Tick("sensor-17", TEN_O_CLOCK_250, -3.0)));
    }

    @Test
    void readsEveryValueAsTheJdkDoes() {
        // FastDoubleParser reads the values: every digit string must give Double.parseDouble's double.
        Random random = new Random(11);
        List<String> values = new ArrayList<>(List.of("21.537281938561277", "4.9E-324", "2.2250738585072014E-308",
                "1.7976931348623157E308", "0.1", "-0.0", "123456789012345678901234567890", "1e-400",
                "2.4703282292062328E-324", "9007199254740993"));
        for (int i = 0; i < 20_000; i++) {
            double value = switch (i % 4) {
                case 0 -> random.nextGaussian() * 100;
                case 1 -> Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
                case 2 -> Math.round(random.nextDouble() * 1e6) / 1e3;
                default -> -random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            };
            values.add(Double.isFinite(value) ? Double.toString(value) : "1.5");
            values.add(String.format(java.util.Locale.ROOT, "%.20e", Double.isFinite(value) ? value : 1.5));
        }
        for (String value : values) {
            // A value beyond the bound is refused, quoting the double it was read as.
            double expected = Double.parseDouble(value);
            String problem = TickValues.problem(expected);
            assertThat(parse("{\"key\":\"k\",\"ts\":0,\"value\":" + value + "}")).as(value)
                    .isEqualTo(problem == null ? ParseResult.accepted(new Tick("k", 0, expected))
                            : ParseResult.rejected("field 'value' " + problem + ": " + expected));
        }
    }

    @Test
    void ignoresExtraFields() {
        assertThat(parse("{\"key\":\"k\",\"ts\":0,\"value\":1,\"unit\":\"C\"}"))
                .isEqualTo(ParseResult.accepted(new Tick("k", 0, 1.0)));
    }

    @ParameterizedTest(name = "{1} <- [{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # input                                              | error
            {"key":"k","ts":0                                    | not valid JSON
            {"key":"k","ts":0,"value":1} trailing                | not valid JSON
            [1,2]                                                | not a JSON object but array
            "tick"                                               | not a JSON object but string
            {"ts":0,"value":1}                                   | missing field 'key'
            {"key":"k","value":1}                                | missing field 'ts'
            {"key":"k","ts":0}                                   | missing field 'value'
            {"key":"k","ts":0,"value":"21.5"}                    | field 'value' must be a number, was string "21.5"
            {"key":"k","ts":0,"value":"NaN"}                     | field 'value' must be a number, was string "NaN"
            {"key":"k","ts":0,"value":null}                      | field 'value' must be a number, was null
            {"key":17,"ts":0,"value":1}                          | field 'key' must be a string, was number 17
            {"key":"k","ts":true,"value":1}                      | field 'ts' must be an ISO-8601 string or integral epoch milliseconds, was boolean true
            {"key":"k","ts":1.5,"value":1}                       | field 'ts' must be an ISO-8601 string or integral epoch milliseconds, was number 1.5
            {"key":"k","ts":0,"value":NaN}                       | field 'value' is not finite: NaN
            {"key":"k","ts":0,"value":Infinity}                  | field 'value' is not finite: Infinity
            {"key":"k","ts":0,"value":-Infinity}                 | field 'value' is not finite: -Infinity
            {"key":"k","ts":0,"value":1e999}                     | field 'value' is not finite: Infinity
            {"key":"k","ts":0,"value":-1.7e308}                  | field 'value' is beyond ±1e100, the largest magnitude a tick may have: -1.7E308
            {"key":"k","ts":0,"value":1.0000001e100}             | field 'value' is beyond ±1e100, the largest magnitude a tick may have: 1.0000001E100
            {"key":"","ts":0,"value":1}                          | field 'key' is blank
            {"key":" \\t","ts":0,"value":1}                      | field 'key' is blank
            {"key":"k","ts":"yesterday","value":1}               | field 'ts' is not an ISO-8601 instant: 'yesterday'
            {"key":"k","ts":"2026-01-05 10:00:00","value":1}     | field 'ts' is not an ISO-8601 instant: '2026-01-05 10:00:00'
            {"key":"k","ts":0,"value":1,"value":2}               | duplicate field 'value'
            {"key":"k","key":"j","ts":0,"value":1}               | duplicate field 'key'
            {"key":"sensor\\n17","ts":0,"value":1}               | field 'key' contains a control character U+000A at 6: 'sensor\\u000A17'
            {"key":"a\\tb","ts":0,"value":1}                     | field 'key' contains a control character U+0009 at 1: 'a\\u0009b'
            {"key":"nul\\u0000","ts":0,"value":1}                | field 'key' contains a control character U+0000 at 3: 'nul\\u0000'
            {"key":"x\\u0085","ts":0,"value":1}                  | field 'key' contains a control character U+0085 at 1: 'x\\u0085'
            {"key":"lone\\ud800","ts":0,"value":1}               | field 'key' contains a lone surrogate U+D800 at 4: 'lone\\uD800'
            {"key":"\\udc00x","ts":0,"value":1}                  | field 'key' contains a lone surrogate U+DC00 at 0: '\\uDC00x'
            `   `                                                | empty value
            """)
    void rejectsWithASpecificReason(String input, String error) {
        String actual = ((ParseResult.Rejected) parse(input)).error();

        if (error.equals("not valid JSON")) {
            assertThat(actual).startsWith("not valid JSON: ");
        } else {
            assertThat(actual).isEqualTo(error);
        }
    }

    @Test
    void acceptsAKeyOfTheMaximumLengthWithPairedSurrogates() {
        String key = "\uD83D\uDE00" + "k".repeat(TickKeys.MAX_LENGTH - 2);
        assertThat(parse("{\"key\":\"" + key + "\",\"ts\":0,\"value\":1}"))
                .isEqualTo(ParseResult.accepted(new Tick(key, 0, 1.0)));
    }

    @Test
    void rejectsALongKeyShowingOnlyAnEscapedPrefix() {
        String key = "sensor\u0001" + "x".repeat(TickKeys.MAX_LENGTH);
        String error = ((ParseResult.Rejected) parse("{\"key\":\"" + key.replace("\u0001", "\\u0001")
                + "\",\"ts\":0,\"value\":1}")).error();
        assertThat(error).isEqualTo("field 'key' is longer than 256 characters (263): 'sensor\\u0001"
                + "x".repeat(25) + "…'");
    }

    @Test
    void aHugeValueGivesABoundedReason() {
        String huge = "9".repeat(900_000);
        String error = ((ParseResult.Rejected) parse("{\"key\":\"k\",\"ts\":0,\"value\":\"" + huge + "\"}")).error();
        assertThat(error).startsWith("field 'value' must be a number, was string \"999").endsWith("…")
                .hasSizeLessThan(300);

        String hugeTs = ((ParseResult.Rejected) parse("{\"key\":\"k\",\"ts\":\"" + huge + "\",\"value\":1}")).error();
        assertThat(hugeTs).startsWith("field 'ts' is not an ISO-8601 instant: '999").hasSizeLessThan(300);

        String name = "9".repeat(10_000); // Jackson refuses names over 50,000 characters itself
        String hugeName = ((ParseResult.Rejected) parse("{\"" + name + "\":1,\"" + name + "\":2}")).error();
        assertThat(hugeName).startsWith("duplicate field '999").hasSizeLessThan(300);
    }

    @Test
    void rejectsAMissingValue() {
        assertThat(TickParser.parse(null)).isEqualTo(ParseResult.rejected("empty value"));
        assertThat(TickParser.parse(new byte[0])).isEqualTo(ParseResult.rejected("empty value"));
    }

    @Test
    void rejectsBytesThatAreNotUtf8AsInvalidJson() {
        byte[] latin1 = "{\"key\":\"caf\u00e9\",\"ts\":0,\"value\":1}".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(((ParseResult.Rejected) TickParser.parse(latin1)).error())
                .startsWith("not valid JSON: ");
    }

    /** Inputs beyond the cases above, where a streaming parser could easily decide differently. */
    private static final List<String> EDGE_CASES = List.of(
            "{\"key\":\"k\",\"ts\":0,\"value\":1} {\"key\":\"k\",\"ts\":0,\"value\":1}",
            "{\"key\":\"k\",\"ts\":0,\"value\":1} 17",
            "{\"key\":\"k\",\"ts\":0,\"value\":1}}",
            "[1,2", "[1,2] x", "[1,{\"a\":1,\"a\":2}]", "\"tick\" x", "null", "true", "17", "NaN", "{}", " {} ",
            "{\"key\":null,\"ts\":null,\"value\":null}",
            "{\"key\":{\"a\":[1,2]},\"ts\":0,\"value\":1}",
            "{\"key\":[\"k\"],\"ts\":[],\"value\":[1]}",
            "{\"key\":\"k\",\"ts\":99999999999999999999,\"value\":1}",
            "{\"key\":\"k\",\"ts\":-99999999999999999999,\"value\":1}",
            "{\"key\":\"k\",\"ts\":1e3,\"value\":1}",
            "{\"key\":\"k\",\"ts\":1e999,\"value\":1}",
            "{\"key\":\"k\",\"ts\":-0,\"value\":-0}",
            "{\"key\":\"k\",\"ts\":9223372036854775807,\"value\":1}",
            "{\"key\":\"k\",\"ts\":\"+1000000000-01-01T00:00:00Z\",\"value\":1}",
            "{\"key\":\"k\",\"ts\":0,\"value\":123456789012345678901234567890}",
            "{\"key\":\"k\",\"ts\":0,\"value\":" + "9".repeat(400) + "}",
            "{\"key\":\"k\",\"ts\":0,\"value\":" + "9".repeat(1_200) + "}",
            "{\"key\":\"k\",\"ts\":0,\"value\":1,\"extra\":" + "9".repeat(1_200) + "}",
            "{\"key\":\"k\",\"ts\":0,\"value\":1,\"extra\":{\"a\":1,\"a\":2}}",
            "{\"key\":\"k\",\"ts\":0,\"value\":1,\"extra\":[1,2,}",
            "{\"key\":\"k\",\"ts\":0,\"value\":1,\"extra\":" + "[".repeat(1_500) + "]".repeat(1_500) + "}",
            "{\"key\":\"k\",\"ts\":0,\"value\":{\"v\":1,\"v\":2}}",
            "{\"key\":\"k\",\"ts\":0,\"value\":\"x\",\"value\":1}",
            "{\"key\":\"\\ud83d\\ude00\",\"ts\":\"2026-01-05T10:00:00.250+01:00\",\"value\":2.5e-3}",
            "\ufeff{\"key\":\"k\",\"ts\":0,\"value\":1}",
            "{'key':'k','ts':0,'value':1}",
            "{key:\"k\",\"ts\":0,\"value\":1}",
            // Past Jackson's longest string, in an ignored field: refused unread as it was read.
            "{\"key\":\"k\",\"ts\":0,\"value\":1,\"extra\":\"" + "x".repeat(20_000_001) + "\"}",
            "{\"key\":\"k\",\"ts\":0,\"value\":1,\"extra\":[\"" + "x".repeat(20_000_001) + "\"]}");

    /** Mutations of good ticks: every prefix, and bytes swapped for JSON's structural characters. */
    private static List<byte[]> mutants() {
        List<byte[]> mutants = new ArrayList<>();
        byte[] interesting = "{}[]\",:\\0-e. nN\u0001".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(17);
        for (String good : List.of("{\"key\":\"sensor-17\",\"ts\":\"2026-01-05T10:00:00.250Z\",\"value\":21.5}",
                "{\"ts\":1767607200250,\"value\":-3e2,\"key\":\"k\",\"unit\":[\"C\",{\"x\":null}]}")) {
            byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
            for (int end = 0; end <= bytes.length; end++) {
                mutants.add(Arrays.copyOf(bytes, end));
            }
            for (int i = 0; i < 2_000; i++) {
                byte[] mutant = bytes.clone();
                for (int n = 1 + random.nextInt(2); n > 0; n--) {
                    mutant[random.nextInt(mutant.length)] = random.nextBoolean()
                            ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
                }
                mutants.add(mutant);
            }
        }
        return mutants;
    }

    @Test
    void decidesEveryInputAsTheTreeParserDid() {
        List<byte[]> inputs = new ArrayList<>(mutants());
        EDGE_CASES.forEach(edge -> inputs.add(edge.getBytes(StandardCharsets.UTF_8)));
        int accepted = 0;
        for (byte[] input : inputs) {
            ParseResult expected = withoutTreeReaderWording(TreeTickParser.parse(input));
            ParseResult actual = TickParser.parse(input);
            assertThat(actual).as(DeadLetter.truncate(new String(input, StandardCharsets.UTF_8), 200))
                    .isEqualTo(expected);
            accepted += actual instanceof ParseResult.Accepted ? 1 : 0;
        }
        assertThat(accepted).as("the inputs include ticks that parse").isPositive();
    }

    /** The tree's reader named its own configuration in its trailing-token message; the rest is the same. */
    private static ParseResult withoutTreeReaderWording(ParseResult result) {
        if (result instanceof ParseResult.Rejected rejected && rejected.error().contains(" (bound as ")) {
            return ParseResult.rejected(rejected.error().substring(0, rejected.error().indexOf(" (bound as ")));
        }
        return result;
    }

    private static ParseResult parse(String json) {
        return TickParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
