package dev.sonicsaviors.dsp;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Windowed-sinc polyphase resampler from {@code fromRate} Hz to {@code toRate} Hz with a rational ratio L/M:
 * Kaiser-windowed sinc low-pass with its cutoff just below the lower Nyquist frequency (see {@link Quality} for its
 * pass band and stop band), zero delay (output sample k sits at input time {@code k * fromRate / toRate} samples) and
 * zeros assumed outside the signal.
 *
 * <p>Instances are immutable and thread-safe; long inputs are processed in parallel blocks.
 */
public final class Resampler {

    /**
     * The low-pass filter's length and window: a longer filter has a narrower transition band and a deeper stop band and
     * costs proportionally more per sample.
     */
    public enum Quality {
        /**
         * 36 zero crossings each side, Kaiser beta 9.5, cutoff 0.985 x the lower Nyquist frequency: flat to 0.1 dB up to
         * 0.9 x that Nyquist frequency, at least 80 dB down beyond about 1.08 x (the default, for audio that is kept at the
         * new rate).
         */
        HIGH(36, 9.5, 0.985),
        /**
         * 20 zero crossings each side, Kaiser beta 7.5, cutoff 0.96 x the lower Nyquist frequency, 56 % of {@link #HIGH}'s
         * taps: flat to 0.1 dB up to 0.86 x that Nyquist frequency, at least 70 dB down beyond 1.1 x (for a path whose top
         * band is restored beside it, as the denoiser's round trip from 44.1/48 kHz through its model's rate, whose
         * transition band {@code HighBandGain} measures and denoises).
         */
        SPEECH(20, 7.5, 0.96);

        /** Half-length of the filter in samples of the lower rate (zero crossings on each side, roughly). */
        private final int halfWidth;
        /** Kaiser window shape parameter. */
        private final double beta;
        /** Cutoff as a fraction of the lower Nyquist frequency. */
        private final double cutoff;
        /** I0(beta), the Kaiser window's normaliser. */
        private final double i0Beta;

        Quality(int halfWidth, double beta, double cutoff) {
            this.halfWidth = halfWidth;
            this.beta = beta;
            this.cutoff = cutoff;
            this.i0Beta = Window.besselI0(beta);
        }
    }

    /** Largest exact polyphase table (entries); larger ratios use an interpolated fine table instead. */
    private static final int MAX_TABLE = 1 << 21;
    /** Fine-table points per input sample for the interpolated mode. */
    private static final int FINE = 1024;
    /** Output samples per parallel work block. */
    private static final int BLOCK = 1 << 15;

    private final Quality quality;
    private final int fromRate;
    private final int toRate;
    private final int up;
    private final int down;
    /** Taps per side in input samples: output at input time q + f uses inputs q - taps + 1 .. q + taps. */
    private final int half;
    /** Exact table {@code [phase * 2 * half + tap]}, or null in interpolated mode. */
    private final double[] table;
    /** Fine impulse response sampled at 1/FINE input samples over [-half, half], or null in exact mode. */
    private final double[] fine;

    /** Creates a resampler from {@code fromRate} Hz to {@code toRate} Hz (both positive) with the {@link Quality#HIGH} filter. */
    public Resampler(int fromRate, int toRate) {
        this(fromRate, toRate, Quality.HIGH);
    }

    /** Creates a resampler from {@code fromRate} Hz to {@code toRate} Hz (both positive) with the filter of {@code quality}. */
    public Resampler(int fromRate, int toRate, Quality quality) {
        this.quality = Objects.requireNonNull(quality, "quality");
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " Hz -> "
                    + toRate + " Hz");
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        int g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        double scale = Math.min(1.0, (double) up / down);
        this.half = (int) Math.ceil(quality.halfWidth / scale);
        if (fromRate == toRate) {
            table = null;
            fine = null;
            return;
        }
        int taps = 2 * half;
        if ((long) up * taps <= MAX_TABLE) {
            table = new double[up * taps];
            fine = null;
            for (int p = 0; p < up; p++) {
                double frac = (double) p / up;
                double sum = 0;
                for (int i = 0; i < taps; i++) {
                    double h = impulse(frac - (i - half + 1), scale);
                    table[p * taps + i] = h;
                    sum += h;
                }
                for (int i = 0; i < taps; i++) {
                    table[p * taps + i] /= sum; // unit DC gain in every phase
                }
            }
        } else {
            table = null;
            fine = new double[2 * half * FINE + 2];
            for (int i = 0; i < fine.length; i++) {
                fine[i] = impulse((double) i / FINE - half, scale);
            }
        }
    }

    /** Returns a copy of {@code x} ({@code float[sample]} at fromRate Hz) resampled to {@code toRate} Hz. */
    public static float[] resample(float[] x, int fromRate, int toRate) {
        return new Resampler(fromRate, toRate).process(x);
    }

    /** Returns the output length in samples for {@code inputLength} input samples: ceil(n * toRate / fromRate). */
    public int outputLength(int inputLength) {
        if (inputLength < 0) {
            throw new IllegalArgumentException("negative length " + inputLength);
        }
        long n = ((long) inputLength * up + down - 1) / down;
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("output of " + n + " samples does not fit in an array");
        }
        return (int) n;
    }

    /**
     * Resamples the whole signal {@code x} ({@code float[sample]} at fromRate Hz) and returns a new array of
     * {@link #outputLength(int)} samples at toRate Hz; a copy when the rates are equal.
     */
    public float[] process(float[] x) {
        if (fromRate == toRate) {
            return x.clone();
        }
        float[] out = new float[outputLength(x.length)];
        int blocks = (out.length + BLOCK - 1) / BLOCK;
        if (blocks <= 1) {
            fill(x, out, 0, out.length);
        } else {
            IntStream.range(0, blocks).parallel()
                    .forEach(b -> fill(x, out, b * BLOCK, Math.min(out.length, (b + 1) * BLOCK)));
        }
        return out;
    }

    /** Computes output samples {@code [k0, k1)}. */
    private void fill(float[] x, float[] out, int k0, int k1) {
        int n = x.length;
        long pos = (long) k0 * down;
        int q = (int) (pos / up);
        int p = (int) (pos % up);
        int stepQ = down / up;
        int stepP = down % up;
        for (int k = k0; k < k1; k++) {
            int base = q - half + 1;
            out[k] = (float) tapSum(x, base, base, n, p);
            q += stepQ;
            p += stepP;
            if (p >= up) {
                p -= up;
                q++;
            }
        }
    }

    /** Returns the taps on each side of an output's position in input samples (output at q + f reads inputs q - half + 1 .. q + half). */
    int halfTaps() {
        return half;
    }

    /** Returns L, the output step in the rational ratio L/M (toRate / gcd). */
    int up() {
        return up;
    }

    /** Returns M, the input step in the rational ratio L/M (fromRate / gcd). */
    int down() {
        return down;
    }

    /**
     * Returns output sample {@code k} of a signal of {@code n} input samples exactly as {@link #process} computes it (same
     * taps, same summation order), reading input sample {@code i} from {@code x[i - start]}; every input in [0, n) that the
     * taps reach must lie in {@code x}. For {@link StreamingResampler}; rates must differ.
     */
    double sampleAt(long k, float[] x, long start, long n) {
        long pos = k * down;
        long q = pos / up;
        int p = (int) (pos % up);
        long base = q - half + 1;
        return tapSum(x, (int) (base - start), base, n, p);
    }

    /**
     * One output sample at phase {@code p} (of {@code up}) for taps starting at input sample {@code base}, where input
     * sample {@code base + i} is {@code x[xo + i]} of a signal of {@code n} samples (inputs outside [0, n) count as zero):
     * the phase's table row, or in interpolated mode the fine table.
     */
    private double tapSum(float[] x, int xo, long base, long n, int p) {
        if (table == null) {
            return interpolatedAt(x, xo, base, n, (double) p / up);
        }
        int taps = 2 * half;
        int t = p * taps;
        if (base >= 0 && base + taps <= n) {
            return dot(table, t, x, xo, taps);
        }
        double acc = 0;
        int lo = (int) Math.max(0, -base);
        int hi = (int) Math.min(taps, n - base);
        for (int i = lo; i < hi; i++) {
            acc += table[t + i] * x[xo + i];
        }
        return acc;
    }

    /**
     * One output sample in interpolated mode (taps from the fine table, normalised to unit DC gain) for taps starting at
     * input sample {@code base}, where input sample {@code base + i} is {@code x[xo + i]} of a signal of {@code n} samples.
     */
    private double interpolatedAt(float[] x, int xo, long base, long n, double frac) {
        int taps = 2 * half;
        double f = frac * FINE;
        int fi = (int) f;
        double fr = f - fi;
        int idx0 = fi + (taps - 1) * FINE;
        double acc = 0;
        double sum = 0;
        long lo = Math.max(0, -base);
        long hi = Math.min(taps, n - base);
        for (int i = 0; i < taps; i++) {
            int j = idx0 - i * FINE;
            double h = fine[j] + (fine[j + 1] - fine[j]) * fr;
            sum += h;
            if (i >= lo && i < hi) {
                acc += h * x[xo + i];
            }
        }
        return acc / sum;
    }

    /** Returns sum of h[ho + i] * x[xo + i] for i in [0, len), with four independent double accumulators. */
    private static double dot(double[] h, int ho, float[] x, int xo, int len) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            a0 += h[ho + i] * x[xo + i];
            a1 += h[ho + i + 1] * x[xo + i + 1];
            a2 += h[ho + i + 2] * x[xo + i + 2];
            a3 += h[ho + i + 3] * x[xo + i + 3];
        }
        for (; i < len; i++) {
            a0 += h[ho + i] * x[xo + i];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Kaiser-windowed sinc at {@code t} input samples from the centre, for a band limit {@code scale} x input Nyquist. */
    private double impulse(double t, double scale) {
        double u = t * scale; // in samples of the lower rate
        double r = u / quality.halfWidth;
        if (Math.abs(r) >= 1) {
            return 0;
        }
        double s = quality.cutoff * u;
        double sinc = s == 0 ? 1 : Math.sin(Math.PI * s) / (Math.PI * s);
        double w = Window.besselI0(quality.beta * Math.sqrt(1 - r * r)) / quality.i0Beta;
        return scale * quality.cutoff * sinc * w;
    }

    /** Returns the greatest common divisor of {@code a} and {@code b} (non-negative; {@code gcd(a, 0) = a}), as for two sample rates in Hz. */
    public static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
