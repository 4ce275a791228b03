package io.streamcast.local;

import io.streamcast.records.ForecastRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The demo's live view as text, without I/O: per key, a line of its latest window (forecast and
 * interval) at most once per {@code printEvery} of event time; the first flagged window of each
 * run of them, announced as it comes (the job judges the rest of a run against the band of its
 * first window, so their own forecasts would not explain the flag); a banner when a new model version first shows; and a summary table of the model
 * against the naive and seasonal-naive forecasts. Windows are shown by their end: the clock time
 * for windows shorter than a day, the date from a day up. Not thread-safe.
 */
public final class Scoreboard {

    private static final Duration DAY = Duration.ofDays(1);

    private final DateTimeFormatter time;
    private final long seasonMillis;
    private final long printEveryMillis;
    private final Map<String, RunningScore> scores = new TreeMap<>();
    private final Map<String, Long> lastPrinted = new TreeMap<>();
    /** Keys whose latest window was flagged: the windows after the first of a run are not announced. */
    private final Set<String> inAnomaly = new HashSet<>();
    private long newestVersion;
    private long forecasts;
    private long anomalies;
    private int keyWidth = 3;

    /**
     * @param window the job's window
     * @param seasonWindows the seasonal-naive forecast's season, in windows
     * @param printEveryMillis event time between two lines of one key; 0 prints every window
     * @param knownKeys keys known in advance, so that the first lines already align with the later ones
     */
    public Scoreboard(Duration window, int seasonWindows, long printEveryMillis, Collection<String> knownKeys) {
        this.time = DateTimeFormatter.ofPattern(window.compareTo(DAY) < 0 ? "HH:mm" : "yyyy-MM-dd")
                .withZone(ZoneOffset.UTC);
        this.seasonMillis = seasonWindows * window.toMillis();
        this.printEveryMillis = printEveryMillis;
        knownKeys.forEach(key -> keyWidth = Math.max(keyWidth, key.length()));
    }

    /** Takes in a forecast and returns the lines to print for it, maybe none. */
    public List<String> onForecast(ForecastRecord record) {
        forecasts++;
        RunningScore score = scores.computeIfAbsent(record.key(), k -> new RunningScore(seasonMillis));
        score.add(record);
        keyWidth = Math.max(keyWidth, record.key().length());
        List<String> lines = new ArrayList<>(2);
        if (record.modelVersion() > newestVersion) {
            lines.add(String.format(Locale.ROOT, "---- %s model v%d live (was %s) ----",
                    time.format(Instant.ofEpochMilli(record.windowEnd())), record.modelVersion(),
                    newestVersion == 0 ? "naive v0" : "v" + newestVersion));
            newestVersion = record.modelVersion();
        }
        String end = time.format(Instant.ofEpochMilli(record.windowEnd()));
        if (!record.anomaly()) {
            inAnomaly.remove(record.key());
        } else {
            anomalies++;
            if (inAnomaly.add(record.key())) {
                lines.add(String.format(Locale.ROOT, "!! %s %s  anomaly: actual %s was forecast %s, %.2f band widths outside",
                        end, record.key(), number(record.actual()), number(record.forecastOfActual()),
                        record.anomalyScore()));
            }
        }
        Long last = lastPrinted.get(record.key());
        if (last == null || record.windowEnd() >= last + printEveryMillis) {
            lastPrinted.put(record.key(), record.windowEnd());
            String band = record.lower() == null ? ""
                    : " [" + number(record.lower()) + ", " + number(record.upper()) + "]";
            lines.add(String.format(Locale.ROOT,
                    "%s %-" + keyWidth + "s  actual %s  forecast %s%s  v%d  MAE model %s | naive %s | snaive %s",
                    end, record.key(), number(record.actual()), number(record.forecast()), band,
                    record.modelVersion(), number(score.modelMae()), number(score.naiveMae()),
                    number(score.seasonalNaiveMae())));
        }
        return lines;
    }

    public long forecasts() {
        return forecasts;
    }

    /** The newest model version seen, 0 while forecasts are naive. */
    public long newestVersion() {
        return newestVersion;
    }

    /**
     * The per-key table, its total row (MAE over all keys' windows, so large-valued keys weigh
     * most) and the run's throughput.
     */
    public String summary(long ticksSent, double seconds, long deadLetters) {
        String row = "%-" + keyWidth + "s %6s %10s %10s %11s %9s %10s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, row, "key", "n", "model MAE", "naive MAE", "snaive MAE", "vs naive",
                "vs snaive"));
        RunningScore total = new RunningScore(seasonMillis);
        scores.forEach((key, score) -> {
            out.append(scoreRow(row, key, score));
            total.merge(score);
        });
        out.append(scoreRow(row, "all", total));
        out.append(String.format(Locale.ROOT, "%d ticks sent in %.1f s (%.0f ticks/s end to end), %d forecasts, "
                + "%d anomalies, %d dead letters, newest model v%d%n", ticksSent, seconds,
                seconds > 0 ? ticksSent / seconds : 0.0, forecasts, anomalies, deadLetters, newestVersion));
        return out.toString();
    }

    private static String scoreRow(String row, String key, RunningScore score) {
        return String.format(Locale.ROOT, row, key, score.count(), number(score.modelMae()),
                number(score.naiveMae()), number(score.seasonalNaiveMae()), percent(score.skill()),
                percent(score.seasonalSkill()));
    }

    static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String percent(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100 * value);
    }
}
