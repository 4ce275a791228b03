package io.streamcast.model.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class LstmNetworksTest {

    @Test
    void nativeAllocationsDoNotReadTheResidentSizeEachTime() {
        LstmNetworks.build(LstmConfig.defaults().withHiddenSize(4));
        assertThat(Pointer.maxPhysicalBytes()).isZero();
    }
}
