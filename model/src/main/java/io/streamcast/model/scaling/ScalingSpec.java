package io.streamcast.model.scaling;

/**
 * The per-key scaling convention, exported with the weights so inference scales exactly as
 * training did.
 *
 * @param span the exponentially weighted statistics' span in bars (alpha = 2 / (span + 1))
 * @param clip scaled values are clipped to [-clip, clip], so a sudden level shift cannot push
 *     the network far outside the range it was trained on
 */
public record ScalingSpec(int span, float clip) implements java.io.Serializable {

    public ScalingSpec {
        if (span < 2 || span > 1_000_000) {
            throw new IllegalArgumentException("span must be in [2, 1000000], was " + span);
        }
        if (!(clip >= 1 && clip <= 1000)) {
            throw new IllegalArgumentException("clip must be in [1, 1000], was " + clip);
        }
    }

    public static ScalingSpec defaults() {
        return new ScalingSpec(64, 8f);
    }

    public double alpha() {
        return 2.0 / (span + 1);
    }
}
