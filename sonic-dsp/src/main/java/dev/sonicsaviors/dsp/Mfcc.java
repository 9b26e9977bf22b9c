package dev.sonicsaviors.dsp;

/** MFCCs from a dB mel spectrogram: orthonormal DCT-II along the band axis, first {@code nMfcc} coefficients (scipy {@code dct(norm='ortho')}). Immutable. */
public final class Mfcc {

    private final int nMels;
    private final int nMfcc;
    private final double[][] dct;

    /** Creates a transform of {@code nMels} dB bands into {@code nMfcc} coefficients (precomputed DCT matrix). */
    public Mfcc(int nMels, int nMfcc) {
        if (nMels <= 0 || nMfcc <= 0 || nMfcc > nMels) {
            throw new IllegalArgumentException("need 0 < nMfcc <= nMels, got nMels=" + nMels + ", nMfcc=" + nMfcc);
        }
        this.nMels = nMels;
        this.nMfcc = nMfcc;
        this.dct = new double[nMfcc][nMels];
        for (int k = 0; k < nMfcc; k++) {
            double s = k == 0 ? Math.sqrt(1.0 / nMels) : Math.sqrt(2.0 / nMels);
            for (int n = 0; n < nMels; n++) {
                dct[k][n] = s * Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * nMels));
            }
        }
    }

    /** Returns the number of mel bands expected. */
    public int nMels() {
        return nMels;
    }

    /** Returns the number of coefficients produced. */
    public int nMfcc() {
        return nMfcc;
    }

    /** Returns the MFCCs {@code [coef][frame]} of a dB mel spectrogram {@code [band][frame]}. */
    public float[][] fromDb(float[][] melDb) {
        if (melDb.length != nMels) {
            throw new IllegalArgumentException("melDb has " + melDb.length + " bands, expected " + nMels);
        }
        int nf = nMels == 0 ? 0 : melDb[0].length;
        float[][] out = new float[nMfcc][nf];
        double[] acc = new double[nf];
        fromDbInto(melDb, acc, out, 0);
        return out;
    }

    /**
     * Writes the MFCCs of {@code melDb [band][frame]} (doubles, first {@code nf} frames) into rows {@code rowOffset..} of {@code out},
     * using the DCT's symmetry {@code dct[k][nMels-1-n] = (-1)^k dct[k][n]}: band sums and differences {@code [nMels/2][nf]} go
     * to {@code sum} and {@code diff} (overwritten), then even coefficients use the sums and odd ones the differences;
     * {@code acc} (at least {@code nf} long) is scratch.
     */
    void fromDbInto(double[][] melDb, int nf, double[][] sum, double[][] diff, double[] acc, float[][] out, int rowOffset) {
        int half = nMels / 2;
        for (int n = 0; n < half; n++) {
            double[] lo = melDb[n];
            double[] hi = melDb[nMels - 1 - n];
            double[] s = sum[n];
            double[] d = diff[n];
            for (int t = 0; t < nf; t++) {
                s[t] = lo[t] + hi[t];
                d[t] = lo[t] - hi[t];
            }
        }
        for (int k = 0; k < nMfcc; k++) {
            double[][] src = (k & 1) == 0 ? sum : diff;
            double[] row = dct[k];
            float[] o = out[rowOffset + k];
            // The middle band of an odd nMels pairs with itself: weight dct[k][half] (zero up to rounding for odd k).
            if ((nMels & 1) == 1) {
                double c = row[half];
                double[] x = melDb[half];
                for (int t = 0; t < nf; t++) {
                    acc[t] = c * x[t];
                }
            } else {
                java.util.Arrays.fill(acc, 0, nf, 0.0);
            }
            for (int n = 0; n < half; n++) {
                double c = row[n];
                double[] x = src[n];
                for (int t = 0; t < nf; t++) {
                    acc[t] += c * x[t];
                }
            }
            for (int t = 0; t < nf; t++) {
                o[t] = (float) acc[t];
            }
        }
    }

    /** Writes the MFCCs of {@code melDb [band][frame]} into rows {@code rowOffset..rowOffset+nMfcc} of {@code out}; {@code acc} is scratch (frames long). */
    void fromDbInto(float[][] melDb, double[] acc, float[][] out, int rowOffset) {
        int nf = melDb[0].length;
        for (int k = 0; k < nMfcc; k++) {
            java.util.Arrays.fill(acc, 0, nf, 0.0);
            double[] row = dct[k];
            for (int n = 0; n < nMels; n++) {
                double c = row[n];
                float[] x = melDb[n];
                for (int t = 0; t < nf; t++) {
                    acc[t] += c * x[t];
                }
            }
            float[] o = out[rowOffset + k];
            for (int t = 0; t < nf; t++) {
                o[t] = (float) acc[t];
            }
        }
    }

    /**
     * Inverts MFCCs {@code [coef][frame]} to a dB mel spectrogram {@code [band][frame]} as librosa's {@code mfcc_to_mel}
     * does before {@code db_to_power}: the orthonormal inverse DCT with the missing coefficients taken as zero.
     */
    public float[][] toMelDb(float[][] mfcc) {
        if (mfcc.length != nMfcc) {
            throw new IllegalArgumentException("mfcc has " + mfcc.length + " coefficients, expected " + nMfcc);
        }
        int nf = mfcc[0].length;
        float[][] out = new float[nMels][nf];
        double[] acc = new double[nf];
        for (int n = 0; n < nMels; n++) {
            java.util.Arrays.fill(acc, 0.0);
            for (int k = 0; k < nMfcc; k++) {
                double c = dct[k][n];
                float[] x = mfcc[k];
                for (int t = 0; t < nf; t++) {
                    acc[t] += c * x[t];
                }
            }
            for (int t = 0; t < nf; t++) {
                out[n][t] = (float) acc[t];
            }
        }
        return out;
    }

    /** Converts dB values {@code [band][frame]} (ref 1.0) back to power, {@code 10^(dB/10)}, as librosa's {@code db_to_power}. */
    public static float[][] dbToPower(float[][] db) {
        float[][] out = new float[db.length][];
        for (int b = 0; b < db.length; b++) {
            out[b] = new float[db[b].length];
            for (int t = 0; t < db[b].length; t++) {
                out[b][t] = (float) Math.pow(10.0, db[b][t] / 10.0);
            }
        }
        return out;
    }
}
