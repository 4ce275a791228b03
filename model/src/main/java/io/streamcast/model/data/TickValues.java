package io.streamcast.model.data;

/**
 * What a tick's value may be: a finite number no larger in magnitude than {@link #MAX_MAGNITUDE}.
 *
 * <p>Why a bound on finite numbers: a key's bars are differenced, squared (its running variance)
 * and summed (windows, errors), and a value near a double's range overflows that arithmetic to
 * infinity and then NaN. One such key did more than spoil itself: its NaN inputs went into the
 * shared training sample, every retraining's loss became NaN, and no key got a model. The bound
 * is far beyond any reading or price (Avogadro's number is 6e23) and keeps every square of a
 * difference of bars finite, sums of a window's ticks included; a value beyond it is a device's or
 * a producer's fault, and goes to the dead letters like any other malformed tick.
 */
public final class TickValues {

    public static final double MAX_MAGNITUDE = 1e100;

    private TickValues() {}

    /**
     * Why {@code value} cannot be a tick's value, as the end of a sentence about it ("is not
     * finite", "is beyond ±1e100 ..."), or null if it can.
     */
    public static String problem(double value) {
        if (!Double.isFinite(value)) {
            return "is not finite";
        }
        if (Math.abs(value) > MAX_MAGNITUDE) {
            return "is beyond ±1e100, the largest magnitude a tick may have";
        }
        return null;
    }
}
