package dev.sonicsaviors.dsp;

import java.util.SplittableRandom;

/**
 * Griffin-Lim phase reconstruction with momentum ("fast Griffin-Lim") as librosa 0.11 {@code griffinlim} with {@code init='random'}:
 * each iteration rebuilds {@code stft(istft(S * angles))}, subtracts {@code momentum / (1 + momentum)} times the previous rebuild and
 * normalises to unit modulus. Computation is in double.
 */
public final class GriffinLim {

    private static final double EPS = Float.MIN_NORMAL;

    private GriffinLim() {
    }

    /**
     * Returns a signal of {@code length} samples whose STFT magnitude approximates {@code magnitude} ({@code [bin][frame]}), starting from
     * phases {@code 2 pi U} with {@code U} drawn per {@code [bin][frame]} from {@code new SplittableRandom(seed).nextDouble()}.
     */
    public static float[] reconstruct(float[][] magnitude, Stft stft, int length, int nIter, double momentum, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int nf = magnitude.length == 0 ? 0 : magnitude[0].length;
        double[][] u = new double[magnitude.length][nf];
        for (double[] row : u) {
            for (int t = 0; t < nf; t++) {
                row[t] = rng.nextDouble();
            }
        }
        return reconstruct(magnitude, stft, length, nIter, momentum, u);
    }

    /**
     * Returns a signal of {@code length} samples whose STFT magnitude approximates {@code magnitude} ({@code [bin][frame]}), starting from
     * phases {@code 2 pi U} with {@code initialUniform} = U given as {@code [bin][frame]} values in [0, 1).
     *
     * @throws IllegalArgumentException if the shapes disagree with {@code stft} or with {@code stft.frames(length)}
     */
    public static float[] reconstruct(float[][] magnitude, Stft stft, int length, int nIter, double momentum, double[][] initialUniform) {
        int nb = stft.bins();
        int nFft = stft.nFft();
        if (magnitude.length != nb || initialUniform.length != nb) {
            throw new IllegalArgumentException("magnitude and initial phases need " + nb + " bins");
        }
        int nf = magnitude[0].length;
        if (stft.frames(length) != nf) {
            throw new IllegalArgumentException(length + " samples give " + stft.frames(length) + " frames, magnitude has " + nf);
        }
        if (nIter < 0) {
            throw new IllegalArgumentException("nIter must be non-negative");
        }
        double[][] mag = new double[nf][nb];
        double[][] ar = new double[nf][nb];
        double[][] ai = new double[nf][nb];
        for (int k = 0; k < nb; k++) {
            if (magnitude[k].length != nf || initialUniform[k].length != nf) {
                throw new IllegalArgumentException("ragged input at bin " + k);
            }
            for (int t = 0; t < nf; t++) {
                mag[t][k] = magnitude[k][t];
                double ph = 2.0 * Math.PI * initialUniform[k][t];
                ar[t][k] = Math.cos(ph);
                ai[t][k] = Math.sin(ph);
            }
        }
        double[][] spec = new double[nf][nFft];
        double[][] rebuilt = new double[nf][nFft];
        double[][] tprev = new double[nf][nFft];
        boolean havePrev = false;
        double[] y = new double[length];
        double c = momentum / (1.0 + momentum);
        for (int it = 0; it < nIter; it++) {
            pack(mag, ar, ai, spec, nb);
            stft.inversePacked(spec, length, y);
            for (int t = 0; t < nf; t++) {
                stft.frameSpectrum(y, t, rebuilt[t]);
            }
            for (int t = 0; t < nf; t++) {
                double[] r = rebuilt[t];
                double[] p = tprev[t];
                double[] re = ar[t];
                double[] im = ai[t];
                for (int k = 0; k < nb; k++) {
                    double a;
                    double b;
                    if (k == 0) {
                        a = r[0];
                        b = 0;
                        if (havePrev) {
                            a -= c * p[0];
                        }
                    } else if (k == nb - 1) {
                        a = r[1];
                        b = 0;
                        if (havePrev) {
                            a -= c * p[1];
                        }
                    } else {
                        a = r[2 * k];
                        b = r[2 * k + 1];
                        if (havePrev) {
                            a -= c * p[2 * k];
                            b -= c * p[2 * k + 1];
                        }
                    }
                    double d = Math.sqrt(a * a + b * b) + EPS;
                    re[k] = a / d;
                    im[k] = b / d;
                }
            }
            double[][] swap = tprev;
            tprev = rebuilt;
            rebuilt = swap;
            havePrev = true;
        }
        pack(mag, ar, ai, spec, nb);
        stft.inversePacked(spec, length, y);
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }

    private static void pack(double[][] mag, double[][] ar, double[][] ai, double[][] spec, int nb) {
        for (int t = 0; t < spec.length; t++) {
            double[] s = spec[t];
            double[] m = mag[t];
            s[0] = m[0] * ar[t][0];
            s[1] = m[nb - 1] * ar[t][nb - 1];
            for (int k = 1; k < nb - 1; k++) {
                s[2 * k] = m[k] * ar[t][k];
                s[2 * k + 1] = m[k] * ai[t][k];
            }
        }
    }
}
