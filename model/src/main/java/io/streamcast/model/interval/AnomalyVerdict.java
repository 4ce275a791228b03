package io.streamcast.model.interval;

/**
 * Whether a bar's actual fell outside the wider interval forecast for it, and how far: the
 * distance outside in widths of that interval (0 inside).
 */
public record AnomalyVerdict(boolean anomaly, double score) {

    static AnomalyVerdict judge(double actual, Interval interval) {
        double outside = Math.max(interval.lower() - actual, actual - interval.upper());
        return outside > 0 ? new AnomalyVerdict(true, outside / interval.width()) : new AnomalyVerdict(false, 0);
    }
}
