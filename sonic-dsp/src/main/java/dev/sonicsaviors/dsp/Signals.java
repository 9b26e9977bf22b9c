package dev.sonicsaviors.dsp;

import java.util.Arrays;

/** Small helpers on sample arrays. */
public final class Signals {

    private Signals() {
    }

    /** Returns a copy of {@code x} cut to or zero-padded at the end to {@code n} samples, as {@code librosa.util.fix_length}. */
    public static float[] fixLength(float[] x, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("length must be non-negative: " + n);
        }
        return Arrays.copyOf(x, n);
    }
}
