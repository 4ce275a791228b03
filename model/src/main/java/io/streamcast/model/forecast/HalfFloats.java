package io.streamcast.model.forecast;

import org.bytedeco.javacpp.indexer.HalfIndexer;

/**
 * IEEE 754 half precision (JavaCPP's conversion, which ND4J brings; Java 17 has none) for what a
 * key keeps between windows: half the bytes of a float, 11 significant bits (a relative rounding
 * of at most 2^-11, 4.9e-4), round to nearest.
 *
 * <p>Values beyond a half's range (65,504) are kept at its bound, so a finite float never becomes
 * an infinite half; NaN stays NaN.
 */
final class HalfFloats {

    static final float MAX = 65504f;

    private HalfFloats() {}

    static short toHalf(float value) {
        return (short) HalfIndexer.fromFloat(Math.max(-MAX, Math.min(MAX, value)));
    }

    static float toFloat(short half) {
        return HalfIndexer.toFloat(half);
    }

    static void toHalves(float[] from, short[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] = toHalf(from[i]);
        }
    }

    static void toFloats(short[] from, float[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] = toFloat(from[i]);
        }
    }
}
