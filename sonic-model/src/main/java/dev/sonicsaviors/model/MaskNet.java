package dev.sonicsaviors.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A fully convolutional time-frequency mask estimator for speech enhancement, input {@code (bins, frames, 1)} with any
 * number of frames: the noisy STFT magnitude compressed to the power {@value #COMPRESSION} ({@code |X|^0.3}, after
 * per-utterance level normalisation), output the masked compressed magnitude {@code c * |X|^0.3} where {@code c} in
 * [{@code floor^0.3}, 1] is the compressed gain, so that plain MSE against the clean compressed magnitude is the
 * compressed-magnitude loss and the magnitude gain is {@code g = c^(1/0.3)} (at least {@link #GAIN_FLOOR}).
 *
 * <p>Layers: log features {@code ln(x + 1e-3)}; a frequency front end of three 2-D convolutions over (frequency, time)
 * with frequency stride 2 (16, 32, 32 channels; kernels 5x3, 5x3, 3x3; ReLU; 257 -> 129 -> 65 -> 33 rows for 257 bins);
 * a 'valid' convolution spanning all remaining rows to {@value #WIDTH} channels per frame; {@value #BLOCKS} residual
 * blocks of a dilated 1x3 convolution over time (dilations 1, 2, 4, 8, twice; ReLU) and a 1x1 convolution; ReLU; a 1x1
 * convolution to one sigmoid gain per bin. Receptive field about +-63 frames (+-0.73 s at hop 256, 22,050 Hz); non-causal.
 * The {@link Variant}s add a full-resolution refinement stage and a frequency decoder after that layer.
 */
public final class MaskNet implements Architecture {

    /** The name prefix stored in {@code model.json}; the full name is {@code mask-net-<bins>x<frames>}. */
    public static final String NAME = "mask-net";
    /** The name prefix of the variant with the full-resolution refinement stage: {@code mask-net-refined-<bins>x<frames>}. */
    public static final String REFINED_NAME = "mask-net-refined";
    /** The name prefix of the variant with the refinement stage and the frequency decoder: {@code mask-net-unet-<bins>x<frames>}. */
    public static final String UNET_NAME = "mask-net-unet";
    /** The name prefix of the variant with a one-convolution refinement stage and the decoder: {@code mask-net-lite-<bins>x<frames>}. */
    public static final String LITE_NAME = "mask-net-lite";
    /** The name prefix of the lite variant with the deep-filtering stage: {@code mask-net-lite-df-<bins>x<frames>}. */
    public static final String LITE_DF_NAME = "mask-net-lite-df";
    /** Bins, from 0 Hz up, that the deep-filtering stage filters (96 bins: 0 to 4,092 Hz at 22,050 Hz, n_fft 512). */
    public static final int DF_BINS = 96;
    /** Taps of the deep filter along time, centred: frames {@code t - 2} to {@code t + 2}. */
    public static final int DF_ORDER = 5;
    /**
     * Factor on the deep filter's taps after their zero-initialised 1x1 convolution: under Adam, whose steps do not scale with
     * the gradient, the layer then learns ten times as fast as the rest of a network it is added to (a first run without it,
     * d25, moved the taps by less than 0.01 in 1,100 steps at a learning rate of 1e-4).
     */
    public static final float DF_TAP_GAIN = 10f;
    /** Weight of the compressed complex term in the deep-filtering variant's loss ({@link #loss}). */
    public static final double COMPLEX_WEIGHT = 0.5;
    /** Channels of the deep-filtering variant's input, target and output: the compressed magnitude and two phase channels. */
    public static final int DF_CHANNELS = 3;
    /** Magnitude compression exponent of input and output. */
    public static final double COMPRESSION = 0.3;
    /** Smallest magnitude gain the network can output. */
    public static final double GAIN_FLOOR = 0.05;
    /** Channels of the temporal stack. */
    public static final int WIDTH = 128;
    /** Residual blocks in the temporal stack. */
    public static final int BLOCKS = 8;

    private static final int[] DILATIONS = {1, 2, 4, 8, 1, 2, 4, 8};
    /** Channels of the decoder's levels, from the coarsest (33 rows for 257 bins) to full resolution. */
    private static final int[] DECODER_CHANNELS = {24, 16, 12, 8};
    /** Channels per row of the bottleneck's projection onto the coarsest encoder rows. */
    private static final int PROJECTION_CHANNELS = 16;

    /** Which stages the network has after the per-frame output layer. */
    public enum Variant {
        /** The per-frame output layer alone. */
        PLAIN(NAME),
        /** Plus the full-resolution refinement stage. */
        REFINED(REFINED_NAME),
        /** Plus the refinement stage and the frequency decoder with skip connections from the front end. */
        UNET(UNET_NAME),
        /**
         * As {@link #UNET} with the refinement stage's second 7x3 convolution (16 to 16 channels at full resolution, a fifth
         * of the network's time) left out: one 7x3 convolution, then the zero-initialised 1x1 convolution, then the decoder.
         */
        LITE(LITE_NAME),
        /**
         * As {@link #LITE} plus a deep-filtering stage, as in DeepFilterNet: on the lowest {@value MaskNet#DF_BINS} bins a
         * complex filter of {@value MaskNet#DF_ORDER} taps along time (frames {@code t - 2} to {@code t + 2}), predicted per bin
         * and frame from the decoder's last level, the compressed complex input and the neighbouring frames' phases relative to
         * frame {@code t}, is added to the masked STFT, so that the
         * output there can differ from the noisy one in phase and recover harmonics between frames; zero-initialised, so a
         * lite model's weights start it computing the same output. Input, target and output have {@value MaskNet#DF_CHANNELS}
         * channels (see {@link MaskNet#inputShape}).
         */
        LITE_DF(LITE_DF_NAME);

        private final String prefix;

        Variant(String prefix) {
            this.prefix = prefix;
        }

        /** Returns the name prefix stored in {@code model.json}. */
        public String prefix() {
            return prefix;
        }
    }

    private final int bins;
    private final int frames;
    private final double spectralWeight;
    private final double suppressionWeight;
    private final Variant variant;
    private final IntelligibilityLoss intelligibility;
    private final double intelligibilityWeight;

    /** Creates the architecture for {@code bins} STFT bins, trained on crops of {@code frames} frames (inference takes any count). */
    public MaskNet(int bins, int frames) {
        this(bins, frames, 0);
    }

    /**
     * Same as {@link #MaskNet(int, int)}, trained with the compressed-magnitude MSE plus {@code spectralWeight} times the
     * spectral distortion of the uncompressed magnitudes {@code sum (g|X| - |S|)^2 / sum |S|^2} per example (a
     * noise-to-signal ratio, the spectral analogue of SDR, which weights loud bins as SI-SDR does); 0 gives plain MSE.
     */
    public MaskNet(int bins, int frames, double spectralWeight) {
        this(bins, frames, spectralWeight, 0);
    }

    /**
     * Same as {@link #MaskNet(int, int, double)}, plus {@code suppressionWeight} times the mean of {@code max(0, t - o)^2} over
     * the compressed magnitudes (an asymmetric term: speech removed, the output below the clean target, costs
     * {@code 1 + suppressionWeight} times what residual noise costs); 0 leaves the loss symmetric.
     */
    public MaskNet(int bins, int frames, double spectralWeight, double suppressionWeight) {
        this(bins, frames, spectralWeight, suppressionWeight, false);
    }

    /**
     * Same as {@link #MaskNet(int, int, double, double)}; {@code refined} adds a full-resolution refinement stage after the
     * per-frame output layer: two 7x3 convolutions (16 channels, ReLU; the second dilated 2 along time) over the coarse
     * gain logits and the log input, and a zero-initialised 1x1 convolution whose output is added to the logits, so that
     * the gains can follow harmonics the 128-channel per-frame bottleneck cannot describe. Its first variables are named as
     * the plain network's, so a plain model's weights start a refined one (which then computes the same gains).
     */
    public MaskNet(int bins, int frames, double spectralWeight, double suppressionWeight, boolean refined) {
        this(bins, frames, spectralWeight, suppressionWeight, refined, null, 0);
    }

    /**
     * Same as {@link #MaskNet(int, int, double, double, boolean)}, plus {@code intelligibilityWeight} times the
     * {@link IntelligibilityLoss} of the uncompressed magnitudes ({@code intelligibility} may be null when the weight is 0;
     * its FFT size must give {@code bins} bins and the training crops must hold one of its segments).
     */
    public MaskNet(int bins, int frames, double spectralWeight, double suppressionWeight, boolean refined, IntelligibilityLoss intelligibility,
            double intelligibilityWeight) {
        this(bins, frames, spectralWeight, suppressionWeight, refined ? Variant.REFINED : Variant.PLAIN, intelligibility, intelligibilityWeight);
    }

    /**
     * Same as {@link #MaskNet(int, int, double, double, boolean, IntelligibilityLoss, double)} for any {@link Variant}.
     * {@link Variant#UNET} adds, after the refinement stage, a frequency decoder: the per-frame bottleneck projected to
     * {@value #PROJECTION_CHANNELS} channels on each of the front end's coarsest rows, then four 3x3 convolutions (24, 16, 12
     * and 8 channels, ReLU) at 33, 65, 129 and 257 rows, each over the level below repeated two-fold along frequency and the
     * front end's output at that resolution (the log input at the last), and a zero-initialised 1x1 convolution whose
     * output is added to the gain logits; every earlier variable keeps its refined-network name, so a refined model's
     * weights start it computing the same gains.
     */
    public MaskNet(int bins, int frames, double spectralWeight, double suppressionWeight, Variant variant, IntelligibilityLoss intelligibility,
            double intelligibilityWeight) {
        if (bins < 9 || frames < 1 || !finiteNonNegative(spectralWeight) || !finiteNonNegative(suppressionWeight)
                || !finiteNonNegative(intelligibilityWeight)) {
            throw new IllegalArgumentException("mask-net needs >= 9 bins, >= 1 frame and finite weights >= 0: " + bins + "x" + frames
                    + ", " + spectralWeight + ", " + suppressionWeight + ", " + intelligibilityWeight);
        }
        if (variant == Variant.LITE_DF && bins <= DF_BINS) {
            throw new IllegalArgumentException("the deep-filtering variant needs more than " + DF_BINS + " bins: " + bins);
        }
        if (intelligibilityWeight > 0 && (intelligibility == null || intelligibility.nFft() / 2 + 1 != bins
                || frames < intelligibility.segmentFrames())) {
            throw new IllegalArgumentException("the intelligibility term needs an FFT of " + bins + " bins and crops of at least one segment: "
                    + intelligibility + ", " + frames + " frames");
        }
        this.bins = bins;
        this.frames = frames;
        this.spectralWeight = spectralWeight;
        this.suppressionWeight = suppressionWeight;
        this.variant = java.util.Objects.requireNonNull(variant, "variant");
        this.intelligibility = intelligibility;
        this.intelligibilityWeight = intelligibilityWeight;
    }

    /** Returns true for the variants with the full-resolution refinement stage. */
    public boolean refined() {
        return variant != Variant.PLAIN;
    }

    /** Returns the stages this network has after its per-frame output layer. */
    public Variant variant() {
        return variant;
    }

    private static boolean finiteNonNegative(double w) {
        return w >= 0 && !Double.isInfinite(w);
    }

    /**
     * Returns the compressed-magnitude MSE plus, when their weights are positive, the weighted spectral distortion, the
     * weighted suppression term and the weighted intelligibility term (see the constructors).
     */
    @Override
    public Operand<TFloat32> loss(Ops tf, Operand<TFloat32> fullOutput, Operand<TFloat32> fullTarget) {
        boolean df = variant == Variant.LITE_DF;
        Operand<TFloat32> output = df ? channels(tf, fullOutput, 0, 1) : fullOutput;
        Operand<TFloat32> target = df ? channels(tf, fullTarget, 0, 1) : fullTarget;
        Operand<TFloat32> loss = Architecture.super.loss(tf, output, target);
        if (df) {
            // mean over examples, low-band bins and frames of |Yc - Sc|^2 (the two compressed complex channels summed)
            Operand<TFloat32> yc = lowRows(tf, channels(tf, fullOutput, 1, 2));
            Operand<TFloat32> sc = lowRows(tf, channels(tf, fullTarget, 1, 2));
            Operand<TFloat32> term = tf.math.mul(tf.constant(2f),
                    tf.math.mean(tf.math.squaredDifference(yc, sc), tf.constant(new int[] {0, 1, 2, 3})));
            loss = tf.math.add(loss, tf.math.mul(tf.constant((float) COMPLEX_WEIGHT), term));
        }
        // the uncompressed magnitudes, built once for the two terms that use them
        Operand<TFloat32> inverse = tf.constant((float) (1 / COMPRESSION));
        Operand<TFloat32> est = spectralWeight > 0 || intelligibilityWeight > 0 ? tf.math.pow(output, inverse) : null;
        Operand<TFloat32> ref = est == null ? null : tf.math.pow(target, inverse);
        if (spectralWeight > 0) {
            Operand<TInt32> perExample = tf.constant(new int[] {1, 2, 3});
            Operand<TFloat32> err = tf.sum(tf.math.squaredDifference(est, ref), perExample);
            Operand<TFloat32> energy = tf.math.add(tf.sum(tf.math.square(ref), perExample), tf.constant(1e-3f));
            Operand<TFloat32> nsr = tf.math.mean(tf.math.div(err, energy), tf.constant(0));
            loss = tf.math.add(loss, tf.math.mul(tf.constant((float) spectralWeight), nsr));
        }
        if (suppressionWeight > 0) {
            Operand<TFloat32> under = tf.nn.relu(tf.math.sub(target, output));
            Operand<TInt32> all = tf.constant(new int[] {0, 1, 2, 3});
            Operand<TFloat32> term = tf.math.mean(tf.math.square(under), all);
            loss = tf.math.add(loss, tf.math.mul(tf.constant((float) suppressionWeight), term));
        }
        if (intelligibilityWeight > 0) {
            Operand<TFloat32> term = intelligibility.build(tf, est, ref, frames);
            loss = tf.math.add(loss, tf.math.mul(tf.constant((float) intelligibilityWeight), term));
        }
        return loss;
    }

    /** Returns {@code mask-net-<bins>x<frames>} (or {@code mask-net-refined-...}, {@code mask-net-unet-...}, {@code mask-net-lite-...}, {@code mask-net-lite-df-...}), which {@link Architectures#byName} parses back. */
    @Override
    public String name() {
        return variant.prefix() + "-" + bins + "x" + frames;
    }

    /**
     * Returns (bins, training frames, 1); for {@link Variant#LITE_DF} (bins, training frames, {@value #DF_CHANNELS}): input
     * channels {@code x = (s|X|)^0.3}, {@code cos} and {@code sin} of the noisy phase (1 and 0 where {@code |X| = 0}); target
     * and output channels the compressed magnitude {@code (s|Y|)^0.3} and the compressed complex value
     * {@code (s|Y|)^0.3 (cos, sin)} of the phase of {@code Y}.
     */
    @Override
    public int[] inputShape() {
        return new int[] {bins, frames, variant == Variant.LITE_DF ? DF_CHANNELS : 1};
    }

    /** Returns true: the graph takes any number of frames. */
    @Override
    public boolean variableWidth() {
        return true;
    }

    /** Returns the compressed-gain floor {@code GAIN_FLOOR^0.3}, the smallest value of {@code c}. */
    public static float compressedFloor() {
        return (float) Math.pow(GAIN_FLOOR, COMPRESSION);
    }

    /** Builds the network on {@code input} of shape {@code (batch, bins, frames, 1)}; returns the masked compressed magnitude, same shape. */
    @Override
    public Operand<TFloat32> build(Layers l, Operand<TFloat32> input) {
        Ops tf = l.tf();
        Operand<TFloat32> in = l.input(input);
        boolean df = variant == Variant.LITE_DF;
        Operand<TFloat32> x = df ? channels(tf, in, 0, 1) : in;
        Operand<TFloat32> feat = tf.math.log(tf.math.add(x, tf.constant(1e-3f)));
        Operand<TFloat32> e1 = l.conv(feat, 16, 5, 3, 2, 1, false, Activation.RELU);
        Operand<TFloat32> e2 = l.conv(e1, 32, 5, 3, 2, 1, false, Activation.RELU);
        Operand<TFloat32> e3 = l.conv(e2, 32, 3, 3, 2, 1, false, Activation.RELU);
        int rows = Math.toIntExact(Layers.shapeOf(e3)[1]);
        Operand<TFloat32> h = l.conv(e3, WIDTH, rows, 1, 1, 1, true, Activation.LINEAR);
        for (int d : DILATIONS) {
            Operand<TFloat32> b = l.conv(l.channelNorm(h), WIDTH, 1, 3, 1, d, false, Activation.RELU);
            b = l.conv(b, WIDTH, 1, 1, 1, 1, false, Activation.LINEAR);
            h = l.add(h, b);
        }
        h = l.activation(l.channelNorm(h), Activation.RELU);
        Operand<TFloat32> logits = l.conv(h, bins, 1, 1, 1, 1, false, Activation.LINEAR);
        // (batch, 1, frames, bins) -> (batch, bins, frames, 1)
        Operand<TFloat32> perBin = tf.linalg.transpose(logits, tf.constant(new int[] {0, 3, 2, 1}));
        if (variant != Variant.PLAIN) {
            Operand<TFloat32> both = tf.concat(List.of(perBin, feat), tf.constant(3));
            Operand<TFloat32> r = l.conv(both, 16, 7, 3, 1, 1, false, Activation.RELU);
            if (variant != Variant.LITE && variant != Variant.LITE_DF) {
                r = l.conv(r, 16, 7, 3, 1, 2, false, Activation.RELU);
            }
            r = l.conv(r, 1, 1, 1, 1, 1, false, Activation.LINEAR, true);
            perBin = tf.math.add(perBin, r);
        }
        Operand<TFloat32> last = null;
        if (variant == Variant.UNET || variant == Variant.LITE || df) {
            List<Operand<TFloat32>> dec = decoder(l, h, List.of(e3, e2, e1, feat));
            perBin = tf.math.add(perBin, dec.get(0));
            last = dec.get(1);
        }
        float cf = compressedFloor();
        Operand<TFloat32> c = tf.math.add(tf.constant(cf), tf.math.mul(tf.constant(1 - cf), tf.math.sigmoid(perBin)));
        if (!df) {
            return l.activation(tf.math.mul(c, x), Activation.LINEAR);
        }
        return l.activation(deepFilter(l, in, x, c, last), Activation.LINEAR);
    }

    /**
     * The deep-filtering stage of {@link Variant#LITE_DF}: {@code in} the three-channel input, {@code x} its compressed
     * magnitude, {@code c} the compressed gain (magnitude gain {@code g = c^(1/0.3)}), {@code last} the decoder's last level (batch, bins,
     * frames, 8); returns the three-channel output (see {@link #inputShape}). On the lowest {@value #DF_BINS} bins
     * {@code Y = g X + sum_n C_n X(t + n - 2)} with complex taps {@code C_n} from a 3x3 convolution (12 channels, ReLU) over
     * the decoder's level, the compressed complex input and the phase of each of the five frames relative to frame {@code t}
     * (cosine and sine), and a zero-initialised 1x1 convolution to 2 x {@value #DF_ORDER}
     * channels (real parts, then imaginary parts) times {@link #DF_TAP_GAIN}; above them {@code Y = g X}.
     */
    private Operand<TFloat32> deepFilter(Layers l, Operand<TFloat32> in, Operand<TFloat32> x, Operand<TFloat32> c,
                                         Operand<TFloat32> last) {
        Ops tf = l.tf();
        Operand<TFloat32> cos = channels(tf, in, 1, 1);
        Operand<TFloat32> sin = channels(tf, in, 2, 1);
        Operand<TFloat32> inverse = tf.constant((float) (1 / COMPRESSION));
        // linear (level-normalised) complex STFT of the low band: X = x^(1/0.3) (cos, sin); the masked one g X
        Operand<TFloat32> xLow = lowRows(tf, x);
        Operand<TFloat32> cosLow = lowRows(tf, cos);
        Operand<TFloat32> sinLow = lowRows(tf, sin);
        Operand<TFloat32> magLow = tf.math.pow(xLow, inverse);
        Operand<TFloat32> xr = tf.math.mul(magLow, cosLow);
        Operand<TFloat32> xi = tf.math.mul(magLow, sinLow);
        Operand<TFloat32> g = tf.math.pow(lowRows(tf, c), inverse);
        // each neighbouring frame's phase relative to frame t, u(t + n - 2) conj(u(t)) per bin (zero outside the chunk): how
        // far a harmonic's phase advances from frame to frame, which taps that add the frames in phase must follow
        Operand<TFloat32> nc = shifted(tf, cosLow);
        Operand<TFloat32> ns = shifted(tf, sinLow);
        Operand<TFloat32> relCos = tf.math.add(tf.math.mul(nc, cosLow), tf.math.mul(ns, sinLow));
        Operand<TFloat32> relSin = tf.math.sub(tf.math.mul(ns, cosLow), tf.math.mul(nc, sinLow));
        Operand<TFloat32> features = tf.concat(List.of(lowRows(tf, last), tf.math.mul(xLow, cosLow), tf.math.mul(xLow, sinLow), relCos, relSin),
                tf.constant(3));
        Operand<TFloat32> hidden = l.conv(features, 12, 3, 3, 1, 1, false, Activation.RELU);
        Operand<TFloat32> taps = tf.math.mul(l.conv(hidden, 2 * DF_ORDER, 1, 1, 1, 1, false, Activation.LINEAR, true),
                tf.constant(DF_TAP_GAIN));
        Operand<TFloat32> a = channels(tf, taps, 0, DF_ORDER);
        Operand<TFloat32> b = channels(tf, taps, DF_ORDER, DF_ORDER);
        Operand<TFloat32> sr = shifted(tf, xr);
        Operand<TFloat32> si = shifted(tf, xi);
        Operand<TInt32> channelAxis = tf.constant(new int[] {3});
        org.tensorflow.op.core.Sum.Options keep = org.tensorflow.op.core.Sum.keepDims(true);
        Operand<TFloat32> dr = tf.sum(tf.math.sub(tf.math.mul(a, sr), tf.math.mul(b, si)), channelAxis, keep);
        Operand<TFloat32> di = tf.sum(tf.math.add(tf.math.mul(a, si), tf.math.mul(b, sr)), channelAxis, keep);
        Operand<TFloat32> yr = tf.math.add(tf.math.mul(g, xr), dr);
        Operand<TFloat32> yi = tf.math.add(tf.math.mul(g, xi), di);
        // compressed: |Y|^0.3 and Y |Y|^(0.3 - 1), the power clamped at 1e-20 (-200 dB re the mean power per bin, so that
        // neither has an infinite gradient; a compressed magnitude of at most 1e-3 changes)
        Operand<TFloat32> power = tf.math.maximum(tf.math.add(tf.math.square(yr), tf.math.square(yi)), tf.constant(1e-20f));
        Operand<TFloat32> magC = tf.math.pow(power, tf.constant((float) (COMPRESSION / 2)));
        Operand<TFloat32> shrink = tf.math.pow(power, tf.constant((float) ((COMPRESSION - 1) / 2)));
        Operand<TFloat32> low = tf.concat(List.of(magC, tf.math.mul(yr, shrink), tf.math.mul(yi, shrink)), tf.constant(3));
        // above the low band the masked STFT: c x and its compressed complex value (c x) (cos, sin)
        Operand<TFloat32> maskedHigh = tf.math.mul(highRows(tf, c), highRows(tf, x));
        Operand<TFloat32> high = tf.concat(List.of(maskedHigh, tf.math.mul(maskedHigh, highRows(tf, cos)),
                tf.math.mul(maskedHigh, highRows(tf, sin))), tf.constant(3));
        return tf.concat(List.of(low, high), tf.constant(1));
    }

    /** Returns {@code count} channels of {@code x} (batch, rows, frames, C) from channel {@code first}. */
    private static Operand<TFloat32> channels(Ops tf, Operand<TFloat32> x, int first, int count) {
        return tf.slice(x, tf.constant(new int[] {0, 0, 0, first}), tf.constant(new int[] {-1, -1, -1, count}));
    }

    /** Returns the lowest {@value #DF_BINS} rows of {@code x} (batch, rows, frames, C). */
    private static Operand<TFloat32> lowRows(Ops tf, Operand<TFloat32> x) {
        return tf.slice(x, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, DF_BINS, -1, -1}));
    }

    /** Returns the rows of {@code x} (batch, rows, frames, C) above the lowest {@value #DF_BINS}. */
    private static Operand<TFloat32> highRows(Ops tf, Operand<TFloat32> x) {
        return tf.slice(x, tf.constant(new int[] {0, DF_BINS, 0, 0}), tf.constant(new int[] {-1, -1, -1, -1}));
    }

    /**
     * Returns {@value #DF_ORDER} copies of {@code x} (batch, rows, frames, 1) side by side along the channel axis, copy
     * {@code n} holding frame {@code t + n - 2} at frame {@code t} (zero outside the chunk).
     */
    private static Operand<TFloat32> shifted(Ops tf, Operand<TFloat32> x) {
        int half = DF_ORDER / 2;
        Operand<TFloat32> padded = tf.pad(x, tf.constant(new int[][] {{0, 0}, {0, 0}, {half, half}, {0, 0}}), tf.constant(0f));
        Operand<TInt32> size = tf.concat(List.of(tf.constant(new int[] {-1, -1}), extent(tf, x, 2), tf.constant(new int[] {-1})),
                tf.constant(0));
        List<Operand<TFloat32>> copies = new java.util.ArrayList<>();
        for (int n = 0; n < DF_ORDER; n++) {
            copies.add(tf.slice(padded, tf.constant(new int[] {0, 0, n, 0}), size));
        }
        // the slices' sizes are computed at run time: restore the static row and channel extents for the convolution
        long[] shape = Layers.shapeOf(x);
        return tf.ensureShape(tf.concat(copies, tf.constant(3)), org.tensorflow.ndarray.Shape.of(-1, shape[1], -1, DF_ORDER * shape[3]));
    }

    /**
     * The frequency decoder of {@link Variant#UNET}: {@code bottleneck} (batch, 1, frames, WIDTH) projected onto the rows of
     * {@code skips[0]}, then one 3x3 convolution per skip (coarsest first) over the previous level repeated two-fold along
     * frequency, cut to the skip's rows, beside the skip; returns the zero-initialised logit correction (batch, bins, frames, 1)
     * and the last level (batch, bins, frames, 8).
     */
    private static List<Operand<TFloat32>> decoder(Layers l, Operand<TFloat32> bottleneck, List<Operand<TFloat32>> skips) {
        Ops tf = l.tf();
        int rows = Math.toIntExact(Layers.shapeOf(skips.get(0))[1]);
        Operand<TFloat32> p = l.conv(bottleneck, rows * PROJECTION_CHANNELS, 1, 1, 1, 1, false, Activation.RELU);
        // (batch, 1, frames, rows * C) -> (batch, frames, rows, C) -> (batch, rows, frames, C)
        Operand<TInt32> dims = tf.concat(List.of(extent(tf, p, 0), extent(tf, p, 2), tf.constant(new int[] {rows, PROJECTION_CHANNELS})),
                tf.constant(0));
        Operand<TFloat32> d = tf.linalg.transpose(tf.reshape(p, dims), tf.constant(new int[] {0, 2, 1, 3}));
        for (int i = 0; i < skips.size(); i++) {
            Operand<TFloat32> skip = skips.get(i);
            if (i > 0) {
                d = upsampleRows(tf, d, Math.toIntExact(Layers.shapeOf(skip)[1]));
            }
            d = l.conv(tf.concat(List.of(d, skip), tf.constant(3)), DECODER_CHANNELS[i], 3, 3, 1, 1, false, Activation.RELU);
        }
        return List.of(l.conv(d, 1, 1, 1, 1, 1, false, Activation.LINEAR, true), d);
    }

    /** Repeats each row of {@code x} (batch, r, frames, C) twice and keeps the first {@code rows} (at most 2r) rows. */
    private static Operand<TFloat32> upsampleRows(Ops tf, Operand<TFloat32> x, int rows) {
        long[] s = Layers.shapeOf(x);
        // (batch, r, frames, C) -> (batch, r, 1, frames, C) -> (batch, r, 2, frames, C) -> (batch, 2r, frames, C)
        Operand<TFloat32> e = tf.expandDims(x, tf.constant(2));
        Operand<TFloat32> twice = tf.concat(List.of(e, e), tf.constant(2));
        Operand<TInt32> dims = tf.concat(List.of(extent(tf, x, 0), tf.constant(new int[] {Math.toIntExact(2 * s[1])}), extent(tf, x, 2),
                tf.constant(new int[] {Math.toIntExact(s[3])})), tf.constant(0));
        Operand<TFloat32> up = tf.reshape(twice, dims);
        return tf.slice(up, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, rows, -1, Math.toIntExact(s[3])}));
    }

    /** Returns the run-time extent of {@code x}'s {@code axis} as a one-element vector (a strided slice of its shape, so graph shape inference still sees the static extents beside it). */
    private static Operand<TInt32> extent(Ops tf, Operand<TFloat32> x, int axis) {
        return tf.stridedSlice(tf.shape(x), tf.constant(new int[] {axis}), tf.constant(new int[] {axis + 1}), tf.constant(new int[] {1}));
    }
}
