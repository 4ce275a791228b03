package io.streamcast.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.cli.CliRun;
import io.streamcast.records.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small bench end to end: both runs forecast every key's every window (the last one in the drain
 * after the savepoint), and bench.json says what they measured, each round and each kind's median
 * run, the savepoint's restore included.
 */
class BenchCommandTest {

    @Test
    void benchJsonReportsBothRuns(@TempDir Path out) throws Exception {
        CliRun result = CliRun.of("bench", "--keys", "40", "--windows", "6", "--ticks-per-window", "3", "--parallelism", "1",
                "--rounds", "2", "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("with model", "naive", "ratio");

        JsonNode bench = Json.MAPPER.readTree(out.resolve("bench.json").toFile());
        assertThat(bench.path("keys").asLong()).isEqualTo(40);
        assertThat(bench.path("ticks").asLong()).isEqualTo(40 * 6 * 3);
        for (String runName : new String[] {"withModel", "naive"}) {
            JsonNode r = bench.path(runName);
            assertThat(r.path("forecasts").asLong()).as(runName).isEqualTo(40 * 6);
            assertThat(r.path("ticksPerSecond").asDouble()).as(runName).isPositive();
            // A run of several threads for seconds takes CPU time, and no more than the cores give.
            assertThat(r.path("cpuSeconds").asDouble()).as(runName).isPositive()
                    .isLessThanOrEqualTo(r.path("seconds").asDouble() * Runtime.getRuntime().availableProcessors());
            assertThat(r.path("ticksPerCpuSecond").asDouble()).as(runName)
                    .isEqualTo(40 * 6 * 3 / r.path("cpuSeconds").asDouble());
        }
        // Two rounds, each kind's median run the slower of its two.
        JsonNode rounds = bench.path("eachRound");
        assertThat(rounds.size()).isEqualTo(2);
        for (String[] kind : new String[][] {{"withModel", "withModelTicksPerSecond"}, {"naive", "naiveTicksPerSecond"}}) {
            assertThat(bench.path(kind[0]).path("ticksPerSecond").asDouble()).as(kind[0])
                    .isEqualTo(Math.min(rounds.get(0).path(kind[1]).asDouble(), rounds.get(1).path(kind[1]).asDouble()));
        }
        assertThat(bench.path("ratio").asDouble())
                .isEqualTo(bench.path("withModel").path("ticksPerSecond").asDouble()
                        / bench.path("naive").path("ticksPerSecond").asDouble());
        assertThat(bench.path("cpuRatio").asDouble()).isPositive();
        assertThat(bench.path("peakHeapBytes").asLong()).isPositive();
        assertThat(bench.path("stateBackend").asText()).isEqualTo("hashmap");
        assertThat(bench.path("stateBytesPerKey").asDouble()).as("every key's state in the savepoint").isPositive();
        assertThat(bench.path("nativeStateBytesPerKey").asDouble()).isPositive();
        assertThat(bench.path("restoreSeconds").asDouble()).isPositive();
    }

    @Test
    void onRocksDbTheSavepointRestores(@TempDir Path out) throws Exception {
        CliRun result = CliRun.of("bench", "--keys", "200", "--windows", "4", "--ticks-per-window", "2",
                "--state-backend", "rocksdb", "--managed-memory", "64m", "--rounds", "1", "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("restored its savepoint in");

        JsonNode bench = Json.MAPPER.readTree(out.resolve("bench.json").toFile());
        assertThat(bench.path("stateBackend").asText()).isEqualTo("rocksdb");
        assertThat(bench.path("withModel").path("forecasts").asLong()).isEqualTo(200 * 4);
        assertThat(bench.path("stateBytesPerKey").asDouble()).isPositive();
        assertThat(bench.path("nativeStateBytesPerKey").asDouble()).isPositive();
        assertThat(bench.path("restoreSeconds").asDouble()).isPositive();
    }

    @Test
    void aManagedMemoryWithoutAUnitIsAUsageError() {
        CliRun result = CliRun.of("bench", "--managed-memory", "512");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'512' has no unit; write it like 512m or 1g");
    }

    @Test
    void noRoundsIsAUsageError() {
        CliRun result = CliRun.of("bench", "--rounds", "0");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Invalid value for option '--rounds': must be 1 or more, was 0");
    }

    @Test
    void throughKafkaEveryForecastIsCommittedAndCounted(@TempDir Path out) throws Exception {
        CliRun result = CliRun.of("bench", "--kafka", "--keys", "300", "--windows", "4", "--ticks-per-window", "2",
                "--parallelism", "2", "--rounds", "1", "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        JsonNode bench = Json.MAPPER.readTree(out.resolve("bench.json").toFile());
        assertThat(bench.path("kafka").asBoolean()).isTrue();
        assertThat(bench.path("kafkaPartitions").asInt()).as("more partitions than subtasks").isGreaterThan(2);
        for (String runName : new String[] {"withModel", "naive"}) {
            JsonNode r = bench.path(runName);
            assertThat(r.path("forecasts").asLong()).as(runName + ": read_committed").isEqualTo(300 * 4);
            assertThat(r.path("ticksPerSecond").asDouble()).as(runName).isPositive();
        }
    }
}
