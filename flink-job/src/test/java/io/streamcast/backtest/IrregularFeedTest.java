package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmNetworks;
import io.streamcast.model.scaling.ScalingSpec;
import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sparse, irregular feed through the whole job: thousands of keys whose ticks come after random
 * gaps, most windows empty, some gaps far longer than {@code --warmup-bars}. Every window with a
 * tick gets exactly one forecast record, and every one but a key's first a forecast of it and a
 * forecasts.csv row: after a long gap the last value's, by version 0.
 */
class IrregularFeedTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int KEYS = 2_000;
    private static final int BARS_PER_KEY = 12;
    private static final int WARMUP_BARS = 64;
    private static final long MINUTE = 60_000;
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    /** Per key, the windows (starts, epoch ms) that have ticks, and the gap in windows before each. */
    private final Map<String, TreeMap<Long, Long>> gapBefore = new HashMap<>();

    @Test
    void everyWindowWithATickGetsOneForecastRecordAndAllButAKeysFirstAForecastOfIt() throws Exception {
        Path input = Files.write(dir.resolve("ticks.csv"), ticks(new Random(21)));
        LstmConfig lstm = LstmConfig.defaults().withLayers(1).withHiddenSize(4);
        JobConfig config = JobConfig.builder(new KafkaSettings("unused:9092", "t", "f", "t-dlq", "g", "p", Map.of()))
                .window(Duration.ofMinutes(1)).lstm(lstm).warmupBars(WARMUP_BARS)
                .seedModel(LstmNetworks.export(LstmNetworks.build(lstm), lstm, ScalingSpec.defaults()).toBytes())
                .retrainEvery(Duration.ofDays(365)).build();

        List<ForecastRecord> forecasts = new ArrayList<>();
        Backtest.Result result = Backtest.run(config, new BacktestInput.CsvFiles(List.of(input)), 2, new Backtest.Progress() {
            @Override
            public void started(long firstEventTime, long lastEventTime) {}

            @Override
            public void forecast(ForecastRecord forecast) {}
        }, new Backtest.Sink() {
            @Override
            public void forecast(ForecastRecord forecast) {
                forecasts.add(forecast);
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                throw new AssertionError("no row of this feed is to be refused: " + deadLetter);
            }
        });

        assertThat(result.deadLetters()).isZero();
        Map<String, List<Long>> recorded = forecasts.stream().collect(Collectors.groupingBy(
                ForecastRecord::key, TreeMap::new, Collectors.mapping(ForecastRecord::windowStart, Collectors.toList())));
        Map<String, List<Long>> withTicks = new TreeMap<>();
        gapBefore.forEach((key, windows) -> withTicks.put(key, new ArrayList<>(windows.keySet())));
        assertThat(recorded).as("one record per key and window with ticks, in window order").isEqualTo(withTicks);

        int restarts = 0;
        Map<String, Double> lastActual = new HashMap<>();
        for (ForecastRecord r : forecasts) {
            long gap = gapBefore.get(r.key()).get(r.windowStart());
            if (gap < 0) {
                assertThat(r.forecastOfActual()).as("%s's first window", r.key()).isNull();
            } else if (gap > WARMUP_BARS) {
                restarts++;
                assertThat(r.forecastOfActualVersion()).as("%s after %d empty windows", r.key(), gap).isZero();
            } else if (r.forecastOfActualVersion() == 0) {
                assertThat(r.forecastOfActual()).as("%s: the last value, served in the model's place", r.key())
                        .isEqualTo(lastActual.get(r.key()));
            } else {
                assertThat(r.forecastOfActualVersion()).as("%s after %d empty windows", r.key(), gap).isEqualTo(1);
            }
            lastActual.put(r.key(), r.actual());
        }
        assertThat(restarts).as("keys restarted by long gaps").isGreaterThan(KEYS);

        BacktestScores scores = new BacktestScores(1440, 1440, MINUTE, 1, 0.9, Optional.empty());
        List<BacktestScores.Row> all = new ArrayList<>();
        forecasts.forEach(f -> all.addAll(scores.add(f)));
        scores.finish();
        List<BacktestScores.Row> rows = all.stream().filter(row -> row.step() == 1).toList();
        assertThat(rows).as("a forecasts.csv row for every window but a key's first")
                .hasSize(forecasts.size() - KEYS);
        assertThat(rows.stream().map(row -> row.key() + "@" + row.windowEnd()).distinct()).hasSameSizeAs(rows);
        List<BacktestScores.Row> afterRestart = rows.stream()
                .filter(row -> gapBefore.get(row.key()).get(row.windowEnd() - MINUTE) > WARMUP_BARS).toList();
        assertThat(afterRestart).hasSize(restarts).allSatisfy(row -> {
            assertThat(row.modelVersion()).isZero();
            assertThat(row.forecast()).as("the last value").isEqualTo(row.naive());
        });
    }

    /**
     * Per key, {@link #BARS_PER_KEY} windows with 1 to 3 ticks: 15% of them after a gap longer than
     * the warm-up bars (65 to 400 empty windows), the rest after 0 to 30 empty windows.
     */
    private List<String> ticks(Random random) {
        List<String> rows = new ArrayList<>(List.of("key,timestamp,value"));
        for (int k = 0; k < KEYS; k++) {
            String key = "sensor-" + k;
            TreeMap<Long, Long> windows = new TreeMap<>();
            long window = random.nextInt(60);
            for (int bar = 0; bar < BARS_PER_KEY; bar++) {
                long gap = bar == 0 ? -1 : random.nextDouble() < 0.15 ? 65 + random.nextInt(336) : random.nextInt(31);
                window += Math.max(gap, 0);
                long start = T0 + window * MINUTE;
                windows.put(start, gap);
                double level = 20 + k % 50 + 5 * random.nextGaussian();
                for (int tick = 0, ticks = 1 + random.nextInt(3); tick < ticks; tick++) {
                    rows.add(key + "," + Instant.ofEpochMilli(start + random.nextInt(60) * 1000L) + ","
                            + (level + random.nextGaussian()));
                }
                window++;
            }
            gapBefore.put(key, windows);
        }
        return rows;
    }
}
