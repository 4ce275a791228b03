package io.streamcast.bench;

import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.TickParser;
import io.streamcast.ingest.TreeTickParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One good tick parsed: the streaming parser against the tree-building one it replaced. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TickParserBenchmark {

    /** The timestamp as an ISO-8601 instant (the demo's replays) or as epoch milliseconds. */
    @Param({"iso", "epochMillis"})
    public String ts;

    /** A value as people type it, or as a program prints a computed double: all 17 digits. */
    @Param({"short", "full"})
    public String value;

    private byte[] tick;

    @Setup
    public void setUp() {
        String timestamp = ts.equals("iso") ? "\"2026-01-05T10:00:00.250Z\"" : "1767607200250";
        tick = ("{\"key\":\"sensor-17\",\"ts\":" + timestamp + ",\"value\":"
                + (value.equals("short") ? "21.5" : "21.537281938561277") + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public ParseResult streaming() {
        return TickParser.parse(tick);
    }

    @Benchmark
    public ParseResult tree() {
        return TreeTickParser.parse(tick);
    }
}
