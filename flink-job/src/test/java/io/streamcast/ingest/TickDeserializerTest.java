package io.streamcast.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.RawRecord;
import io.streamcast.records.Tick;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TickDeserializerTest {

    private static final String GOOD = "{\"key\":\"sensor-17\",\"ts\":1767607200250,\"value\":21.5}";

    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private OneInputStreamOperatorTestHarness<RawRecord, Tick> harness;

    @BeforeEach
    void openHarness() throws Exception {
        MockEnvironment environment = new MockEnvironmentBuilder()
                .setMetricGroup(new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
                    @Override
                    public InternalOperatorMetricGroup getOrAddOperator(
                            OperatorID id, String name, Map<String, String> info) {
                        return metrics;
                    }
                })
                .build();
        harness = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new TickDeserializer()), environment);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void emitsGoodTicksAndSendsMalformedOnesToTheDeadLetters() throws Exception {
        harness.processElement(record(0, GOOD.getBytes(StandardCharsets.UTF_8)), 0);
        harness.processElement(record(1, "{\"key\":\"k\"}".getBytes(StandardCharsets.UTF_8)), 0);
        harness.processElement(record(2, new byte[] {'{', (byte) 0xff, '}'}), 0);
        harness.processElement(record(3, null), 0);

        assertThat(harness.extractOutputValues())
                .containsExactly(new Tick("sensor-17", 1_767_607_200_250L, 21.5));
        assertThat(harness.getSideOutput(TickDeserializer.DEAD_LETTERS))
                .extracting(StreamRecord::getValue)
                .satisfiesExactly(
                        missingTs -> assertThat(missingTs).isEqualTo(new DeadLetter(
                                "{\"key\":\"k\"}", "missing field 'ts'", "ticks", 3, 1)),
                        notUtf8 -> {
                            assertThat(notUtf8.raw()).isEqualTo("{\uFFFD}");
                            assertThat(notUtf8.error()).startsWith("not valid JSON: ");
                            assertThat(notUtf8.offset()).isEqualTo(2);
                        },
                        tombstone -> assertThat(tombstone).isEqualTo(new DeadLetter(
                                null, "empty value", "ticks", 3, 3)));
        assertThat(count("ticksIn")).isEqualTo(1);
        assertThat(count("malformedTicks")).isEqualTo(3);
    }

    private long count(String name) {
        return ((Counter) metrics.get(name)).getCount();
    }

    private static RawRecord record(long offset, byte[] value) {
        return new RawRecord("ticks", 3, offset, value);
    }
}
