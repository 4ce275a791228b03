package io.streamcast.bars;

import io.streamcast.records.Tick;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * A window's running aggregate: enough to give any {@link Aggregation}. A POJO for Flink state.
 *
 * <p>Every aggregate is a function of the window's ticks alone, never of the order they arrive in
 * (which depends on the parallelism and the source's splits), so a backtest gives the same bars
 * at any parallelism:
 *
 * <ul>
 *   <li>The sum is exact: every double is an integer times a power of two, and the sum is kept
 *       as one ({@code sumUnits} times 2^{@code sumExponent}), whose addition neither rounds nor
 *       overflows. A double sum in arrival order would do both (two ticks of 1.7e308 make
 *       Infinity, and {@code (a + b) + c != a + (b + c)}). The mean and the sum are rounded from
 *       it once, to the nearest double. (An exact BigDecimal per tick, as before, took a tenth
 *       of the bench's CPU, and its mean went through 34 decimal digits, a second rounding.)
 *   <li>LAST is the tick with the newest timestamp; among ticks with the same timestamp, the
 *       largest value (arrival order cannot break the tie deterministically).
 * </ul>
 */
public class BarAccumulator {

    /** The decimal mean's digits, more than a double holds (a second rounding that the binary one avoids). */
    private static final MathContext MEAN_PRECISION = MathContext.DECIMAL128;
    private static final BigInteger FIVE = BigInteger.valueOf(5);
    /** Bits of a scaled quotient above its sticky bit: more than a double's 53, so it rounds once. */
    private static final int QUOTIENT_BITS = 56;

    public long count;
    /** The exact sum of the ticks is this many units of 2^{@link #sumExponent}. */
    public BigInteger sumUnits = BigInteger.ZERO;
    public int sumExponent;
    /**
     * The exact sum of a window restored from the previous layout, which kept it as a decimal;
     * null in windows of this layout. The ticks that come after it go to {@link #sumUnits}.
     */
    public BigDecimal sum;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public long lastTimestamp = Long.MIN_VALUE;
    /** Below every finite value, so that the first tick is always taken. */
    public double last = Double.NEGATIVE_INFINITY;

    public void add(Tick tick) {
        count++;
        addToSum(tick.value());
        min = Math.min(min, tick.value());
        max = Math.max(max, tick.value());
        takeLast(tick.timestamp(), tick.value());
    }

    public BarAccumulator merge(BarAccumulator other) {
        count += other.count;
        addToSum(other.sumUnits, other.sumExponent);
        if (other.sum != null) {
            sum = sum == null ? other.sum : sum.add(other.sum);
        }
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        takeLast(other.lastTimestamp, other.last);
        return this;
    }

    /** Adds a finite double: its 53-bit significand, in units of its own power of two. */
    private void addToSum(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int biasedExponent = (int) (bits >>> 52) & 0x7ff;
        long significand = bits & 0xf_ffff_ffff_ffffL;
        if (biasedExponent != 0) {
            significand |= 1L << 52;
        }
        if (significand == 0) {
            return;
        }
        // Trailing zero bits moved into the exponent keep the units short for typical ticks.
        int trailingZeros = Long.numberOfTrailingZeros(significand);
        int exponent = Math.max(biasedExponent, 1) - 1075 + trailingZeros;
        long units = significand >>> trailingZeros;
        addToSum(BigInteger.valueOf(bits < 0 ? -units : units), exponent);
    }

    private void addToSum(BigInteger units, int exponent) {
        if (units.signum() == 0) {
            return;
        }
        if (sumUnits.signum() == 0) {
            sumUnits = units;
            sumExponent = exponent;
        } else if (exponent >= sumExponent) {
            sumUnits = sumUnits.add(units.shiftLeft(exponent - sumExponent));
        } else {
            sumUnits = sumUnits.shiftLeft(sumExponent - exponent).add(units);
            sumExponent = exponent;
        }
    }

    /**
     * The exact sum over {@code divisor}, rounded once to the nearest double (ties to even), in
     * binary: the quotient is scaled to 56-57 bits, whose lowest says whether anything was left
     * over, so that converting it to a double rounds as the exact value would. As a decimal (as
     * exact, and a hundred times slower) only for a window restored from the previous layout, or
     * a result below the normal doubles, where scaling it back would round a second time (a sum of
     * exactly zero, a counter's quiet window, is neither).
     */
    private double exactQuotient(long divisor) {
        if (sum == null && sumUnits.signum() == 0) {
            return 0;
        }
        if (sum == null) {
            BigInteger magnitude = sumUnits.abs();
            BigInteger divisorBits = BigInteger.valueOf(divisor);
            int shift = QUOTIENT_BITS - (magnitude.bitLength() - divisorBits.bitLength());
            BigInteger scaled = shift >= 0 ? magnitude.shiftLeft(shift) : magnitude.shiftRight(-shift);
            boolean droppedBits = shift < 0 && magnitude.getLowestSetBit() < -shift;
            BigInteger[] quotient = scaled.divideAndRemainder(divisorBits);
            long bits = quotient[0].longValueExact() | (droppedBits || quotient[1].signum() != 0 ? 1 : 0);
            double rounded = Math.scalb((double) bits, sumExponent - shift);
            if (Math.abs(rounded) >= Double.MIN_NORMAL) {
                return sumUnits.signum() < 0 ? -rounded : rounded;
            }
        }
        BigDecimal exact = exactSum();
        return divisor == 1 ? exact.doubleValue()
                : exact.divide(BigDecimal.valueOf(divisor), MEAN_PRECISION).doubleValue();
    }

    /** The exact sum as a decimal: units times 2^e, for negative e units times 5^-e over 10^-e. */
    private BigDecimal exactSum() {
        BigDecimal binary = sumExponent >= 0 ? new BigDecimal(sumUnits.shiftLeft(sumExponent))
                : new BigDecimal(sumUnits.multiply(FIVE.pow(-sumExponent)), -sumExponent);
        return sum == null ? binary : binary.add(sum);
    }

    private void takeLast(long timestamp, double value) {
        if (timestamp > lastTimestamp || timestamp == lastTimestamp && Double.compare(value, last) > 0) {
            lastTimestamp = timestamp;
            last = value;
        }
    }

    /**
     * The bar value: finite for finite ticks. A mean lies between the smallest and largest tick;
     * a SUM beyond the range of a double saturates at +-{@link Double#MAX_VALUE}, since an
     * infinite bar would poison the key's scaler and LSTM state.
     */
    public double value(Aggregation aggregation) {
        return switch (aggregation) {
            case MEAN -> exactQuotient(count);
            case LAST -> last;
            case MIN -> min;
            case MAX -> max;
            case SUM -> Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, exactQuotient(1)));
        };
    }
}
