package io.streamcast.model.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastActivationsTest {

    @Test
    void tanhAndSigmoidStayWithinFourTenMillionthsEverywhere() {
        double worstTanh = 0;
        double worstSigmoid = 0;
        for (int i = -400_000; i <= 400_000; i++) {
            float x = i * 1e-4f * 5; // -200 .. 200, dense near 0
            worstTanh = Math.max(worstTanh, Math.abs(FastActivations.tanh(x) - Math.tanh(x)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(FastActivations.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertThat(worstTanh).isLessThan(4e-7);
        assertThat(worstSigmoid).isLessThan(4e-7);
        assertThat(FastActivations.tanh(Float.POSITIVE_INFINITY)).isEqualTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(FastActivations.tanh(-1e30f)).isEqualTo(-1f, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
