package dev.sonicsaviors.dsp.noise;

import java.util.SplittableRandom;

/** Seeded Gaussian noise on feature arrays (the seed project's feature-level noise). */
public final class FeatureNoise {

    private FeatureNoise() {
    }

    /** Returns {@code x + N(0, sigma^2)} element by element for an array {@code [row][col]} drawn row-major from {@code seed}; {@code x} is unchanged. */
    public static float[][] addGaussian(float[][] x, double sigma, long seed) {
        return addGaussianClipped(x, sigma, seed, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** Returns {@code clip(x + N(0, sigma^2), lo, hi)} element by element for an array {@code [row][col]}, drawn row-major from {@code seed}. */
    public static float[][] addGaussianClipped(float[][] x, double sigma, long seed, double lo, double hi) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sigma must be non-negative: " + sigma);
        }
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("empty clip range [" + lo + ", " + hi + "]");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] out = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            float[] in = x[r];
            float[] o = new float[in.length];
            for (int c = 0; c < in.length; c++) {
                double v = in[c] + sigma * rng.nextGaussian();
                o[c] = (float) Math.min(hi, Math.max(lo, v));
            }
            out[r] = o;
        }
        return out;
    }
}
