package io.streamcast.model.interval;

/** A closed prediction interval [lower, upper] around a forecast. */
public record Interval(double lower, double upper) {

    public static Interval around(double center, double halfWidth) {
        return new Interval(center - halfWidth, center + halfWidth);
    }

    /** This interval with its bounds raised to 0 where they are below it. */
    public Interval atLeastZero() {
        return new Interval(Math.max(0, lower), Math.max(0, upper));
    }

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    public double width() {
        return upper - lower;
    }

    public boolean isFinite() {
        return Double.isFinite(lower) && Double.isFinite(upper);
    }
}
