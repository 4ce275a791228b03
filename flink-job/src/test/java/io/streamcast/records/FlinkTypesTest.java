package io.streamcast.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.bars.BarAccumulator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Flink falls back to Kryo for types it cannot analyse: slower, and fragile across versions. */
class FlinkTypesTest {

    @Test
    void recordsAreFlinkPojos() {
        for (Class<?> type : new Class<?>[] {
                Tick.class, DeadLetter.class, ForecastRecord.class, RawRecord.class, BarAccumulator.class,
                io.streamcast.ingest.Ingested.class}) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName())
                    .isInstanceOf(PojoTypeInfo.class);
        }
    }
}
