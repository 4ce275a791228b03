package io.streamcast.job;

import io.streamcast.records.ForecastRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Forecasts are keyed by their series key, so one key's forecasts stay in order in one partition. */
final class ForecastKey implements SerializationSchema<ForecastRecord> {

    @Override
    public byte[] serialize(ForecastRecord forecast) {
        return forecast.key().getBytes(StandardCharsets.UTF_8);
    }
}
