package dev.sonicsaviors.dsp.noise;

import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Seeded white, pink and brown noise generators returning {@code n} samples with unit RMS (exactly, up to float rounding).
 *
 * <p>Pink and brown noise are made by spectral shaping: Gaussian white noise is transformed with a real FFT, bin {@code k} is scaled by
 * {@code k^(-a/2)} (so the power falls as {@code 1/f^a}), the DC bin is zeroed (no offset, no drift) and the result is transformed back
 * and rescaled to unit RMS. The same seed always gives the same samples.
 */
public final class ColoredNoise {

    private ColoredNoise() {
    }

    /** Returns {@code n} samples of Gaussian white noise with unit RMS from {@code seed}. */
    public static float[] white(int n, long seed) {
        return generate(NoiseColor.WHITE, n, seed);
    }

    /** Returns {@code n} samples of pink noise (power 1/f, -3 dB/octave) with unit RMS and zero mean from {@code seed}. */
    public static float[] pink(int n, long seed) {
        return generate(NoiseColor.PINK, n, seed);
    }

    /** Returns {@code n} samples of brown noise (power 1/f^2, -6 dB/octave) with unit RMS and zero mean from {@code seed}. */
    public static float[] brown(int n, long seed) {
        return generate(NoiseColor.BROWN, n, seed);
    }

    /** Returns {@code n} samples of noise of the given colour with unit RMS from {@code seed} ({@code n = 0} gives an empty array). */
    public static float[] generate(NoiseColor color, int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("length must be non-negative: " + n);
        }
        if (n == 0) {
            return new float[0];
        }
        SplittableRandom rng = new SplittableRandom(seed);
        if (color == NoiseColor.WHITE) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextGaussian();
            }
            return toUnitRms(x, n);
        }
        // even working length keeps JTransforms' packed layout simple; the extra sample is dropped
        int m = n + (n & 1);
        if (m < 4) {
            m = 4;
        }
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = rng.nextGaussian();
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(m);
        fft.realForward(x);
        double half = color.exponent() / 2.0;
        x[0] = 0.0; // DC
        x[1] *= Math.pow(m / 2.0, -half); // Nyquist (real)
        for (int k = 1; k < m / 2; k++) {
            double g = Math.pow(k, -half);
            x[2 * k] *= g;
            x[2 * k + 1] *= g;
        }
        fft.realInverse(x, false);
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[i];
        }
        mean /= n;
        for (int i = 0; i < n; i++) {
            x[i] -= mean;
        }
        return toUnitRms(x, n);
    }

    private static float[] toUnitRms(double[] x, int n) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += x[i] * x[i];
        }
        double scale = ss > 0 ? 1.0 / Math.sqrt(ss / n) : 0.0;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (x[i] * scale);
        }
        return out;
    }
}
