package io.streamcast.model.interval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-key split conformal prediction intervals over a rolling window, calibrated per horizon
 * step. A forecast's interval is {@code forecast ± q * deviation}, where {@code q} is the
 * conformal quantile (the ⌈(n+1)·level⌉-th smallest) of the key's newest scaled absolute errors
 * at that step and {@code deviation} the key's running deviation when the forecast is made.
 *
 * <ul>
 *   <li>Past only: an actual's error is recorded after its own interval and verdict were made.
 *   <li>Distribution-free: ranks of the key's own errors, no Gaussian assumption. Scaling by the
 *       running deviation lets the window follow a key whose level or spread drifts.
 *   <li>Robust to spikes: one huge error moves a quantile by one rank of 200 and leaves the window
 *       after 200 bars, so a flagged value is recorded like any other, and a real variance shift
 *       (every error large) still widens the interval within a fraction of the window.
 *   <li>Cold start: while there are too few errors for the rank (9 for 90%, 99 for 99%), the
 *       half-width is the largest error seen or Chebyshev's bound, {@code 1/sqrt(1 - level)}
 *       deviations, whichever is wider.
 * </ul>
 */
public final class IntervalCalibrator {

    /**
     * A floor on the half-width in deviations: a series that has been exactly forecast so far
     * (constant) would otherwise get a zero-width interval and flag any change with an infinite
     * score.
     */
    static final double MIN_SCALED_HALF_WIDTH = 1e-3;

    private final IntervalSpec spec;

    public IntervalCalibrator(IntervalSpec spec) {
        this.spec = spec;
    }

    public IntervalSpec spec() {
        return spec;
    }

    public IntervalState newState() {
        return new IntervalState(spec.horizon());
    }

    /** {@code state} fitted to this horizon (a restore under another {@code --horizon}); null gives a fresh one. */
    public IntervalState adopt(IntervalState state) {
        if (state == null) {
            return newState();
        }
        return state.getHorizon() == spec.horizon() ? state : state.resized(spec.horizon());
    }

    /**
     * The actual of the window the newest pending forecasts were made for: judged against the
     * wider interval of its one-step forecast (empty when none was pending or flags are off), then
     * recorded as an error of every step that forecast it.
     */
    public Optional<AnomalyVerdict> observe(IntervalState s, double actual) {
        Optional<AnomalyVerdict> verdict = Optional.empty();
        if (s.getPendingCount() > 0 && spec.flagsAnomalies()) {
            Interval wide = Interval.around(s.pendingForecast(0, 0),
                    halfWidth(s, 0, spec.anomalyLevel()) * s.pendingScale(0));
            verdict = Optional.of(AnomalyVerdict.judge(actual, wide));
        }
        for (int age = 0; age < s.getPendingCount(); age++) {
            s.record(age, Math.abs(actual - s.pendingForecast(age, age)) / s.pendingScale(age));
        }
        return verdict;
    }

    /**
     * The intervals of forecasts just made for steps 1..horizon (empty with intervals off).
     *
     * @param scale the key's deviation now
     */
    public List<Optional<Interval>> intervals(IntervalState s, double[] forecasts, double scale) {
        List<Optional<Interval>> out = new ArrayList<>(forecasts.length);
        for (int step = 0; step < forecasts.length; step++) {
            out.add(spec.emitsIntervals()
                    ? Optional.of(Interval.around(forecasts[step], halfWidth(s, step, spec.level()) * scale))
                    : Optional.empty());
        }
        return out;
    }

    /**
     * Makes the forecasts emitted for steps 1..horizon the newest pending ones, whose errors the
     * next actuals record.
     */
    public void remember(IntervalState s, double[] forecasts, double scale) {
        s.push(forecasts, scale);
    }

    /** Forgets the forecasts in flight of a key that restarts; its error statistics stay. */
    public void restart(IntervalState s) {
        s.clearPending();
    }

    /** In deviations. */
    static double halfWidth(IntervalState s, int step, double level) {
        float[] sorted = s.sortedErrors(step);
        int n = sorted.length;
        // The epsilon keeps 10 * 0.9 from rounding up to rank 10.000000000000002 -> 11.
        int rank = (int) Math.ceil((n + 1) * level - 1e-9);
        double q = rank <= n ? sorted[rank - 1]
                : Math.max(n == 0 ? 0 : sorted[n - 1], 1 / Math.sqrt(1 - level));
        return Math.max(q, MIN_SCALED_HALF_WIDTH);
    }
}
