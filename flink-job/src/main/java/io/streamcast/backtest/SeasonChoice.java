package io.streamcast.backtest;

import io.streamcast.model.metrics.SeasonalPeriod;
import java.time.Duration;

/**
 * The season of the seasonal-naive baseline, in windows, and how it was chosen: given with
 * {@code --season}, read from the input's past ({@link PrefixSeason}; 1, the naive itself, if it
 * shows none), or the calendar's rule ({@link SeasonalPeriod#windowsFor}) where there is no past
 * to read.
 */
public record SeasonChoice(int windows, Source source, String reason) {

    public enum Source {
        OPTION, DATA, RULE
    }

    public static SeasonChoice given(int windows) {
        return new SeasonChoice(windows, Source.OPTION, "given by --season");
    }

    /** The calendar's rule for {@code window}, taken because {@code why}. */
    public static SeasonChoice rule(Duration window, String why) {
        return new SeasonChoice(SeasonalPeriod.windowsFor(window), Source.RULE,
                "a day of sub-daily windows, a week of longer ones: " + why);
    }

    /** The console's line, e.g. {@code season: 7 windows (autocorrelation 0.86 in ...)}. */
    public String line() {
        return "season: " + windows + (windows == 1 ? " window" : " windows") + " (" + reason + ")";
    }
}
