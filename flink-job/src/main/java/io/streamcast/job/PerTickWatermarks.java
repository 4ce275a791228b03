package io.streamcast.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness, with the watermark emitted on every event rather than periodically.
 * Events timestamped {@code Long.MIN_VALUE} (dead letters) never move it.
 */
final class PerTickWatermarks<T> implements WatermarkGenerator<T> {

    private final long lateness;
    private long newest = Long.MIN_VALUE;

    PerTickWatermarks(long lateness) {
        this.lateness = lateness;
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        if (timestamp > newest) {
            newest = timestamp;
            output.emitWatermark(new Watermark(newest - lateness - 1));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // Every watermark has been emitted with its tick.
    }
}
