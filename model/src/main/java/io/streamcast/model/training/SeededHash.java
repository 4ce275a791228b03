package io.streamcast.model.training;

/**
 * A deterministic hash of (seed, key, time): the same draw in every run, on every subtask, at
 * any parallelism, which is what makes the training sample reproducible in a replay.
 */
public final class SeededHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private SeededHash() {}

    public static long of(long seed, String key, long time) {
        long h = FNV_OFFSET ^ seed;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * FNV_PRIME;
        }
        return mix(mix(h) ^ time);
    }

    /** The same hash as a uniform draw in [0, 1). */
    static double unit(long seed, String key, long time) {
        return (of(seed, key, time) >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finaliser: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
