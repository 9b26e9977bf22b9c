package dev.sonicsaviors.dsp;

import java.util.Arrays;

/**
 * Pitch period of a signal frame by frame, by normalised autocorrelation: for the frame centred at {@code t * hop} samples,
 * the window {@code a} of {@code window} samples around the centre is correlated with itself shifted by each lag {@code T}
 * in [{@code minLag}, {@code maxLag}] samples, {@code r(T) = sum a[n] x[n + T] / sqrt(sum a[n]^2 sum x[n + T]^2)} (samples
 * outside the signal count as 0), and the lag with the highest {@code r} is the frame's period; {@code r} itself, in [-1, 1],
 * says how periodic the frame is (about 1 for a voiced vowel, near 0 for noise and silence). The correlations of all lags
 * come from one FFT product per frame ({@link RealFft}).
 *
 * <p>Instances hold scratch buffers and are <b>not thread-safe</b>; use one per thread.
 */
public final class PitchTracker {

    /**
     * Per-frame result.
     *
     * @param lags the period of each frame in samples, in [{@code minLag}, {@code maxLag}]
     * @param correlations the normalised correlation at that lag, in [-1, 1] (0 for a silent frame)
     */
    public record Track(int[] lags, float[] correlations) {
        /** Copies the arrays and checks that they have the same length. */
        public Track {
            if (lags.length != correlations.length) {
                throw new IllegalArgumentException("lags and correlations differ in length");
            }
            lags = lags.clone();
            correlations = correlations.clone();
        }

        /** Returns a copy of the lags in samples. */
        @Override
        public int[] lags() {
            return lags.clone();
        }

        /** Returns a copy of the correlations. */
        @Override
        public float[] correlations() {
            return correlations.clone();
        }

        /** Equality by value. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Track t && Arrays.equals(t.lags, lags) && Arrays.equals(t.correlations, correlations);
        }

        /** Hash by value. */
        @Override
        public int hashCode() {
            return Arrays.hashCode(lags) * 31 + Arrays.hashCode(correlations);
        }

        /** Returns the frame count. */
        @Override
        public String toString() {
            return "Track[" + lags.length + " frames]";
        }
    }

    private final int window;
    private final int minLag;
    private final int maxLag;
    private final RealFft fft;
    private final double[] a;
    private final double[] b;
    private final double[] prefix;

    /**
     * Creates a tracker correlating {@code window} samples (even, at least 2) over lags {@code minLag..maxLag} samples
     * ({@code 1 <= minLag <= maxLag}).
     */
    public PitchTracker(int window, int minLag, int maxLag) {
        if (window < 2 || window % 2 != 0 || minLag < 1 || maxLag < minLag) {
            throw new IllegalArgumentException("need an even window >= 2 and 1 <= minLag <= maxLag");
        }
        this.window = window;
        this.minLag = minLag;
        this.maxLag = maxLag;
        int size = Integer.highestOneBit(window + maxLag - 1) << 1;
        this.fft = new RealFft(size);
        this.a = new double[size];
        this.b = new double[size];
        this.prefix = new double[window + maxLag + 1];
    }

    /** Returns the lag range's lower end in samples. */
    public int minLag() {
        return minLag;
    }

    /** Returns the lag range's upper end in samples. */
    public int maxLag() {
        return maxLag;
    }

    /** Returns the period and periodicity of {@code frames} frames of {@code x}, frame {@code t} centred at {@code t * hop} samples. */
    public Track track(float[] x, int hop, int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("need frames >= 0");
        }
        boolean[] all = new boolean[frames];
        Arrays.fill(all, true);
        return track(x, hop, all);
    }

    /**
     * Same as {@link #track(float[], int, int)} for the frames whose {@code wanted} entry is true (one frame per entry); the
     * others get {@code minLag} and correlation 0 without being computed.
     */
    public Track track(float[] x, int hop, boolean[] wanted) {
        if (hop < 1) {
            throw new IllegalArgumentException("need hop >= 1");
        }
        int frames = wanted.length;
        int[] lags = new int[frames];
        float[] corr = new float[frames];
        Arrays.fill(lags, minLag);
        for (int t = 0; t < frames; t++) {
            if (!wanted[t]) {
                continue;
            }
            long start = (long) t * hop - window / 2;
            double best = frame(x, start);
            lags[t] = bestLag;
            corr[t] = (float) best;
        }
        return new Track(lags, corr);
    }

    private int bestLag;

    /** Correlates the frame starting at sample {@code start}; sets {@link #bestLag} and returns its correlation. */
    private double frame(float[] x, long start) {
        int size = a.length;
        int span = window + maxLag;
        Arrays.fill(a, 0);
        Arrays.fill(b, 0);
        prefix[0] = 0;
        for (int n = 0; n < span; n++) {
            long i = start + n;
            double v = i >= 0 && i < x.length ? x[(int) i] : 0;
            b[n] = v;
            if (n < window) {
                a[n] = v;
            }
            prefix[n + 1] = prefix[n] + v * v;
        }
        double ea = prefix[window];
        bestLag = minLag;
        if (!(ea > 1e-20)) {
            return 0;
        }
        fft.forward(a);
        fft.forward(b);
        // conj(A) B in the packed layout: DC and Nyquist are real.
        b[0] *= a[0];
        b[1] *= a[1];
        for (int k = 2; k < size; k += 2) {
            double ar = a[k];
            double ai = a[k + 1];
            double br = b[k];
            double bi = b[k + 1];
            b[k] = ar * br + ai * bi;
            b[k + 1] = ar * bi - ai * br;
        }
        fft.inverse(b);
        double best = -2;
        for (int lag = minLag; lag <= maxLag; lag++) {
            double eb = prefix[lag + window] - prefix[lag];
            double r = eb > 1e-20 ? b[lag] / Math.sqrt(ea * eb) : 0;
            if (r > best) {
                best = r;
                bestLag = lag;
            }
        }
        return Math.max(-1, Math.min(1, best));
    }
}
