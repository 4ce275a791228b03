package io.streamcast.model.training;

import io.streamcast.model.lstm.LstmConfig;
import java.io.Serializable;

/**
 * How training windows are drawn from every key's bars.
 *
 * @param windowBars steps per training window
 * @param fraction the share of each key's steps that go into training windows, in (0, 1]: at 1
 *     the windows follow each other without a gap; below, a key waits a seeded random number of
 *     steps between windows, so the trainer receives about {@code fraction} of all bars
 * @param seed the seed of those draws (and of the pool's priorities)
 */
public record SampleSpec(int windowBars, double fraction, long seed) implements Serializable {

    public SampleSpec {
        if (windowBars < 2) {
            throw new IllegalArgumentException("a training window needs 2 steps at least, was " + windowBars);
        }
        requireFraction(fraction);
    }

    /** @throws IllegalArgumentException unless {@code fraction} is a share of steps, in (0, 1] */
    public static void requireFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the training sample must be in (0, 1], was " + fraction);
        }
    }

    /**
     * Windows for {@code config}'s network: two truncated-BPTT segments, so that the state carried
     * from the first into the second is trained too.
     */
    public static SampleSpec forTraining(LstmConfig config, double fraction) {
        return new SampleSpec(2 * config.tbpttLength(), fraction, config.seed());
    }

    /**
     * The chance that a key not in a window starts one at a step: with windows of L steps and a
     * wait of 1/p steps on average between them, L / (L + 1/p) of the steps are sampled.
     */
    double startProbability() {
        return fraction >= 1 ? 1 : Math.min(1, fraction / (windowBars * (1 - fraction)));
    }
}
