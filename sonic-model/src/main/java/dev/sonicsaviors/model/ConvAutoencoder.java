package dev.sonicsaviors.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A small fully convolutional denoiser (no dense bottleneck) for any input {@code (rows, frames, 1)}: two 'same'
 * convolutions and a sigmoid transposed convolution; a few thousand parameters, fast enough for unit tests.
 */
public final class ConvAutoencoder implements Architecture {

    /** The name prefix stored in {@code model.json}; the full name is {@code conv-autoencoder-<rows>x<frames>-<width>}. */
    public static final String NAME = "conv-autoencoder";

    private final int rows;
    private final int frames;
    private final int width;

    /** Creates the architecture for inputs of {@code rows x frames x 1} with {@code width} channels in the hidden layers. */
    public ConvAutoencoder(int rows, int frames, int width) {
        this.rows = rows;
        this.frames = frames;
        this.width = width;
    }

    /** Returns {@code conv-autoencoder-<rows>x<frames>-<width>}, which {@link Architectures#byName} parses back. */
    @Override
    public String name() {
        return NAME + "-" + rows + "x" + frames + "-" + width;
    }

    /** Returns (rows, frames, 1). */
    @Override
    public int[] inputShape() {
        return new int[] {rows, frames, 1};
    }

    /** Builds conv relu, conv relu, transposed conv sigmoid, all 3x3 'same'. */
    @Override
    public Operand<TFloat32> build(Layers l, Operand<TFloat32> input) {
        Operand<TFloat32> x = l.conv2d(l.input(input), width, 3, Activation.RELU);
        x = l.conv2d(x, width, 3, Activation.RELU);
        return l.conv2dTranspose(x, 1, 3, Activation.SIGMOID);
    }
}
