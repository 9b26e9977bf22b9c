package dev.sonicsaviors.dsp.noise;

import java.util.SplittableRandom;

/** Seeded speech-like test signals for tests and benchmarks (no recordings needed). */
public final class SyntheticSpeech {
    private SyntheticSpeech() {
    }

    /**
     * Returns {@code n} samples at {@code rate} Hz of a voiced, speech-like signal: 12 harmonics (1/h amplitudes) of a pitch
     * drawn from [110, 170) Hz by the seed, gliding +-10 % at 0.7 Hz, under a 2.5 Hz syllable envelope with pauses; peak
     * about 0.6.
     */
    public static float[] voiced(int n, int rate, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double f0 = 110 + 60 * rng.nextDouble();
        float[] x = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            phase += 2 * Math.PI * f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 0.7 * t)) / rate;
            double env = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t));
            double v = 0;
            for (int h = 1; h <= 12; h++) {
                v += Math.sin(h * phase) / h;
            }
            x[i] = (float) (0.2 * env * v);
        }
        return x;
    }
}
