package dev.sonicsaviors.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A differentiable intelligibility term for training, after ESTOI (Jensen and Taal, 2016): one-third-octave band
 * envelopes of the estimate and of the clean magnitudes, cut into segments of {@code segmentFrames} frames (about 384
 * ms); in each segment every band's envelope is normalised to zero mean and unit norm over time, then every frame's
 * spectrum to zero mean and unit norm over bands, and the segment scores the mean inner product of the two (1 for
 * envelopes that agree up to a gain per band). The term is one minus the mean score, each segment weighted by
 * {@code min(1, E / (0.01 max E))} with {@code E} the clean energy of the segment, so that segments more than 20 dB below
 * the loudest of their example count less (ESTOI leaves silent frames out). Unlike ESTOI there is no clipping of the
 * estimate and segments do not overlap.
 *
 * @param sampleRate the STFT's sample rate in Hz
 * @param nFft the STFT's FFT size in samples ({@code nFft / 2 + 1} bins)
 * @param segmentFrames STFT frames per segment
 */
public record IntelligibilityLoss(double sampleRate, int nFft, int segmentFrames) {

    /** One-third-octave bands, as in STOI and ESTOI. */
    public static final int BANDS = 15;
    /** Centre frequency of the lowest band in Hz. */
    public static final double LOWEST_CENTRE_HZ = 150;
    /** Segments more than this factor below the loudest of their example (in energy) are weighted down proportionally. */
    public static final double QUIET_SEGMENT = 0.01;

    /** Added under square roots and to denominators (also by the tests' double-precision reference). */
    static final float EPS = 1e-8f;

    /** Checks the arguments: a positive rate, an even FFT size whose bins reach the top band, at least two frames per segment. */
    public IntelligibilityLoss {
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate) || nFft < 2 || nFft % 2 != 0 || segmentFrames < 2
                || upperEdge(BANDS - 1) > sampleRate / 2) {
            throw new IllegalArgumentException("intelligibility loss needs rate > " + (2 * upperEdge(BANDS - 1)) + " Hz, an even FFT size"
                    + " and >= 2 frames per segment: " + sampleRate + ", " + nFft + ", " + segmentFrames);
        }
    }

    /** Returns the term for STFTs of {@code sampleRate} Hz and {@code nFft} samples with segments of about 384 ms at {@code hop} samples. */
    public static IntelligibilityLoss forStft(double sampleRate, int nFft, int hop) {
        return new IntelligibilityLoss(sampleRate, nFft, Math.max(2, (int) Math.round(0.384 * sampleRate / hop)));
    }

    private static double centre(int band) {
        return LOWEST_CENTRE_HZ * Math.pow(2, band / 3.0);
    }

    private static double lowerEdge(int band) {
        return centre(band) * Math.pow(2, -1 / 6.0);
    }

    private static double upperEdge(int band) {
        return centre(band) * Math.pow(2, 1 / 6.0);
    }

    /**
     * Returns the band weights {@code [bin][band]}: the share of each bin's frequency interval (width rate / nFft, centred
     * on the bin) inside each band's interval [centre 2^-1/6, centre 2^1/6), so that narrow low bands still gather a bin.
     */
    public float[][] bandMatrix() {
        int bins = nFft / 2 + 1;
        double width = sampleRate / nFft;
        float[][] m = new float[bins][BANDS];
        for (int k = 0; k < bins; k++) {
            double lo = (k - 0.5) * width;
            double hi = (k + 0.5) * width;
            for (int j = 0; j < BANDS; j++) {
                double overlap = Math.min(hi, upperEdge(j)) - Math.max(lo, lowerEdge(j));
                m[k][j] = (float) Math.max(0, overlap / width);
            }
        }
        return m;
    }

    /**
     * Builds the term on {@code est} and {@code ref}, STFT magnitudes (not compressed) of shape {@code (batch, bins, frames,
     * 1)} with the static frame count {@code frames} (at least one segment); the frames after the last whole segment are
     * not scored.
     */
    public Operand<TFloat32> build(Ops tf, Operand<TFloat32> est, Operand<TFloat32> ref, int frames) {
        int segments = frames / segmentFrames;
        if (segments < 1) {
            throw new IllegalArgumentException(frames + " frames hold no segment of " + segmentFrames);
        }
        float[][] m = bandMatrix();
        // (bins, bands): a matrix product sums each band's power per frame. Not a 'valid' convolution with this constant as
        // its filter: oneDNN's CPU kernels cache a constant filter in a byte tensor, and TensorFlow 2.x aborts the process
        // on it in training graphs (seen on AMD EPYC with AVX-512: "uint8 expected, got float").
        Operand<TFloat32> bandSum = tf.constant(StdArrays.ndCopyOf(m));
        Operand<TFloat32> x = segments(tf, envelopes(tf, est, bandSum, frames), segments);
        Operand<TFloat32> y = segments(tf, envelopes(tf, ref, bandSum, frames), segments);
        Operand<TInt32> time = tf.constant(new int[] {2});
        Operand<TInt32> band = tf.constant(new int[] {3});
        Operand<TFloat32> xn = normalise(tf, normalise(tf, x, time), band);
        Operand<TFloat32> yn = normalise(tf, normalise(tf, y, time), band);
        Operand<TInt32> segmentAxes = tf.constant(new int[] {2, 3});
        // (batch, segments): mean over frames of the inner product of the two normalised spectra
        Operand<TFloat32> score = tf.math.div(tf.sum(tf.math.mul(xn, yn), segmentAxes), tf.constant((float) segmentFrames));
        Operand<TFloat32> energy = tf.sum(tf.math.square(y), segmentAxes);
        Operand<TFloat32> loudest = tf.max(energy, tf.constant(new int[] {1}), Max.keepDims(true));
        Operand<TFloat32> w = tf.math.minimum(tf.constant(1f),
                tf.math.div(energy, tf.math.add(tf.math.mul(tf.constant((float) QUIET_SEGMENT), loudest), tf.constant(EPS))));
        Operand<TInt32> all = tf.constant(new int[] {0, 1});
        Operand<TFloat32> mean = tf.math.div(tf.sum(tf.math.mul(w, score), all), tf.math.add(tf.sum(w, all), tf.constant(EPS)));
        return tf.math.sub(tf.constant(1f), mean);
    }

    /** (batch, bins, frames, 1) magnitudes to (batch, 1, frames, bands) band envelopes; {@code bandSum} is [bin][band]. */
    private static Operand<TFloat32> envelopes(Ops tf, Operand<TFloat32> magnitude, Operand<TFloat32> bandSum, int frames) {
        int bins = Math.toIntExact(Layers.shapeOf(bandSum)[0]);
        // (batch, bins, frames, 1) -> (batch, bins, frames) -> (batch, frames, bins) -> (batch * frames, bins)
        Operand<TFloat32> square = tf.reshape(tf.math.square(magnitude), tf.constant(new int[] {-1, bins, frames}));
        Operand<TFloat32> rows = tf.reshape(tf.linalg.transpose(square, tf.constant(new int[] {0, 2, 1})), tf.constant(new int[] {-1, bins}));
        Operand<TFloat32> power = tf.reshape(tf.linalg.matMul(rows, bandSum), tf.constant(new int[] {-1, 1, frames, BANDS}));
        return tf.math.sqrt(tf.math.add(power, tf.constant(EPS)));
    }

    /** (batch, 1, frames, bands) to (batch, segments, segmentFrames, bands), dropping the frames after the last segment. */
    private Operand<TFloat32> segments(Ops tf, Operand<TFloat32> env, int segments) {
        Operand<TFloat32> kept = tf.slice(env, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, 1, segments * segmentFrames, BANDS}));
        return tf.reshape(kept, tf.constant(new int[] {-1, segments, segmentFrames, BANDS}));
    }

    /** Zero mean and unit norm along {@code axis}. */
    private static Operand<TFloat32> normalise(Ops tf, Operand<TFloat32> x, Operand<TInt32> axis) {
        Operand<TFloat32> centred = tf.math.sub(x, tf.math.mean(x, axis, Mean.keepDims(true)));
        Operand<TFloat32> norm = tf.math.sqrt(tf.math.add(tf.sum(tf.math.square(centred), axis, Sum.keepDims(true)), tf.constant(EPS)));
        return tf.math.div(centred, norm);
    }
}
