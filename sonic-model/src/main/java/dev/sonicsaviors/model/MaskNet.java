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
 */
public final class MaskNet implements Architecture {

    /** The name prefix stored in {@code model.json}; the full name is {@code mask-net-<bins>x<frames>}. */
    public static final String NAME = "mask-net";
    /** The name prefix of the variant with the full-resolution refinement stage: {@code mask-net-refined-<bins>x<frames>}. */
    public static final String REFINED_NAME = "mask-net-refined";
    /** Magnitude compression exponent of input and output. */
    public static final double COMPRESSION = 0.3;
    /** Smallest magnitude gain the network can output. */
    public static final double GAIN_FLOOR = 0.05;
    /** Channels of the temporal stack. */
    public static final int WIDTH = 128;
    /** Residual blocks in the temporal stack. */
    public static final int BLOCKS = 8;

    private static final int[] DILATIONS = {1, 2, 4, 8, 1, 2, 4, 8};

    private final int bins;
    private final int frames;
    private final double spectralWeight;
    private final double suppressionWeight;
    private final boolean refined;
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
        if (bins < 9 || frames < 1 || !finiteNonNegative(spectralWeight) || !finiteNonNegative(suppressionWeight)
                || !finiteNonNegative(intelligibilityWeight)) {
            throw new IllegalArgumentException("mask-net needs >= 9 bins, >= 1 frame and finite weights >= 0: " + bins + "x" + frames
                    + ", " + spectralWeight + ", " + suppressionWeight + ", " + intelligibilityWeight);
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
        this.refined = refined;
        this.intelligibility = intelligibility;
        this.intelligibilityWeight = intelligibilityWeight;
    }

    /** Returns true for the variant with the full-resolution refinement stage. */
    public boolean refined() {
        return refined;
    }

    private static boolean finiteNonNegative(double w) {
        return w >= 0 && !Double.isInfinite(w);
    }

    /**
     * Returns the compressed-magnitude MSE plus, when their weights are positive, the weighted spectral distortion, the
     * weighted suppression term and the weighted intelligibility term (see the constructors).
     */
    @Override
    public Operand<TFloat32> loss(Ops tf, Operand<TFloat32> output, Operand<TFloat32> target) {
        Operand<TFloat32> loss = Architecture.super.loss(tf, output, target);
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

    /** Returns {@code mask-net-<bins>x<frames>} (or {@code mask-net-refined-...}), which {@link Architectures#byName} parses back. */
    @Override
    public String name() {
        return (refined ? REFINED_NAME : NAME) + "-" + bins + "x" + frames;
    }

    /** Returns (bins, training frames, 1). */
    @Override
    public int[] inputShape() {
        return new int[] {bins, frames, 1};
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
        Operand<TFloat32> x = l.input(input);
        Operand<TFloat32> feat = tf.math.log(tf.math.add(x, tf.constant(1e-3f)));
        Operand<TFloat32> h = l.conv(feat, 16, 5, 3, 2, 1, false, Activation.RELU);
        h = l.conv(h, 32, 5, 3, 2, 1, false, Activation.RELU);
        h = l.conv(h, 32, 3, 3, 2, 1, false, Activation.RELU);
        int rows = Math.toIntExact(Layers.shapeOf(h)[1]);
        h = l.conv(h, WIDTH, rows, 1, 1, 1, true, Activation.LINEAR);
        for (int d : DILATIONS) {
            Operand<TFloat32> b = l.conv(l.channelNorm(h), WIDTH, 1, 3, 1, d, false, Activation.RELU);
            b = l.conv(b, WIDTH, 1, 1, 1, 1, false, Activation.LINEAR);
            h = l.add(h, b);
        }
        h = l.activation(l.channelNorm(h), Activation.RELU);
        Operand<TFloat32> logits = l.conv(h, bins, 1, 1, 1, 1, false, Activation.LINEAR);
        // (batch, 1, frames, bins) -> (batch, bins, frames, 1)
        Operand<TFloat32> perBin = tf.linalg.transpose(logits, tf.constant(new int[] {0, 3, 2, 1}));
        if (refined) {
            Operand<TFloat32> both = tf.concat(List.of(perBin, feat), tf.constant(3));
            Operand<TFloat32> r = l.conv(both, 16, 7, 3, 1, 1, false, Activation.RELU);
            r = l.conv(r, 16, 7, 3, 1, 2, false, Activation.RELU);
            r = l.conv(r, 1, 1, 1, 1, 1, false, Activation.LINEAR, true);
            perBin = tf.math.add(perBin, r);
        }
        float cf = compressedFloor();
        Operand<TFloat32> c = tf.math.add(tf.constant(cf), tf.math.mul(tf.constant(1 - cf), tf.math.sigmoid(perBin)));
        return l.activation(tf.math.mul(c, x), Activation.LINEAR);
    }
}
