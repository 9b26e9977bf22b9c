package dev.sonicsaviors.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The seed project's convolutional autoencoder for hybrid features (input (148, 109, 1): 128 mel + 20 MFCC rows x 109
 * frames, values in [0, 1]); 17,114,753 parameters, exactly as the Keras {@code create_autoencoder}.
 */
public final class SeedAutoencoder implements Architecture {

    /** The name stored in {@code model.json}. */
    public static final String NAME = "seed-autoencoder";
    /** Hybrid rows (128 mel bands + 20 MFCCs). */
    public static final int ROWS = 148;
    /** Frames per example. */
    public static final int FRAMES = 109;
    /** Trainable parameters of the seed model. */
    public static final long PARAMETER_COUNT = 17_114_753L;

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Returns (148, 109, 1). */
    @Override
    public int[] inputShape() {
        return new int[] {ROWS, FRAMES, 1};
    }

    /** Builds encoder (two conv + pool stages, dense 128) and decoder (dense, three transposed convs, upsampling, cropping). */
    @Override
    public Operand<TFloat32> build(Layers l, Operand<TFloat32> input) {
        Operand<TFloat32> x = l.conv2d(l.input(input), 32, 3, Activation.RELU);
        x = l.maxPool2x2(x);
        x = l.conv2d(x, 64, 3, Activation.RELU);
        x = l.maxPool2x2(x);
        x = l.flatten(x);
        x = l.dense(x, 128, Activation.RELU);
        x = l.dense(x, 37 * 28 * 64, Activation.RELU);
        x = l.reshape(x, 37, 28, 64);
        x = l.conv2dTranspose(x, 64, 3, Activation.RELU);
        x = l.upsample2x(x);
        x = l.crop(x, 0, 0, 0, 1);
        x = l.conv2dTranspose(x, 32, 3, Activation.RELU);
        x = l.upsample2x(x);
        x = l.crop(x, 0, 0, 1, 0);
        return l.conv2dTranspose(x, 1, 3, Activation.SIGMOID);
    }
}
