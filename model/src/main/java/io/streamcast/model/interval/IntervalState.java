package io.streamcast.model.interval;

import java.util.Arrays;

/**
 * One key's interval statistics, part of its checkpointed timeline: per horizon step, the running
 * mean absolute error and a ring of the newest {@link #CAPACITY} normalised errors (absolute error
 * / that mean just before it), and the forecasts of the last bars whose actuals have not come yet.
 * A bean of flat arrays so Flink keeps it as a compact POJO; {@link IntervalCalibrator} is the
 * logic over it.
 */
public final class IntervalState {

    /**
     * Errors kept per step: enough for a 99% quantile (the 199th of 200), few enough to follow a
     * key whose noise changes within a few hundred bars. 800 bytes per step and key.
     */
    public static final int CAPACITY = 200;

    private int horizon;
    /** [step * CAPACITY + i]. */
    private float[] errors;
    private int[] sizes;
    private int[] heads;
    /** Per step: exponentially weighted mean absolute error, valid once {@code seen} is above 0. */
    private double[] meanAbsErrors;
    /** Per step: errors seen, counted up to the mean's span only. */
    private int[] seen;
    /** [age * horizon + step]: the forecast made {@code age} bars ago for {@code step + 1} ahead. */
    private double[] pendingForecasts;
    /** [age]: the key's deviation when the forecasts of that age were made (a floor on the normaliser). */
    private double[] pendingScales;
    private int pendingCount;
    /**
     * The flagged run in progress ({@link AnomalyPolicy}): its bars so far (0 for none), and the
     * band its first bar was judged against, which its later bars are judged against too.
     */
    private int heldBars;
    private double heldLower;
    private double heldUpper;

    public IntervalState() {}

    IntervalState(int horizon) {
        this.horizon = horizon;
        errors = new float[horizon * CAPACITY];
        sizes = new int[horizon];
        heads = new int[horizon];
        meanAbsErrors = new double[horizon];
        seen = new int[horizon];
        pendingForecasts = new double[horizon * horizon];
        pendingScales = new double[horizon];
    }

    /** This key's errors for the first {@code newHorizon} steps, without forecasts in flight. */
    IntervalState resized(int newHorizon) {
        IntervalState out = new IntervalState(newHorizon);
        int common = Math.min(horizon, newHorizon);
        System.arraycopy(errors, 0, out.errors, 0, common * CAPACITY);
        System.arraycopy(sizes, 0, out.sizes, 0, common);
        System.arraycopy(heads, 0, out.heads, 0, common);
        System.arraycopy(meanAbsErrors, 0, out.meanAbsErrors, 0, common);
        System.arraycopy(seen, 0, out.seen, 0, common);
        return out;
    }

    void record(int step, double scaledError) {
        // Capped so that an error beyond a float's range stays finite in the float ring.
        errors[step * CAPACITY + heads[step]] = (float) Math.min(scaledError, Float.MAX_VALUE);
        heads[step] = (heads[step] + 1) % CAPACITY;
        sizes[step] = Math.min(sizes[step] + 1, CAPACITY);
    }

    /** Adds an absolute error to the step's running mean, a plain average over the first {@code span}. */
    void updateMean(int step, double absError, int span) {
        seen[step] = Math.min(seen[step] + 1, span);
        meanAbsErrors[step] += (absError - meanAbsErrors[step]) / seen[step];
    }

    boolean hasMean(int step) {
        return seen[step] > 0;
    }

    double meanAbsError(int step) {
        return meanAbsErrors[step];
    }

    /** The step's recorded errors, ascending. */
    float[] sortedErrors(int step) {
        float[] out = Arrays.copyOfRange(errors, step * CAPACITY, step * CAPACITY + sizes[step]);
        Arrays.sort(out);
        return out;
    }

    /** Makes {@code forecasts} (steps 1..horizon) the newest pending ones; the oldest drop off. */
    void push(double[] forecasts, double scale) {
        System.arraycopy(pendingForecasts, 0, pendingForecasts, horizon, (horizon - 1) * horizon);
        System.arraycopy(pendingScales, 0, pendingScales, 1, horizon - 1);
        System.arraycopy(forecasts, 0, pendingForecasts, 0, horizon);
        pendingScales[0] = scale;
        pendingCount = Math.min(pendingCount + 1, horizon);
    }

    /** Forgets the forecasts in flight and a flagged run (the key restarts); its errors stay. */
    void clearPending() {
        pendingCount = 0;
        heldBars = 0;
    }

    /** Starts a flagged run whose later bars are judged against {@code band}. */
    void hold(Interval band) {
        heldBars = 1;
        heldLower = band.lower();
        heldUpper = band.upper();
    }

    Interval heldBand() {
        return new Interval(heldLower, heldUpper);
    }

    double pendingForecast(int age, int step) {
        return pendingForecasts[age * horizon + step];
    }

    double pendingScale(int age) {
        return pendingScales[age];
    }

    public int getHorizon() {
        return horizon;
    }

    public void setHorizon(int horizon) {
        this.horizon = horizon;
    }

    public float[] getErrors() {
        return errors;
    }

    public void setErrors(float[] errors) {
        this.errors = errors;
    }

    public int[] getSizes() {
        return sizes;
    }

    public void setSizes(int[] sizes) {
        this.sizes = sizes;
    }

    public int[] getHeads() {
        return heads;
    }

    public void setHeads(int[] heads) {
        this.heads = heads;
    }

    public double[] getMeanAbsErrors() {
        return meanAbsErrors;
    }

    public void setMeanAbsErrors(double[] meanAbsErrors) {
        this.meanAbsErrors = meanAbsErrors;
    }

    public int[] getSeen() {
        return seen;
    }

    public void setSeen(int[] seen) {
        this.seen = seen;
    }

    public double[] getPendingForecasts() {
        return pendingForecasts;
    }

    public void setPendingForecasts(double[] pendingForecasts) {
        this.pendingForecasts = pendingForecasts;
    }

    public double[] getPendingScales() {
        return pendingScales;
    }

    public void setPendingScales(double[] pendingScales) {
        this.pendingScales = pendingScales;
    }

    public int getPendingCount() {
        return pendingCount;
    }

    public void setPendingCount(int pendingCount) {
        this.pendingCount = pendingCount;
    }

    public int getHeldBars() {
        return heldBars;
    }

    public void setHeldBars(int heldBars) {
        this.heldBars = heldBars;
    }

    public double getHeldLower() {
        return heldLower;
    }

    public void setHeldLower(double heldLower) {
        this.heldLower = heldLower;
    }

    public double getHeldUpper() {
        return heldUpper;
    }

    public void setHeldUpper(double heldUpper) {
        this.heldUpper = heldUpper;
    }
}
