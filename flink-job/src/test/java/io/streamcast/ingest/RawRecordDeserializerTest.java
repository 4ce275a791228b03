package io.streamcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.records.RawRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RawRecordDeserializerTest {

    private final RawRecordDeserializer deserializer = new RawRecordDeserializer();

    @Test
    void keepsTheCoordinatesAndTheBytesEvenWhenTheyAreNotJson() throws Exception {
        byte[] garbage = {(byte) 0xff, 0, 'x'};

        assertThat(deserialize(new ConsumerRecord<>("ticks", 2, 41L, null, garbage)))
                .containsExactly(new RawRecord("ticks", 2, 41L, garbage.clone()));
    }

    @Test
    void passesATombstoneOnAsANullValue() throws Exception {
        assertThat(deserialize(new ConsumerRecord<>("ticks", 0, 7L, "key".getBytes(), null)))
                .containsExactly(new RawRecord("ticks", 0, 7L, null));
    }

    private List<RawRecord> deserialize(ConsumerRecord<byte[], byte[]> record) throws Exception {
        List<RawRecord> out = new ArrayList<>();
        deserializer.deserialize(record, new ListCollector<>(out));
        return out;
    }
}
