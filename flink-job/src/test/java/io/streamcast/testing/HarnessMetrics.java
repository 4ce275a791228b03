package io.streamcast.testing;

import java.lang.reflect.Field;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * The metrics an operator under a test harness registers. A harness's environment discards them,
 * and only some harnesses take an environment of our making, so the intercepting metric group is
 * put into the harness's own environment (before {@code setup()} or {@code open()}).
 */
public final class HarnessMetrics {

    private final InterceptingOperatorMetricGroup operator = new InterceptingOperatorMetricGroup();

    private HarnessMetrics() {}

    public static HarnessMetrics of(AbstractStreamOperatorTestHarness<?> harness) throws ReflectiveOperationException {
        HarnessMetrics metrics = new HarnessMetrics();
        Field group = MockEnvironment.class.getDeclaredField("taskMetricGroup");
        group.setAccessible(true);
        group.set(harness.getEnvironment(), new InterceptingTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> variables) {
                return metrics.operator;
            }
        });
        return metrics;
    }

    public long count(String counter) {
        return ((Counter) operator.get(counter)).getCount();
    }

    @SuppressWarnings("unchecked")
    public <T> T gauge(String gauge) {
        return ((Gauge<T>) operator.get(gauge)).getValue();
    }
}
