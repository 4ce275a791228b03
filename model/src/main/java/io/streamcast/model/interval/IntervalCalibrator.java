package io.streamcast.model.interval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Per-key, normalised split conformal prediction intervals over a rolling window, calibrated per
 * horizon step. A forecast's interval is {@code forecast ± q * m}: {@code m} is the key's running
 * mean absolute error at that step, and {@code q} the conformal quantile (the ⌈(n+1)·level⌉-th
 * smallest) of its newest 200 to 400 normalised errors, each an absolute error divided by the
 * {@code m} just before it, read from a histogram of them ({@link IntervalState}).
 *
 * <ul>
 *   <li>Past only: an actual is judged against the interval made for it, and only then recorded.
 *   <li>Distribution-free: ranks of the key's own errors, no Gaussian assumption. The running
 *       mean ({@link #MEAN_SPAN} bars) follows a key that gets noisier or calmer within a few dozen
 *       bars; the ranks carry the shape of its errors (heavy tails included).
 *   <li>A flagged actual (outside the {@code anomalyLevel} interval) is recorded among the ranks
 *       as it is (one error moves a quantile by one rank of 200 to 400), but enters the running mean
 *       capped at that interval's half-width: a spike counts as a large error, not as an
 *       arbitrarily large one, so it does not widen the next weeks of intervals. A real variance
 *       shift (every error large) still raises the mean by a few percent a bar.
 *   <li>What an anomaly is judged against: see {@link AnomalyPolicy}.
 *   <li>Cold start: before a step's first error the key's deviation stands in for the mean (and
 *       a key's first bar, which gives no deviation, gets no interval);
 *       while there are too few errors for the rank (9 for 90%, 99 for 99%), {@code q} is the
 *       largest normalised error seen or Chebyshev's bound {@code 1/sqrt(1 - level)}, whichever
 *       is wider.
 * </ul>
 */
public final class IntervalCalibrator {

    /** Bars the running mean absolute error averages over (exponentially, after the first). */
    static final int MEAN_SPAN = 32;

    /**
     * Errors a key needs before its actuals are judged: before, its mean rests on a handful of
     * windows, and on the sensor data every key's second window was flagged against a first
     * error that happened to be tiny.
     */
    static final int ERRORS_BEFORE_FLAGS = MEAN_SPAN;

    /**
     * A floor on the normaliser, as a share of the key's deviation: a series forecast exactly so
     * far (a constant) would otherwise get a zero-width interval and flag any change with an
     * infinite score.
     */
    static final double MIN_RELATIVE_SCALE = 1e-3;

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

    /**
     * {@code state} fitted to this horizon (a restore under another {@code --horizon}); a fresh one
     * for none, or for state written before the error histogram, which has nothing to continue.
     */
    public IntervalState adopt(IntervalState state) {
        if (state == null || !state.hasErrorCounts()) {
            return newState();
        }
        return state.horizon() == spec.horizon() ? state : state.resized(spec.horizon());
    }

    /**
     * The actual of the window the newest pending forecasts were made for: judged against the
     * wider interval of its one-step forecast (empty when none was pending, flags are off or the
     * key has fewer than {@link #ERRORS_BEFORE_FLAGS} errors), then recorded as an error of every
     * step that forecast it.
     *
     * @param keyScale the key's deviation, as it was when the one-step forecast was made (the
     *     scaler has not seen {@code actual} yet); it stands in for older forecasts' too, since it
     *     only matters before a step's first error and as a floor far below any real error
     */
    public Optional<AnomalyVerdict> observe(IntervalState s, double actual, double keyScale) {
        Optional<AnomalyVerdict> verdict = Optional.empty();
        if (s.getPendingCount() > 0 && spec.flagsAnomalies() && s.errorCount(0) >= ERRORS_BEFORE_FLAGS) {
            verdict = Optional.of(judge(s, actual, Interval.around(s.pendingForecast(0, 0),
                    halfWidth(s, 0, spec.anomalyLevel(), keyScale))));
        }
        for (int step = 0; step < s.getPendingCount(); step++) {
            double error = Math.abs(actual - s.pendingForecast(step, step));
            // The first error starts the mean as it is: the key's deviation, which stood in before it,
            // is no yardstick for a cap (a young key's deviation is near 0).
            double recorded = error;
            if (s.hasMean(step)) {
                if (spec.flagsAnomalies()) {
                    recorded = Math.min(error, halfWidth(s, step, spec.anomalyLevel(), keyScale));
                }
                s.record(step, error / normaliser(s, step, keyScale));
            }
            s.updateMean(step, recorded, MEAN_SPAN);
        }
        return verdict;
    }

    /**
     * Against {@code own}, the wider interval of the bar's own forecast, or within a flagged run
     * under {@code hold}, against the band its first bar was judged against: the forecast follows
     * an event once it has seen its first bar, so judged against its own forecast only the onset
     * would be flagged, and the return to normal would be flagged as a second event.
     */
    private AnomalyVerdict judge(IntervalState s, double actual, Interval own) {
        AnomalyPolicy policy = spec.anomalyPolicy();
        boolean inRun = s.getHeldBars() > 0 && policy.holds(s.getHeldBars());
        AnomalyVerdict verdict = AnomalyVerdict.judge(actual, inRun ? s.heldBand() : own);
        if (!verdict.anomaly()) {
            s.setHeldBars(0);
        } else if (inRun) {
            s.setHeldBars(s.getHeldBars() + 1);
        } else if (policy.holds(0)) {
            s.hold(own);
        }
        return verdict;
    }

    /**
     * The intervals of forecasts just made for steps 1..horizon: empty with intervals off, and for a
     * step with no error of its own yet while the key has no deviation either (its first bar): a
     * band of the deviation's floor would be a zero-width one, claiming a certainty nothing backs.
     *
     * @param keyScale the key's deviation now, empty before it has one
     */
    public List<Optional<Interval>> intervals(IntervalState s, double[] forecasts, OptionalDouble keyScale) {
        List<Optional<Interval>> out = new ArrayList<>(forecasts.length);
        for (int step = 0; step < forecasts.length; step++) {
            boolean sized = s.hasMean(step) || keyScale.isPresent();
            out.add(spec.emitsIntervals() && sized
                    // With a mean and no deviation yet (a key restarted after a gap) the mean needs no floor.
                    ? Optional.of(Interval.around(forecasts[step], halfWidth(s, step, spec.level(), keyScale.orElse(0))))
                    : Optional.empty());
        }
        return out;
    }

    /**
     * Makes the forecasts emitted for steps 1..horizon the newest pending ones, whose errors the
     * next actuals record.
     */
    public void remember(IntervalState s, double[] forecasts) {
        s.push(forecasts);
    }

    /** Forgets the forecasts in flight of a key that restarts; its error statistics stay. */
    public void restart(IntervalState s) {
        s.clearPending();
    }

    /** In the series' units. */
    static double halfWidth(IntervalState s, int step, double level, double keyScale) {
        int n = s.errorCount(step);
        // The epsilon keeps 10 * 0.9 from rounding up to rank 10.000000000000002 -> 11.
        int rank = (int) Math.ceil((n + 1) * level - 1e-9);
        double q = rank <= n ? s.rankedError(step, rank) : Math.max(s.largestError(step), 1 / Math.sqrt(1 - level));
        return Math.max(q, MIN_RELATIVE_SCALE) * normaliser(s, step, keyScale);
    }

    private static double normaliser(IntervalState s, int step, double keyScale) {
        double floor = MIN_RELATIVE_SCALE * keyScale;
        return s.hasMean(step) ? Math.max(s.meanAbsError(step), floor) : keyScale;
    }
}
