package io.streamcast.model.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LstmConfigTest {

    @Test
    void defaultsAreTwoLayersOfThirtyTwo() {
        LstmConfig c = LstmConfig.defaults();
        assertThat(c.layers()).isEqualTo(2);
        assertThat(c.hiddenSize()).isEqualTo(32);
        assertThat(c.inputSize()).isEqualTo(7);
    }

    @Test
    void invalidValuesNameTheFieldAndTheRange() {
        LstmConfig c = LstmConfig.defaults();
        assertThatThrownBy(() -> c.withLayers(0)).hasMessage("layers must be in [1, 8], was 0");
        assertThatThrownBy(() -> c.withHiddenSize(2000)).hasMessage("hiddenSize must be in [1, 1024], was 2000");
        assertThatThrownBy(() -> c.withLearningRate(0)).hasMessage("learningRate must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> c.withLearningRate(Double.NaN)).hasMessageStartingWith("learningRate must be in (0, 1]");
        assertThatThrownBy(() -> c.withEpochs(-1)).hasMessage("epochs must be in [1, 10000], was -1");
        assertThatThrownBy(() -> c.withTbpttLength(1)).hasMessage("tbpttLength must be in [2, 10000], was 1");
        assertThatThrownBy(() -> c.withMinibatchSize(0)).hasMessage("minibatchSize must be in [1, 100000], was 0");
        assertThatThrownBy(() -> c.withFeatures(null)).hasMessageContaining("features must be given");
    }
}
