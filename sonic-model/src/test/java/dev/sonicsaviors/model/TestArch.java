package dev.sonicsaviors.model;

import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A throw-away architecture for block-level tests. */
record TestArch(String name, int[] inputShape, BiFunction<Layers, Operand<TFloat32>, Operand<TFloat32>> body) implements Architecture {
    @Override
    public Operand<TFloat32> build(Layers layers, Operand<TFloat32> input) {
        return body.apply(layers, layers.input(input));
    }
}
