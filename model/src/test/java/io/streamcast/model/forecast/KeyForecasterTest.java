package io.streamcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmNetworks;
import io.streamcast.model.scaling.ScalingSpec;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class KeyForecasterTest {

    private static final long W = 60_000;
    private static final LstmConfig CONFIG = LstmConfig.defaults().withHiddenSize(8);
    private final KeyForecaster model = new KeyForecaster(
            LstmNetworks.export(LstmNetworks.build(CONFIG), CONFIG, ScalingSpec.defaults()));

    @Test
    void aPathContinuesFromEachForecastAsEmittedNotAsTheModelGaveIt() {
        KeyState state = model.newState();
        for (int w = 0; w < 30; w++) {
            model.observe(state, 5 + w % 3, w * W);
        }
        DoubleUnaryOperator atLeastZero = f -> Math.max(0, f);
        long next = 30 * W;

        double[] raised = model.path(state, -7, next, W, 3, atLeastZero);
        double[] asGiven = model.path(state, -7, next, W, 3, DoubleUnaryOperator.identity());

        KeyState expected = state.withCopiedLstm();
        double fromZero = model.forecast(expected, expected.getScaler().scale(model.scaling(), 0.0), next + W);
        assertThat(raised[0]).isZero();
        assertThat(raised[1]).as("the second step continues from 0").isEqualTo(Math.max(0, fromZero));
        assertThat(asGiven[0]).isEqualTo(-7);
        assertThat(asGiven[1]).as("from -7 instead").isNotEqualTo(fromZero);
        assertThat(raised[2]).isNotNegative();
    }
}
