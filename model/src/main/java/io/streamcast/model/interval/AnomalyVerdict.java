package io.streamcast.model.interval;

/**
 * Whether a bar's actual fell outside the wider interval forecast for it, and how far: the
 * distance outside in widths of that interval (0 inside).
 */
public record AnomalyVerdict(boolean anomaly, double score) {

    static AnomalyVerdict judge(double actual, Interval interval) {
        double outside = Math.max(interval.lower() - actual, actual - interval.upper());
        if (!(outside > 0)) {
            return new AnomalyVerdict(false, 0);
        }
        // Finite even for a value near a double's range against a hair-thin interval.
        double score = outside / interval.width();
        return new AnomalyVerdict(true, Double.isFinite(score) ? score : Double.MAX_VALUE);
    }
}
