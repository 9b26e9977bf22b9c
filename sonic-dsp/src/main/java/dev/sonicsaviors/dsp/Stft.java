package dev.sonicsaviors.dsp;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Centred short-time Fourier transform as librosa 0.11 {@code stft}/{@code istft} with default arguments: periodic Hann window of
 * {@code nFft} samples, zero padding of {@code nFft / 2} samples on both sides, plain (unnormalised) real FFT computed in double
 * ({@link RealFft} for power-of-two sizes, JTransforms otherwise).
 *
 * <p>Frame {@code t} covers padded samples {@code [t * hop, t * hop + nFft)}, i.e. signal samples starting at {@code t * hop - nFft / 2}.
 * Instances hold scratch buffers and are not thread-safe; use one per thread.
 */
public final class Stft {

    private final int nFft;
    private final int hop;
    private final int bins;
    private final double[] window;
    /** Fast transform for power-of-two sizes, else {@code null}. */
    private final RealFft rfft;
    /** JTransforms fallback for other even sizes, else {@code null}; both use the same packed layout. */
    private final DoubleFFT_1D fft;
    private final double[] scratch;

    /** Creates a transform of {@code nFft} samples (even) advancing {@code hopLength} samples per frame. */
    public Stft(int nFft, int hopLength) {
        if (nFft <= 0 || nFft % 2 != 0) {
            throw new IllegalArgumentException("nFft must be positive and even: " + nFft);
        }
        if (hopLength <= 0) {
            throw new IllegalArgumentException("hopLength must be positive: " + hopLength);
        }
        this.nFft = nFft;
        this.hop = hopLength;
        this.bins = nFft / 2 + 1;
        this.window = Window.hannPeriodic(nFft);
        boolean pow2 = Integer.bitCount(nFft) == 1;
        this.rfft = pow2 ? new RealFft(nFft) : null;
        this.fft = pow2 ? null : new DoubleFFT_1D(nFft);
        this.scratch = new double[nFft];
    }

    /** Returns the FFT size in samples. */
    public int nFft() {
        return nFft;
    }

    /** Returns the hop length in samples. */
    public int hopLength() {
        return hop;
    }

    /** Returns the number of one-sided bins, {@code nFft / 2 + 1}. */
    public int bins() {
        return bins;
    }

    /** Returns the number of centred frames of a signal of {@code signalLength} samples, {@code 1 + signalLength / hop}. */
    public int frames(int signalLength) {
        if (signalLength < 0) {
            throw new IllegalArgumentException("negative length");
        }
        return 1 + signalLength / hop;
    }

    /** Fills {@code buf} (nFft long) with the windowed frame {@code t} of {@code x} and replaces it by its packed real FFT (JTransforms layout). */
    void frameSpectrum(float[] x, int t, double[] buf) {
        windowedFrame(x, t, buf);
        realForward(buf);
    }

    /** Writes the power {@code |X_k|^2} of frame {@code t} of {@code x} into {@code out[0..bins)}, using {@code buf} (nFft long) as scratch. */
    void framePower(float[] x, int t, double[] buf, double[] out) {
        windowedFrame(x, t, buf);
        if (rfft != null) {
            rfft.forwardPower(buf, out);
        } else {
            fft.realForward(buf);
            packedPower(buf, out);
        }
    }

    /** Fills {@code buf} (nFft long) with the windowed, zero-padded frame {@code t} of {@code x}. */
    private void windowedFrame(float[] x, int t, double[] buf) {
        int start = t * hop - nFft / 2;
        int lo = Math.max(0, -start);
        int hi = Math.min(nFft, x.length - start);
        if (hi < lo) {
            hi = lo;
        }
        java.util.Arrays.fill(buf, 0, lo, 0.0);
        for (int j = lo; j < hi; j++) {
            buf[j] = x[start + j] * window[j];
        }
        java.util.Arrays.fill(buf, hi, nFft, 0.0);
    }

    /** Replaces {@code buf} by its packed real FFT. */
    private void realForward(double[] buf) {
        if (rfft != null) {
            rfft.forward(buf);
        } else {
            fft.realForward(buf);
        }
    }

    /** Same as {@link #frameSpectrum(float[], int, double[])} for a signal of doubles. */
    void frameSpectrum(double[] x, int t, double[] buf) {
        int start = t * hop - nFft / 2;
        int lo = Math.max(0, -start);
        int hi = Math.min(nFft, x.length - start);
        if (hi < lo) {
            hi = lo;
        }
        java.util.Arrays.fill(buf, 0, lo, 0.0);
        for (int j = lo; j < hi; j++) {
            buf[j] = x[start + j] * window[j];
        }
        java.util.Arrays.fill(buf, hi, nFft, 0.0);
        realForward(buf);
    }

    /** Writes the power {@code |X_k|^2} of a packed spectrum into {@code out[0..bins)}. */
    void packedPower(double[] packed, double[] out) {
        out[0] = packed[0] * packed[0];
        out[bins - 1] = packed[1] * packed[1];
        for (int k = 1; k < bins - 1; k++) {
            double a = packed[2 * k];
            double b = packed[2 * k + 1];
            out[k] = a * a + b * b;
        }
    }

    /** Returns the complex STFT of {@code signal}, {@code [bin][frame]}, {@code frames(signal.length)} frames. */
    public ComplexSpectrogram forward(float[] signal) {
        return forwardBand(signal, 0);
    }

    /**
     * Returns bins {@code fromBin} and up of the complex STFT of {@code signal}: row {@code r} of the result is bin
     * {@code fromBin + r} of {@link #forward(float[])} ({@code [bin - fromBin][frame]}, {@code bins() - fromBin} rows), for a
     * caller that works on the upper part of the spectrum only.
     */
    public ComplexSpectrogram forwardBand(float[] signal, int fromBin) {
        checkBand(fromBin);
        int nf = frames(signal.length);
        int rows = bins - fromBin;
        float[][] re = new float[rows][nf];
        float[][] im = new float[rows][nf];
        for (int t = 0; t < nf; t++) {
            frameSpectrum(signal, t, scratch);
            for (int k = Math.max(1, fromBin); k < bins - 1; k++) {
                re[k - fromBin][t] = (float) scratch[2 * k];
                im[k - fromBin][t] = (float) scratch[2 * k + 1];
            }
            if (fromBin == 0) {
                re[0][t] = (float) scratch[0];
            }
            re[rows - 1][t] = (float) scratch[1];
        }
        return new ComplexSpectrogram(re, im);
    }

    /**
     * Returns the inverse STFT, as {@link #inverse}, of a spectrogram whose bins below {@code fromBin} are zero and whose bins
     * from {@code fromBin} up are {@code band} ({@code [bin - fromBin][frame]}, as {@link #forwardBand} returns them).
     */
    public float[] inverseBand(ComplexSpectrogram band, int fromBin, int length) {
        checkBand(fromBin);
        if (band.bins() != bins - fromBin) {
            throw new IllegalArgumentException("spectrogram has " + band.bins() + " bins, expected " + (bins - fromBin));
        }
        float[][] re = band.re();
        float[][] im = band.im();
        int rows = bins - fromBin;
        double[] y = new double[length];
        // each frame is packed straight into the FFT buffer: no copy of the whole spectrogram
        overlapAdd(band.frames(), length, y, (t, p) -> {
            java.util.Arrays.fill(p, 0, Math.min(nFft, 2 * fromBin + 2), 0.0);
            for (int k = Math.max(1, fromBin); k < bins - 1; k++) {
                p[2 * k] = re[k - fromBin][t];
                p[2 * k + 1] = im[k - fromBin][t];
            }
            p[0] = fromBin == 0 ? re[0][t] : 0.0;
            p[1] = re[rows - 1][t];
        });
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }

    private void checkBand(int fromBin) {
        if (fromBin < 0 || fromBin >= bins) {
            throw new IllegalArgumentException("first bin " + fromBin + " outside [0, " + bins + ")");
        }
    }

    /** Returns the STFT magnitude {@code |X|} of {@code signal}, {@code [bin][frame]}. */
    public float[][] magnitude(float[] signal) {
        float[][] p = power(signal);
        for (float[] row : p) {
            for (int t = 0; t < row.length; t++) {
                row[t] = (float) Math.sqrt(row[t]);
            }
        }
        return p;
    }

    /** Returns the STFT power {@code |X|^2} of {@code signal}, {@code [bin][frame]}. */
    public float[][] power(float[] signal) {
        int nf = frames(signal.length);
        float[][] p = new float[bins][nf];
        double[] pw = new double[bins];
        for (int t = 0; t < nf; t++) {
            framePower(signal, t, scratch, pw);
            for (int k = 0; k < bins; k++) {
                p[k][t] = (float) pw[k];
            }
        }
        return p;
    }

    /**
     * Returns the inverse STFT of {@code s} as librosa {@code istft(..., length=length)}: windowed overlap-add divided by the
     * window sum-square, centre padding trimmed, fixed to {@code length} samples.
     */
    public float[] inverse(ComplexSpectrogram s, int length) {
        return inverseBand(s, 0, length);
    }

    /** Writes frame {@code t}'s packed spectrum (JTransforms layout) into {@code buf}, nFft long. */
    @FunctionalInterface
    private interface PackedFrames {
        void fill(int t, double[] buf);
    }

    /**
     * Inverse STFT of packed spectra {@code [frame][nFft]} (JTransforms layout, left untouched) into {@code out} ({@code length} samples).
     */
    void inversePacked(double[][] packed, int length, double[] out) {
        overlapAdd(packed.length, length, out, (t, p) -> System.arraycopy(packed[t], 0, p, 0, nFft));
    }

    /** Inverse STFT of {@code frameCount} packed frames supplied by {@code frames} into {@code out} ({@code length} samples). */
    private void overlapAdd(int frameCount, int length, double[] out, PackedFrames frames) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        int half = nFft / 2;
        long paddedLength = (long) length + 2L * half;
        int nf = (int) Math.min(frameCount, (paddedLength + hop - 1) / hop);
        java.util.Arrays.fill(out, 0, length, 0.0);
        double[] wss = new double[length];
        for (int t = 0; t < nf; t++) {
            int start = t * hop - half;
            int lo = Math.max(0, -start);
            int hi = Math.min(nFft, length - start);
            if (hi <= lo) {
                continue;
            }
            frames.fill(t, scratch);
            if (rfft != null) {
                rfft.inverse(scratch);
            } else {
                fft.realInverse(scratch, true);
            }
            for (int j = lo; j < hi; j++) {
                double w = window[j];
                out[start + j] += w * scratch[j];
                wss[start + j] += w * w;
            }
        }
        double tiny = Float.MIN_NORMAL;
        for (int i = 0; i < length; i++) {
            if (wss[i] > tiny) {
                out[i] /= wss[i];
            }
        }
    }
}
