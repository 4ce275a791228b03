package io.streamcast.local;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.streamcast.records.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The bench's input: tick {@code i} of {@code keys} keys, {@code ticksPerWindow} ticks per key and
 * window, in event-time order (window by window; within a window, round after round over every
 * key), as the JSON a producer would send, so parsing is measured too. Each key follows one of
 * four patterns (a daily cycle, a trend, two mixed cycles, noise around a level) plus noise seeded
 * by the tick's index: the same index gives the same tick in every run.
 */
record BenchTicks(int keys, int ticksPerWindow, long windowMillis, long start) implements GeneratorFunction<Long, RawRecord> {

    private static final double DAY = 86_400_000.0;

    long total(int windows) {
        return (long) keys * ticksPerWindow * windows;
    }

    @Override
    public RawRecord map(Long index) {
        long perWindow = (long) keys * ticksPerWindow;
        long window = index / perWindow;
        long inWindow = index % perWindow;
        int key = (int) (inWindow % keys);
        long ts = start + window * windowMillis + (inWindow / keys) * (windowMillis / ticksPerWindow);
        double value = pattern(key, ts) + new SplittableRandom(index).nextGaussian();
        // Jackson's Schubfach writer: shortest digits that read back as the same double, as
        // Double.toString's do, without Java 17's big-number slow path (a fifth of the generator).
        String json = "{\"key\":\"sensor-" + key + "\",\"ts\":" + ts + ",\"value\":"
                + NumberOutput.toString(value, true) + "}";
        return new RawRecord("bench", 0, index, json.getBytes(StandardCharsets.UTF_8));
    }

    private static double pattern(int key, long ts) {
        double level = 20 + key % 97;
        double day = ts / DAY;
        return switch (key % 4) {
            case 0 -> level + 10 * Math.sin(2 * Math.PI * (day + key * 0.01));
            case 1 -> level + 0.5 * (day - Math.floor(day / 7) * 7);
            case 2 -> level + 4 * Math.sin(2 * Math.PI * day) + 2 * Math.sin(2 * Math.PI * day / 7);
            default -> level;
        };
    }
}
