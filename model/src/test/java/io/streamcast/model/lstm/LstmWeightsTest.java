package io.streamcast.model.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.model.scaling.ScalingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LstmWeightsTest {

    static LstmWeights randomWeights(LstmConfig config, long seed) {
        Random r = new Random(seed);
        int h = config.hiddenSize();
        float[][] w = new float[config.layers()][];
        float[][] rw = new float[config.layers()][];
        float[][] b = new float[config.layers()][];
        for (int l = 0; l < config.layers(); l++) {
            w[l] = random(r, LstmWeights.layerInputSize(config, l) * 4 * h);
            rw[l] = random(r, h * 4 * h);
            b[l] = random(r, 4 * h);
        }
        return new LstmWeights(config, ScalingSpec.defaults(), w, rw, b, random(r, h), (float) r.nextGaussian());
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 0.3);
        }
        return a;
    }

    private final LstmWeights weights = randomWeights(LstmConfig.defaults().withHiddenSize(8).withLayers(3), 1);

    @Test
    void roundTripsThroughBytesAndFiles(@TempDir Path dir) throws Exception {
        assertThat(LstmWeights.fromBytes(weights.toBytes())).isEqualTo(weights);
        Path file = dir.resolve("model.bin");
        weights.writeTo(file);
        LstmWeights read = LstmWeights.readFrom(file);
        assertThat(read).isEqualTo(weights);
        assertThat(read.config()).isEqualTo(weights.config());
        assertThat(read.scaling()).isEqualTo(weights.scaling());
        assertThat(read.recurrentWeights(2)).containsExactly(weights.recurrentWeights(2));
    }

    @Test
    void isImmutable() {
        float[] exported = weights.outputWeights();
        exported[0] += 1;
        assertThat(weights.outputWeights()[0]).isNotEqualTo(exported[0]);
    }

    @Test
    void everyTruncationFailsClearly() {
        byte[] bytes = weights.toBytes();
        for (int len = 0; len < bytes.length; len += 7) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> LstmWeights.fromBytes(cut))
                    .isInstanceOf(WeightsFormatException.class)
                    .hasMessageMatching(".*(truncated|checksum|magic).*");
        }
    }

    @Test
    void everySingleBitFlipIsCaught() {
        byte[] bytes = weights.toBytes();
        for (int i = 0; i < bytes.length; i += 3) {
            byte[] bad = bytes.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> LstmWeights.fromBytes(bad)).isInstanceOf(WeightsFormatException.class);
        }
    }

    @Test
    void refusesOtherFilesAndFormatVersions() {
        assertThatThrownBy(() -> LstmWeights.fromBytes("definitely not a model file".getBytes()))
                .hasMessageContaining("bad magic");
        byte[] future = weights.toBytes();
        future[7] = 9;
        assertThatThrownBy(() -> LstmWeights.fromBytes(future))
                .hasMessageContaining("unsupported model format version 9");
    }

    @Test
    void readErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.bin");
        Files.write(file, Arrays.copyOf(weights.toBytes(), 100));
        assertThatThrownBy(() -> LstmWeights.readFrom(file)).hasMessageStartingWith(file.toString());
    }

    @Test
    void rejectsWronglyShapedArrays() {
        LstmConfig config = LstmConfig.defaults().withLayers(1).withHiddenSize(4);
        assertThatThrownBy(() -> new LstmWeights(config, ScalingSpec.defaults(),
                new float[][] {new float[7 * 16]}, new float[][] {new float[15]}, new float[][] {new float[16]},
                new float[4], 0f))
                .hasMessage("recurrentWeights[0] must have 64 values, had 15");
    }
}
