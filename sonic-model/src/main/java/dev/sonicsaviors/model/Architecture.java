package dev.sonicsaviors.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A network architecture: a name, an input shape and a graph-building function. */
public interface Architecture {

    /** Returns the stable name stored in {@code model.json} (for example {@code seed-autoencoder}). */
    String name();

    /** Returns the input shape without the batch axis, {@code (height, width, channels)}, for example (148, 109, 1). */
    int[] inputShape();

    /** Builds the network on {@code input} of shape {@code (batch, height, width, channels)} and returns its output of the same shape. */
    Operand<TFloat32> build(Layers layers, Operand<TFloat32> input);

    /** Returns the scalar training loss of {@code output} against {@code target} (both of the input's shape): MSE unless overridden. */
    default Operand<TFloat32> loss(Ops tf, Operand<TFloat32> output, Operand<TFloat32> target) {
        return tf.math.mean(tf.math.squaredDifference(output, target), tf.constant(new int[] {0, 1, 2, 3}));
    }

    /**
     * Returns true when the network is fully convolutional along the width (time) axis, so that the graph's input has a
     * dynamic width and inputs of any width (frames) can be run; {@link #inputShape()} then gives the training width.
     */
    default boolean variableWidth() {
        return false;
    }

    /** Returns the number of scalars in one input example (height x width x channels). */
    default int exampleSize() {
        int n = 1;
        for (int d : inputShape()) {
            n *= d;
        }
        return n;
    }
}
