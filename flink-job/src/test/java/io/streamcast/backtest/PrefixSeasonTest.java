package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.records.Tick;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrefixSeasonTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    /** The first tick's day: retraining points fall every 100 days from the epoch, so the first is day 100. */
    private static final int FIRST_DAY = 3;
    private static final int FIRST_MODEL_DAY = 100;
    private static final double[] WEEK = {1.0, 1.1, 1.05, 1.0, 0.95, 0.4, 0.3};

    private static JobConfig.Builder config() {
        return JobConfig.builder(new KafkaSettings("unused:9092", "t", "f", "t-dlq", "g", "p", Map.of()))
                .window(Duration.ofDays(1)).retrainEvery(Duration.ofDays(100)).warmupBars(3).live(false)
                // Training windows of 8 + 2 x 10 bars: a key can fill one before the point at day 100.
                .lstm(LstmConfig.defaults().withTbpttLength(10));
    }

    private static Tick tick(String key, int day, double value) {
        return new Tick(key, day * DAY, value);
    }

    /** Days FIRST_DAY to {@code lastDay} of {@code keys} keys, key k's value k + 1 times the day's. */
    private static List<Tick> daily(int keys, int lastDay, IntToDoubleFunction dayValue) {
        List<Tick> ticks = new ArrayList<>();
        for (int day = FIRST_DAY; day <= lastDay; day++) {
            for (int k = 0; k < keys; k++) {
                ticks.add(tick("k" + k, day, (k + 1) * dayValue.applyAsDouble(day)));
            }
        }
        return ticks;
    }

    private static IntToDoubleFunction weekly(Random random) {
        return day -> WEEK[day % 7] + 0.05 * random.nextGaussian();
    }

    @Test
    void barsAreMadeAsTheJobMakesThemUntilTheFirstRetrainingPoint() {
        PrefixSeason prefix = new PrefixSeason(config().build());
        for (Tick t : List.of(tick("a", FIRST_DAY, 1), new Tick("a", FIRST_DAY * DAY + DAY / 2, 3), tick("a", 4, 5),
                tick("a", 7, 8), // days 5 and 6 carried forward
                tick("a", 20, 1), tick("a", 21, 2), // after a gap longer than --warmup-bars: a new series
                tick("a", 99, 4), // the last window ending by the first retraining point
                tick("a", 100, 6), tick("a", 101, 7), tick("b", 150, 1))) {
            prefix.add(t);
        }

        assertThat(prefix.series()).containsExactly(new double[] {2, 5, 5, 5, 8}, new double[] {1, 2}, new double[] {4});
    }

    @Test
    void aWeeklyCycleBeforeTheFirstRetrainingPointIsTheSeasonWhateverFollows() {
        Random random = new Random(1);
        IntToDoubleFunction weekly = weekly(random);
        // After the first retraining point, a cycle of 5 days: scored windows the choice must not see.
        List<Tick> ticks = daily(4, 400, day -> day < FIRST_MODEL_DAY ? weekly.applyAsDouble(day) : day % 5);

        SeasonChoice choice = PrefixSeason.ofTicks(ticks, config().build());

        assertThat(choice.windows()).isEqualTo(7);
        assertThat(choice.source()).isEqualTo(SeasonChoice.Source.DATA);
        assertThat(choice.reason()).matches("autocorrelation 0\\.\\d\\d in the first 97 windows, before a model can be trained");
        assertThat(choice).isEqualTo(PrefixSeason.ofTicks(
                ticks.stream().filter(t -> t.timestamp() < FIRST_MODEL_DAY * DAY).toList(), config().build()));
    }

    @Test
    void aRetrainingPointBeforeAnyKeyCouldFillATrainingWindowIsPassedOver() {
        Random random = new Random(4);
        IntToDoubleFunction weekly = weekly(random);
        // The default windows, 8 + 2 x 50 bars: none is complete by day 100, so the first model
        // comes at day 200 at the soonest, and the weeks before it are read; what follows is not.
        List<Tick> ticks = daily(4, 400, day -> day < 2 * FIRST_MODEL_DAY ? weekly.applyAsDouble(day) : day % 5);

        SeasonChoice choice = PrefixSeason.ofTicks(ticks, config().lstm(LstmConfig.defaults()).build());

        assertThat(choice.windows()).isEqualTo(7);
        assertThat(choice.reason())
                .matches("autocorrelation 0\\.\\d\\d in the first 197 windows, before a model can be trained");
    }

    @Test
    void noCycleBeforeTheFirstRetrainingPointMeansTheNaiveWhateverFollows() {
        Random random = new Random(2);
        IntToDoubleFunction weekly = weekly(random);
        List<Tick> ticks = daily(4, 400, day -> day < FIRST_MODEL_DAY ? random.nextGaussian() : weekly.applyAsDouble(day));

        SeasonChoice choice = PrefixSeason.ofTicks(ticks, config().build());

        assertThat(choice.line()).isEqualTo("season: 1 window (none found in the first 97 windows, before a model "
                + "can be trained; seasonal naive = naive)");
        assertThat(choice.source()).isEqualTo(SeasonChoice.Source.DATA);
    }

    @Test
    void anInputEndingBeforeTheFirstRetrainingPointSaysHowFewWindowsItHad() {
        SeasonChoice choice = PrefixSeason.ofTicks(daily(2, FIRST_DAY + 4, day -> day), config().build());

        assertThat(choice.line()).isEqualTo("season: 1 window (none found in the first 5 windows, before a model "
                + "can be trained; seasonal naive = naive)");
    }

    @Test
    void aSeededModelHasNoPastToReadAndTakesTheCalendarsRule() {
        List<Tick> ticks = daily(4, 400, day -> new Random(day).nextGaussian());

        SeasonChoice choice = PrefixSeason.ofTicks(ticks, config().seedModel(new byte[] {1}).build());

        assertThat(choice.windows()).isEqualTo(7);
        assertThat(choice.source()).isEqualTo(SeasonChoice.Source.RULE);
        assertThat(choice.reason()).contains("--model");
    }

    @Test
    void csvFilesGiveWhatTheirTicksInTimeOrderGive(@TempDir Path dir) throws Exception {
        List<Tick> ticks = daily(3, 200, weekly(new Random(3)));
        // Sorted by key, then time, as the bundled files are; and a row that is no tick.
        List<String> rows = new ArrayList<>(List.of("key,timestamp,value", "k0,not a time,1"));
        ticks.stream().sorted(Comparator.comparing(Tick::key))
                .forEach(t -> rows.add(t.key() + "," + Instant.ofEpochMilli(t.timestamp()) + "," + t.value()));
        Path csv = Files.write(dir.resolve("ticks.csv"), rows);

        SeasonChoice fromCsv = PrefixSeason.ofCsv(List.of(csv), config().build());

        assertThat(fromCsv.windows()).isEqualTo(7);
        assertThat(fromCsv).isEqualTo(PrefixSeason.ofTicks(ticks, config().build()));
    }

    @Test
    void keysPastTheFirstHundredAreLeftOut() {
        PrefixSeason prefix = new PrefixSeason(config().build());
        for (int k = 0; k <= PrefixSeason.MAX_KEYS; k++) {
            prefix.add(tick("k" + k, FIRST_DAY, k));
        }

        assertThat(prefix.series()).hasSize(PrefixSeason.MAX_KEYS);
    }
}
