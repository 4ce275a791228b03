package io.streamcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.job.JobConfig;
import io.streamcast.job.KafkaSettings;
import io.streamcast.model.forecast.BarForecaster;
import io.streamcast.model.forecast.KeyForecaster;
import io.streamcast.model.forecast.KeyTimeline;
import io.streamcast.model.lstm.LstmNetworks;
import io.streamcast.model.lstm.LstmWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * A key's forecasting state, as Flink keeps it in LstmForecaster's keyed state: a POJO all the
 * way down (so a checkpoint's layout can evolve, and no Kryo), within its share of a kilobyte at
 * the job's defaults.
 */
class KeyTimelineStateTest {

    /**
     * A key's whole state is to stay within a kilobyte (the bench's {@code stateBytesPerKey}, with
     * RocksDB's copy of the key in every entry): besides this timeline, its open window's
     * accumulator and timer take about 160 bytes, the training sampler's state about 100 and the
     * forecaster's cleanup timer and keys about 100. 658 bytes measured.
     */
    private static final int TIMELINE_BUDGET = 660;
    private static final TypeInformation<KeyTimeline> TYPE = TypeInformation.of(KeyTimeline.class);
    private static final JobConfig DEFAULTS =
            JobConfig.builder(new KafkaSettings("unused:9092", "t", "f", "t-dlq", "g", "p", Map.of())).build();

    @Test
    void isAPojoAllTheWayDown() {
        assertThat(TYPE).isInstanceOf(PojoTypeInfo.class);
        List<String> generic = new ArrayList<>();
        collectGeneric(TYPE, "KeyTimeline", generic);
        assertThat(generic).as("fields Flink would hand to Kryo").isEmpty();
    }

    @Test
    void aKeyThatHasSeen500BarsStaysWithinItsBudgetAtTheDefaults() throws Exception {
        assertThat(DEFAULTS.warmupBars()).isEqualTo(64);
        assertThat(DEFAULTS.intervals().horizon()).isEqualTo(1);
        assertThat(DEFAULTS.intervals().emitsIntervals() && DEFAULTS.intervals().flagsAnomalies()).isTrue();
        LstmWeights weights = LstmWeights.fromBytes(LstmNetworks.export(
                LstmNetworks.build(DEFAULTS.lstm()), DEFAULTS.lstm(), DEFAULTS.scaling()).toBytes());
        KeyForecaster model = new KeyForecaster(weights);
        assertThat(model.stateSize()).as("h and c of 2 layers of 32").isEqualTo(64);
        BarForecaster forecaster = new BarForecaster(DEFAULTS.windowMillis(), DEFAULTS.warmupBars(),
                DEFAULTS.scaling(), DEFAULTS.intervals(), DEFAULTS.naiveFallback());
        KeyTimeline t = forecaster.newTimeline(null);
        Random random = new Random(1);
        for (int w = 0; w < 500; w++) {
            forecaster.onBar(t, w * DEFAULTS.windowMillis(), 20 + random.nextGaussian(), w < 100 ? null : model,
                    w < 100 ? 0 : 1);
        }

        TypeSerializer<KeyTimeline> serializer = TYPE.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(4096);
        serializer.serialize(t, out);
        assertThat(out.length()).as("bytes per key").isLessThanOrEqualTo(TIMELINE_BUDGET);

        KeyTimeline copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        BarForecaster.Step original = forecaster.onBar(t, 500 * DEFAULTS.windowMillis(), 21, model, 1);
        BarForecaster.Step restored = forecaster.onBar(copy, 500 * DEFAULTS.windowMillis(), 21, model, 1);
        assertThat(restored).as("a restored key goes on exactly").isEqualTo(original);
    }

    private static void collectGeneric(TypeInformation<?> type, String path, List<String> generic) {
        if (type instanceof GenericTypeInfo) {
            generic.add(path + ": " + type);
        } else if (type instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                PojoField field = pojo.getPojoFieldAt(i);
                collectGeneric(field.getTypeInformation(), path + "." + field.getField().getName(), generic);
            }
        }
    }
}
