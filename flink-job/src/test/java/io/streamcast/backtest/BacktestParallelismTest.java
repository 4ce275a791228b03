package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.cli.StreamcastCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest's forecasts are a function of its input and options, not of the parallelism: the
 * ticks of a window reach its aggregate in another order at every parallelism.
 */
class BacktestParallelismTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final int KEYS = 12;
    private static final int WINDOWS = 40;
    private static final int TICKS_PER_WINDOW = 20;
    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;

    @Test
    void forecastsAreTheSameBytesAtParallelism1And2And4() throws Exception {
        assertSameBytesAtEveryParallelism(KEYS * (WINDOWS - 1), new int[] {2, 4});
    }

    /** Steps 2..H run on copies of each key's state, each with its own pending errors. */
    @Test
    void multiStepForecastsAreTheSameBytesAtParallelism1And4() throws Exception {
        int horizon = 3;
        // Step s of a key is scored from its (s + 1)-th window on.
        int rowsPerKey = IntStream.rangeClosed(1, horizon).map(step -> WINDOWS - step).sum();
        assertSameBytesAtEveryParallelism(KEYS * rowsPerKey, new int[] {4},
                "--horizon", String.valueOf(horizon));
    }

    private void assertSameBytesAtEveryParallelism(int rows, int[] parallelisms, String... options) throws Exception {
        Path input = Files.write(dir.resolve("ticks.csv"), ticks());
        Path one = backtest(input, 1, options);
        byte[] forecasts = Files.readAllBytes(one.resolve("forecasts.csv"));
        assertThat(Files.readAllLines(one.resolve("forecasts.csv"))).hasSize(1 + rows);
        for (int parallelism : parallelisms) {
            Path other = backtest(input, parallelism, options);
            assertThat(Arrays.equals(Files.readAllBytes(other.resolve("forecasts.csv")), forecasts))
                    .as("parallelism %d gives the bytes of parallelism 1; first difference: %s",
                            parallelism, BacktestCommandTest.firstDifference(one, other)).isTrue();
        }
    }

    /**
     * Values of very different magnitudes, whose double sum depends on the order it is taken in,
     * and some ticks sharing a timestamp.
     */
    private static List<String> ticks() {
        Random random = new Random(11);
        List<String> rows = new ArrayList<>(List.of("key,timestamp,value"));
        for (int w = 0; w < WINDOWS; w++) {
            for (int k = 0; k < KEYS; k++) {
                for (int i = 0; i < TICKS_PER_WINDOW; i++) {
                    long ts = w * HOUR + (i / 2) * (HOUR / TICKS_PER_WINDOW * 2);
                    double value = 100 * (k + 1) + Math.sin(w / 3.0) * 10
                            + (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(16) - 4);
                    rows.add("key-" + k + "," + Instant.ofEpochMilli(ts) + "," + value);
                }
            }
        }
        return rows;
    }

    private Path backtest(Path input, int parallelism, String... options) throws Exception {
        Path out = dir.resolve("p" + parallelism);
        List<String> args = new ArrayList<>(List.of("backtest", "--input", input.toString(), "--out", out.toString(),
                "--window", "1h", "--retrain-every", "10h", "--min-training-windows", "4", "--tbptt", "5",
                "--hidden", "4", "--layers", "1", "--epochs", "1", "--parallelism", String.valueOf(parallelism)));
        args.addAll(List.of(options));
        assertThat(StreamcastCli.execute(args.toArray(String[]::new))).isZero();
        return out;
    }
}
