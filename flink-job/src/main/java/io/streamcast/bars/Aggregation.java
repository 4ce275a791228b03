package io.streamcast.bars;

/** How a window's ticks become one bar value. */
public enum Aggregation {
    MEAN, LAST, MIN, MAX, SUM
}
