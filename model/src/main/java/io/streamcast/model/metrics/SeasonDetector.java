package io.streamcast.model.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The season of a set of series found in the data: the lag, in windows, at which their changes
 * repeat. Each series is one key's bars on a regular window grid (gaps already carried forward; a
 * key restarted after a long gap is a new series); the evidence is pooled over them, so that many
 * short keys count like one long one.
 *
 * <p>Each series is first-differenced, so that a trend or a random walk's wandering level does not
 * read as a season, and its differences are standardised, so that a key weighs by its length and
 * not by its scale. The autocorrelation at lag k is the sum over the series of z[t] z[t+k], over
 * the pooled number n of differences (the usual biased estimator: a long lag, which fewer pairs
 * support, is shrunk).
 *
 * <p>A lag is a candidate if two full seasons of it fit the longest series, the autocorrelation
 * has fallen to zero or below at a shorter lag (changes that merely persist, as in a smooth
 * wander, give one that only decays, with bumps), and it is a local peak or a calendar cycle
 * ({@link SeasonalPeriod#calendarCycles}). A candidate is a season if it reaches 2/sqrt(n), the
 * bar of chance correlation at one lag, and {@link #MIN_STRENGTH}; a calendar cycle, asked about
 * in advance, needs less once the evidence is long ({@link #MIN_CALENDAR_STRENGTH}). The strongest season decides,
 * but the lag chosen is, among the candidates within {@link #TOLERANCE} of it, the shortest
 * calendar cycle, else the shortest that divides it: a weekly cycle peaks at 14 and 21 days too,
 * about as high, and a smooth daily cycle of hourly windows nearly as high at 23 hours as at 24,
 * whose seasonal naive would be an hour out of phase.
 */
public final class SeasonDetector {

    /**
     * The weakest autocorrelation taken for a season. 2/sqrt(n) bars chance at one lag, but a
     * season is the best of dozens of lags, and n overstates the evidence when keys move together
     * (the S&amp;P's open, high, low and close are nearly one series four times). Measured over
     * 1,000 seeded trials each, a season was found in one key's white noise 12 times at 40
     * windows and never at 70 or 200, in a random walk never, and in six copies of one key no more
     * often (with 0.4 instead: 104 and 17 times in white noise at 40 and 70 windows, 13 in a random
     * walk at 40; with 0.3: 302, 197, 109); the weekly cycles of the bundled daily data read 0.86 (Chicago) and 0.85 (births)
     * before their first retraining point. A weaker season is left out on purpose: a spurious one
     * makes a poor baseline (a random walk's error a week ahead is sqrt(7) times a day's), and a
     * weak real one a baseline little better than the naive.
     */
    static final double MIN_STRENGTH = 0.5;

    /**
     * The weakest autocorrelation taken for a calendar cycle (a day, a week) once the evidence is
     * long. Such a lag is asked about before the data is seen, not picked as the best of dozens,
     * so chance reaches it only as far as one lag's noise, about 1/sqrt(n); its bar is
     * {@link #CALENDAR_SIGMAS} of that (eight, for keys that move together), never above
     * {@link #MIN_STRENGTH} nor below this. Why: twelve hourly keys of a clear daily cycle (a sine
     * with noise 15% of its amplitude, over 100 days) read 0.32 at 24 hours once pooled with four
     * keys without one, and were given no season, so their seasonal naive was the naive (which it
     * beats by a quarter there); the bundled daily data that has no season reads under 0.03 at 7
     * and 365 days (weather, the S&amp;P with its weekends carried forward), the one-minute sensors
     * under 0.02 at an hour (a day is longer than their deployments).
     */
    static final double MIN_CALENDAR_STRENGTH = 0.2;

    /** How many of one lag's chance deviations, 1/sqrt(n), a calendar cycle must reach. */
    static final double CALENDAR_SIGMAS = 8;

    /**
     * How much weaker than the strongest season a calendar cycle or a lag dividing it may be and
     * still be chosen. The estimates at nearby lags and at multiples are about as noisy as the
     * difference between them: over 1,000 seeded trials, one key's weekly cycle over 70 windows,
     * noise a fifth of its level, was put at 14 days 25 times with a tolerance of 0.1, 7 times
     * with 0.15 and 3 with 0.2; a smooth daily cycle over 240 hourly windows at 23 or 25 hours 13
     * times with 0.1 and never with 0.15.
     */
    static final double TOLERANCE = 0.15;

    /** A season found: its length in windows, and the pooled autocorrelation of changes at that lag. */
    public record Season(int windows, double autocorrelation) {}

    private SeasonDetector() {}

    /**
     * The season of {@code series}, each a key's bars in window order on windows of
     * {@code window}; empty if none is strong enough.
     */
    public static Optional<Season> detect(List<double[]> series, Duration window) {
        Set<Integer> calendar = SeasonalPeriod.calendarCycles(window);
        List<double[]> changes = new ArrayList<>();
        for (double[] s : series) {
            standardisedChanges(s).ifPresent(changes::add);
        }
        int n = changes.stream().mapToInt(z -> z.length).sum();
        int longest = changes.stream().mapToInt(z -> z.length + 1).max().orElse(0);
        int maxLag = longest / 2;
        if (maxLag < 2) {
            return Optional.empty();
        }
        double[] r = autocorrelations(changes, n, maxLag + 1);
        List<Integer> candidates = IntStream.rangeClosed(2, maxLag)
                .filter(k -> fellBefore(r, k) && (isPeak(r, k) || calendar.contains(k))).boxed().toList();
        double bar = Math.max(2 / Math.sqrt(n), MIN_STRENGTH);
        double calendarBar = Math.min(bar, Math.max(MIN_CALENDAR_STRENGTH, CALENDAR_SIGMAS / Math.sqrt(n)));
        return candidates.stream().filter(k -> r[k] >= (calendar.contains(k) ? calendarBar : bar))
                .max(Comparator.comparingDouble(k -> r[k])).map(strongest -> {
            List<Integer> close = candidates.stream().filter(k -> r[k] >= r[strongest] - TOLERANCE).toList();
            // The strongest is close to itself and divides itself.
            int season = close.stream().filter(calendar::contains).findFirst()
                    .orElseGet(() -> close.stream().filter(k -> strongest % k == 0).findFirst().orElseThrow());
            return new Season(season, r[season]);
        });
    }

    /** First differences, less their mean, over their deviation; empty if they do not vary (nothing to correlate). */
    private static Optional<double[]> standardisedChanges(double[] y) {
        if (y.length < 2) {
            return Optional.empty();
        }
        double[] d = new double[y.length - 1];
        double mean = 0;
        for (int t = 0; t < d.length; t++) {
            d[t] = y[t + 1] - y[t];
            mean += d[t] / d.length;
        }
        double squares = 0;
        for (double v : d) {
            squares += (v - mean) * (v - mean);
        }
        double deviation = Math.sqrt(squares / d.length);
        if (!(deviation > 0)) {
            return Optional.empty();
        }
        for (int t = 0; t < d.length; t++) {
            d[t] = (d[t] - mean) / deviation;
        }
        return Optional.of(d);
    }

    /** r[k] for k = 0..maxLag, pooled over the series; a series too short for a lag adds nothing to it. */
    private static double[] autocorrelations(List<double[]> changes, int n, int maxLag) {
        double[] r = new double[maxLag + 1];
        for (double[] z : changes) {
            for (int k = 0; k <= maxLag && k < z.length; k++) {
                double sum = 0;
                for (int t = 0; t + k < z.length; t++) {
                    sum += z[t] * z[t + k];
                }
                r[k] += sum / n;
            }
        }
        return r;
    }

    private static boolean isPeak(double[] r, int k) {
        return r[k] > r[k - 1] && r[k] >= r[k + 1];
    }

    /** Whether the autocorrelation is zero or below at some lag from 1 to k - 1. */
    private static boolean fellBefore(double[] r, int k) {
        return IntStream.range(1, k).anyMatch(j -> r[j] <= 0);
    }
}
