package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcast.cli.CliRun;
import io.streamcast.records.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-config accuracy: a backtest given nothing but the input and {@code --window} learns the
 * weekly cycle of real data (the demo's: daily entries at Chicago 'L' stations) and forecasts
 * held-out days better than both the last value and the same day a week earlier. A fast subset
 * of the README's table: four stations' first three years, every option at its default.
 */
class DefaultsAccuracyTest {

    private static final Set<String> STATIONS = Set.of("Addison", "Clark_Lake", "Harlem", "Polk");
    private static final String UNTIL = "2004-01-01";

    @Test
    void defaultsBeatTheNaiveAndTheSeasonalNaiveForecasts(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("chicago.csv"), subset());
        Path out = dir.resolve("out");

        CliRun run = CliRun.of("backtest", "--input", input.toString(), "--window", "1d", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(out.resolve("report.json").toFile());
        JsonNode overall = report.path("overall");
        double model = overall.path("model").path("mase").asDouble();
        double naive = overall.path("naive").path("mase").asDouble();
        double seasonalNaive = overall.path("seasonalNaive").path("mase").asDouble();
        assertThat(report.path("config").path("season").asInt()).as("the week, read from the days before a model can be trained").isEqualTo(7);
        assertThat(report.path("config").path("seasonFrom").asText()).isEqualTo("data");
        assertThat(overall.path("n").asLong()).as("held-out days scored").isGreaterThan(1_000);
        assertThat(report.path("models").size()).as("retrainings").isGreaterThan(1);
        // Measured 0.229 against 0.297 and 1.002; a clear margin, not a rounding one.
        assertThat(model).as("model MASE against the seasonal naive's %s", seasonalNaive)
                .isLessThan(0.9 * seasonalNaive);
        assertThat(model).as("model MASE against the naive's %s", naive).isLessThan(0.5 * naive);
    }

    private static List<String> subset() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "data", "chicago_ridership.csv"));
        List<String> rows = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (STATIONS.contains(f[0]) && f[1].compareTo(UNTIL) < 0) {
                rows.add(line);
            }
        }
        return rows;
    }
}
