package dev.sonicsaviors.dsp;

/**
 * A mel filter bank identical to librosa 0.11 {@code filters.mel(sr, n_fft, n_mels)} with defaults (fmin 0 Hz, fmax sr/2, Slaney mel
 * scale, {@code norm='slaney'}, float32 weights), stored sparsely as each band's non-zero bin range. Immutable and thread-safe.
 */
public final class MelFilterBank {

    private static final double F_SP = 200.0 / 3.0;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    private final int bins;
    private final int[] start;
    private final float[][] w;
    private final double[][] wd;
    /**
     * The bank by runs of bins ("segments") that lie in the same one or two bands, or {@code null} when some bin lies in three or
     * more bands: segment {@code s} covers bins {@code [segStart[s], segEnd[s])} and feeds bands {@code segBandA[s]} with
     * weights {@code weightA[k]} and {@code segBandB[s]} with {@code weightB[k]} (zero, and band B = band A, for a single band).
     */
    private final int[] segStart;
    private final int[] segEnd;
    private final int[] segBandA;
    private final int[] segBandB;
    private final double[] weightA;
    private final double[] weightB;

    private MelFilterBank(int bins, int[] start, float[][] w) {
        this.bins = bins;
        this.start = start;
        this.w = w;
        this.wd = new double[w.length][];
        for (int b = 0; b < w.length; b++) {
            wd[b] = new double[w[b].length];
            for (int i = 0; i < w[b].length; i++) {
                wd[b][i] = w[b][i];
            }
        }
        int[] bandA = new int[bins];
        int[] bandB = new int[bins];
        double[] wa = new double[bins];
        double[] wb = new double[bins];
        java.util.Arrays.fill(bandA, -1);
        java.util.Arrays.fill(bandB, -1);
        boolean twoAtMost = true;
        for (int b = 0; b < w.length && twoAtMost; b++) {
            for (int i = 0; i < w[b].length; i++) {
                int k = start[b] + i;
                if (w[b][i] == 0f) {
                    continue;
                }
                if (bandA[k] < 0) {
                    bandA[k] = b;
                    wa[k] = w[b][i];
                } else if (bandB[k] < 0) {
                    bandB[k] = b;
                    wb[k] = w[b][i];
                } else {
                    twoAtMost = false;
                    break;
                }
            }
        }
        if (!twoAtMost) {
            this.segStart = null;
            this.segEnd = null;
            this.segBandA = null;
            this.segBandB = null;
            this.weightA = null;
            this.weightB = null;
            return;
        }
        int[] lo = new int[bins];
        int[] hi = new int[bins];
        int[] sa = new int[bins];
        int[] sb = new int[bins];
        int n = 0;
        for (int k = 0; k < bins; k++) {
            if (bandA[k] < 0) {
                continue;
            }
            int second = Math.max(bandB[k], bandA[k]);
            if (n > 0 && hi[n - 1] == k && sa[n - 1] == bandA[k] && sb[n - 1] == second) {
                hi[n - 1] = k + 1;
            } else {
                lo[n] = k;
                hi[n] = k + 1;
                sa[n] = bandA[k];
                sb[n] = second;
                n++;
            }
        }
        this.segStart = java.util.Arrays.copyOf(lo, n);
        this.segEnd = java.util.Arrays.copyOf(hi, n);
        this.segBandA = java.util.Arrays.copyOf(sa, n);
        this.segBandB = java.util.Arrays.copyOf(sb, n);
        this.weightA = wa;
        this.weightB = wb;
    }

    /** Converts a frequency in Hz to Slaney mel. */
    static double hzToMel(double hz) {
        if (hz >= MIN_LOG_HZ) {
            return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
        }
        return hz / F_SP;
    }

    /** Converts a Slaney mel value to Hz. */
    static double melToHz(double mel) {
        if (mel >= MIN_LOG_MEL) {
            return MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
        }
        return F_SP * mel;
    }

    /** Builds the Slaney-normalised mel filter bank of {@code nMels} bands over {@code nFft / 2 + 1} bins for {@code sampleRate} Hz. */
    public static MelFilterBank slaney(int sampleRate, int nFft, int nMels) {
        if (sampleRate <= 0 || nFft <= 0 || nMels <= 0) {
            throw new IllegalArgumentException("sampleRate, nFft and nMels must be positive");
        }
        int nb = nFft / 2 + 1;
        double[] fft = new double[nb];
        double fmax = sampleRate / 2.0;
        double val = 1.0 / (nFft * (1.0 / sampleRate));
        for (int k = 0; k < nb; k++) {
            fft[k] = k * val;
        }
        double melMax = hzToMel(fmax);
        double[] melF = new double[nMels + 2];
        double step = melMax / (nMels + 1);
        for (int i = 0; i < nMels + 2; i++) {
            melF[i] = melToHz(i == nMels + 1 ? melMax : i * step);
        }
        int[] start = new int[nMels];
        float[][] weights = new float[nMels][];
        for (int m = 0; m < nMels; m++) {
            double fLow = melF[m + 1] - melF[m];
            double fUp = melF[m + 2] - melF[m + 1];
            double enorm = 2.0 / (melF[m + 2] - melF[m]);
            float[] row = new float[nb];
            int first = -1;
            int last = -1;
            for (int k = 0; k < nb; k++) {
                double lower = (fft[k] - melF[m]) / fLow;
                double upper = (melF[m + 2] - fft[k]) / fUp;
                double v = Math.max(0.0, Math.min(lower, upper));
                float f = (float) ((float) v * enorm);
                row[k] = f;
                if (f != 0f) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                start[m] = 0;
                weights[m] = new float[0];
            } else {
                start[m] = first;
                weights[m] = java.util.Arrays.copyOfRange(row, first, last + 1);
            }
        }
        return new MelFilterBank(nb, start, weights);
    }

    /** Returns the number of mel bands. */
    public int bands() {
        return w.length;
    }

    /** Returns the number of frequency bins the bank expects. */
    public int bins() {
        return bins;
    }

    /** Returns the first non-zero bin of {@code band}. */
    public int firstBin(int band) {
        return start[band];
    }

    /** Returns a copy of the non-zero weights of {@code band}, starting at {@link #firstBin(int)}. */
    public float[] bandWeights(int band) {
        return w[band].clone();
    }

    /** Returns the dense weight matrix {@code [band][bin]} (a new array, units 1/Hz). */
    public float[][] weights() {
        float[][] d = new float[w.length][bins];
        for (int b = 0; b < w.length; b++) {
            System.arraycopy(w[b], 0, d[b], start[b], w[b].length);
        }
        return d;
    }

    /** Returns the mel spectrogram {@code weights @ power}, {@code [band][frame]}, of a power spectrogram {@code [bin][frame]}. */
    public float[][] apply(float[][] power) {
        if (power.length != bins) {
            throw new IllegalArgumentException("power has " + power.length + " bins, expected " + bins);
        }
        int nf = power.length == 0 ? 0 : power[0].length;
        float[][] out = new float[w.length][nf];
        double[] acc = new double[nf];
        for (int b = 0; b < w.length; b++) {
            java.util.Arrays.fill(acc, 0.0);
            double[] wb = wd[b];
            int s = start[b];
            for (int i = 0; i < wb.length; i++) {
                double c = wb[i];
                float[] row = power[s + i];
                for (int t = 0; t < nf; t++) {
                    acc[t] += c * row[t];
                }
            }
            for (int t = 0; t < nf; t++) {
                out[b][t] = (float) acc[t];
            }
        }
        return out;
    }

    /** Applies the bank to one frame's power spectrum {@code power[0..bins)}, writing band energies to {@code out[0..bands)}. */
    void applyFrame(double[] power, double[] out) {
        if (segStart == null) {
            applyFrameByBand(power, out);
            return;
        }
        // One pass over the bins: each bin feeds at most two bands, so one loop per segment with two running sums (fewer loop
        // exits and loads than one loop per band).
        java.util.Arrays.fill(out, 0, wd.length, 0.0);
        double[] wa = weightA;
        double[] wb = weightB;
        for (int s = 0; s < segBandA.length; s++) {
            double a = 0;
            double b = 0;
            for (int k = segStart[s]; k < segEnd[s]; k++) {
                double v = power[k];
                a += wa[k] * v;
                b += wb[k] * v;
            }
            out[segBandA[s]] += a;
            out[segBandB[s]] += b;
        }
    }

    /** {@link #applyFrame} one band at a time (any bank). */
    void applyFrameByBand(double[] power, double[] out) {
        for (int b = 0; b < wd.length; b++) {
            double[] wb = wd[b];
            int s = start[b];
            // Four independent partial sums so the adds do not wait on each other.
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            int i = 0;
            int n = wb.length;
            for (; i + 3 < n; i += 4) {
                a0 += wb[i] * power[s + i];
                a1 += wb[i + 1] * power[s + i + 1];
                a2 += wb[i + 2] * power[s + i + 2];
                a3 += wb[i + 3] * power[s + i + 3];
            }
            for (; i < n; i++) {
                a0 += wb[i] * power[s + i];
            }
            out[b] = (a0 + a1) + (a2 + a3);
        }
    }

    /** Returns the band weights as doubles (shared, do not modify) for internal solvers. */
    double[][] weightsSparseDouble() {
        return wd;
    }

    /** Returns the first-bin array (shared, do not modify) for internal solvers. */
    int[] starts() {
        return start;
    }
}
