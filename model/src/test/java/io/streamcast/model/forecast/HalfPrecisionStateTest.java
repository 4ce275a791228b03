package io.streamcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.TestData;
import io.streamcast.model.data.Series;
import io.streamcast.model.lstm.LstmConfig;
import io.streamcast.model.lstm.LstmStepper;
import io.streamcast.model.lstm.LstmWeights;
import io.streamcast.model.scaling.RunningScaler;
import io.streamcast.model.scaling.ScalingSpec;
import io.streamcast.model.training.OfflineTraining;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key's LSTM state is kept in half precision ({@link KeyState}). Against the same trained model
 * stepped in full precision over real data it did not train on, the forecasts move by a small
 * fraction of the key's deviation and the error does not change measurably (measured: at most
 * 2.6e-4 of a deviation over three stations' 5,130 held-out days; MAE 1.000002 times).
 */
class HalfPrecisionStateTest {

    private static final double TRAIN = 0.7;

    @Test
    void halfPrecisionStateForecastsAsFullPrecisionDoesOnHeldOutData() {
        List<Series> stations = TestData.daily("chicago_ridership.csv").subList(0, 3);
        LstmConfig config = LstmConfig.defaults().withEpochs(3);
        LstmWeights weights = OfflineTraining.train(config, ScalingSpec.defaults(), stations.stream()
                .map(s -> s.slice(0, HoldoutEvaluation.splitIndex(s, TRAIN))).toList()).weights();

        double largestShift = 0;
        double halfError = 0;
        double fullError = 0;
        int differing = 0;
        int scored = 0;
        for (Series s : stations) {
            KeyForecaster half = new KeyForecaster(weights);
            FullPrecision full = new FullPrecision(weights);
            KeyState state = half.newState();
            int split = HoldoutEvaluation.splitIndex(s, TRAIN);
            for (int i = 0; i < s.length() - 1; i++) {
                long next = s.windowStart(i + 1);
                double h = half.observe(state, s.value(i), next);
                double f = full.observe(s.value(i), next);
                if (i + 1 >= split) {
                    largestShift = Math.max(largestShift, Math.abs(h - f) / state.getScaler().std());
                    halfError += Math.abs(h - s.value(i + 1));
                    fullError += Math.abs(f - s.value(i + 1));
                    differing += h != f ? 1 : 0;
                    scored++;
                }
            }
        }
        assertThat(differing).as("forecasts the rounding moved (it is in effect)").isGreaterThan(scored / 2);
        assertThat(largestShift).as("largest move, in deviations of the key").isLessThan(0.002);
        assertThat(halfError / fullError).as("held-out MAE, half over full precision").isBetween(0.9999, 1.0001);
    }

    @Test
    void aValueBeyondAHalfsRangeIsKeptAtItsBoundNotInfinite() {
        KeyState state = new KeyState(2);
        state.writeLstm(new float[] {1e6f, -0.3f}, new float[] {-1e9f, 1f / 3});
        float[] h = new float[2];
        float[] c = new float[2];
        state.readLstm(h, c);
        assertThat(h).containsExactly(HalfFloats.MAX, -0.30004883f);
        assertThat(c).containsExactly(-HalfFloats.MAX, 0.33325195f);
    }

    @Test
    void fullPrecisionStateOfTheLayoutBeforeIsSteppedFromThenKeptInHalves() {
        KeyState state = new KeyState();
        state.setHidden(new float[] {0.1f, 0.2f});
        state.setCell(new float[] {0.3f, 0.4f});
        float[] h = new float[2];
        float[] c = new float[2];
        state.readLstm(h, c);
        assertThat(h).containsExactly(0.1f, 0.2f);
        assertThat(c).containsExactly(0.3f, 0.4f);
        state.writeLstm(h, c);
        assertThat(state.getHidden()).isNull();
        assertThat(state.getHalfHidden()).hasSize(2);
        assertThat(state.lstmSize()).isEqualTo(2);
    }

    /** The reference: the same rule as {@link KeyForecaster} with the state in floats throughout. */
    private static final class FullPrecision {
        private final LstmStepper stepper;
        private final LstmWeights weights;
        private final RunningScaler scaler = new RunningScaler();
        private final float[] h;
        private final float[] c;
        private final float[] input;

        FullPrecision(LstmWeights weights) {
            this.weights = weights;
            this.stepper = new LstmStepper(weights);
            this.h = new float[stepper.stateSize()];
            this.c = new float[stepper.stateSize()];
            this.input = new float[weights.config().features().size()];
        }

        double observe(double value, long nextWindowStart) {
            scaler.observe(weights.scaling(), value);
            float scaled = scaler.scale(weights.scaling(), value);
            weights.config().features().encode(scaled, nextWindowStart, input);
            return scaler.unscale(scaled + stepper.step(input, h, c));
        }
    }
}
