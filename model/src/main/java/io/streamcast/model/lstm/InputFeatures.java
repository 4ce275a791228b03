package io.streamcast.model.lstm;

/**
 * What the LSTM sees at each step. Calendar features describe the window being forecast, which is
 * known in advance, so they let one global model learn daily and weekly cycles without look-ahead.
 */
public enum InputFeatures {
    /** The key's scaled bar value only. */
    VALUE(1),
    /** The scaled value plus sin/cos of the forecast window's time of day and day of week. */
    VALUE_AND_CALENDAR(5),
    /**
     * {@link #VALUE_AND_CALENDAR} plus sin/cos of the time of year: the season of daily data
     * (temperature, holidays' weeks), which a short training window cannot teach the LSTM's
     * state to carry. Declared last: saved models name their features by position.
     */
    VALUE_AND_CALENDAR_WITH_YEAR(7);

    private static final long DAY_MS = 86_400_000L;
    /** 1970-01-01 was a Thursday; shifting by 3 days makes Monday 0. */
    private static final long EPOCH_DAY_OF_WEEK = 3;
    private static final double DAYS_PER_YEAR = 365.2425;

    private final int size;

    InputFeatures(int size) {
        this.size = size;
    }

    public int size() {
        return size;
    }

    /**
     * Writes the input vector for one step into {@code out} (length {@link #size()}).
     *
     * @param scaledValue the key's current bar value, already scaled
     * @param forecastWindowStart start (epoch ms) of the window whose value is being forecast
     */
    public void encode(float scaledValue, long forecastWindowStart, float[] out) {
        out[0] = scaledValue;
        if (this != VALUE) {
            long day = Math.floorDiv(forecastWindowStart, DAY_MS);
            double dayFraction = Math.floorMod(forecastWindowStart, DAY_MS) / (double) DAY_MS;
            double weekFraction = (Math.floorMod(day + EPOCH_DAY_OF_WEEK, 7) + dayFraction) / 7.0;
            out[1] = (float) Math.sin(2 * Math.PI * dayFraction);
            out[2] = (float) Math.cos(2 * Math.PI * dayFraction);
            out[3] = (float) Math.sin(2 * Math.PI * weekFraction);
            out[4] = (float) Math.cos(2 * Math.PI * weekFraction);
        }
        if (this == VALUE_AND_CALENDAR_WITH_YEAR) {
            double days = forecastWindowStart / (double) DAY_MS;
            double yearFraction = (days % DAYS_PER_YEAR + DAYS_PER_YEAR) % DAYS_PER_YEAR / DAYS_PER_YEAR;
            out[5] = (float) Math.sin(2 * Math.PI * yearFraction);
            out[6] = (float) Math.cos(2 * Math.PI * yearFraction);
        }
    }
}
