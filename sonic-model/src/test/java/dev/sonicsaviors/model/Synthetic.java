package dev.sonicsaviors.model;

import java.util.SplittableRandom;

/** Seeded synthetic "hybrids": smooth structured clean images in [0, 1] plus clipped Gaussian noise. */
final class Synthetic {
    final float[] clean;
    final float[] noisy;

    Synthetic(int n, int rows, int frames, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        clean = new float[n * rows * frames];
        noisy = new float[clean.length];
        for (int e = 0; e < n; e++) {
            double f0 = 1 + r.nextDouble() * 3;
            double phase = r.nextDouble() * Math.PI * 2;
            double rate = 0.1 + r.nextDouble() * 0.3;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < frames; j++) {
                    double harmonic = Math.cos(2 * Math.PI * f0 * i / rows + phase);
                    double envelope = 0.5 + 0.5 * Math.sin(rate * j + phase);
                    double v = 0.5 + 0.35 * harmonic * envelope;
                    int k = (e * rows + i) * frames + j;
                    clean[k] = (float) v;
                    noisy[k] = (float) Math.min(1, Math.max(0, v + r.nextGaussian() * noise));
                }
            }
        }
    }

    static double mse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s / a.length;
    }
}
