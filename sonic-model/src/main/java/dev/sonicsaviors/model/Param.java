package dev.sonicsaviors.model;

import java.util.Arrays;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One trainable variable of a network: stable name (like {@code conv2d/kernel}), shape in Keras layout, the graph
 * variable, and the fan-in/fan-out used for Glorot initialisation ({@code 0} fans mean zero initialisation).
 */
public record Param(String name, long[] shape, Variable<TFloat32> variable, long fanIn, long fanOut) {

    /** Copies the shape defensively. */
    public Param {
        shape = shape.clone();
    }

    /** Returns a copy of the shape (Keras layout, for example conv kernels {@code (kh, kw, in, out)}). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Returns the number of scalars in this variable. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Returns the shape as ints (for {@code .npy} headers). */
    public int[] intShape() {
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    /** Returns true when this variable is Glorot-initialised (kernels) rather than zero-initialised (biases). */
    public boolean glorot() {
        return fanIn + fanOut > 0;
    }

    /** Equality by name and shape (the variable handle is graph-specific). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Param p && p.name.equals(name) && Arrays.equals(p.shape, shape);
    }

    /** Hash of name and shape. */
    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    /** Returns {@code name shape}. */
    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
