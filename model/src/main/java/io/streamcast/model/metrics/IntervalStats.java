package io.streamcast.model.metrics;

import io.streamcast.model.interval.Interval;

/**
 * Running quality of one forecaster's prediction intervals: coverage (share of actuals inside)
 * and the mean scaled interval score of the M4 competition,
 * {@code MSIS = mean((U - L) + 2/a (L - y)[y < L] + 2/a (y - U)[y > U]) / scale} with
 * {@code a = 1 - level}, scaled like MASE so that keys merge. Lower MSIS is better: narrow, with
 * misses penalised by how far they miss.
 */
public final class IntervalStats {

    private final double alpha;
    private long n;
    private long inside;
    private double sumScaledScore;

    /** @param level the intervals' nominal coverage (0.9: MSIS with alpha = 0.1) */
    public IntervalStats(double level) {
        this.alpha = 1 - level;
    }

    public void add(double actual, Interval interval, double scale) {
        double score = interval.width();
        if (actual < interval.lower()) {
            score += 2 / alpha * (interval.lower() - actual);
        } else if (actual > interval.upper()) {
            score += 2 / alpha * (actual - interval.upper());
        }
        n++;
        inside += interval.contains(actual) ? 1 : 0;
        sumScaledScore += score / scale;
    }

    public void merge(IntervalStats other) {
        n += other.n;
        inside += other.inside;
        sumScaledScore += other.sumScaledScore;
    }

    public long count() {
        return n;
    }

    public double coverage() {
        return n == 0 ? Double.NaN : inside / (double) n;
    }

    public double msis() {
        return n == 0 ? Double.NaN : sumScaledScore / n;
    }
}
