package dev.sonicsaviors.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code model.json}: format version, architecture name, input shape {@code (height, width, channels)},
 * parameter count, every variable (name, Keras-layout shape, {@code .npy} file) and opaque caller metadata (feature
 * parameters, normalisation statistics, approach, noise settings, seed, data hash, history...).
 */
public record ModelInfo(int formatVersion, String architecture, int[] inputShape, long parameterCount,
                        List<VariableInfo> variables, Map<String, Object> metadata) {

    /** One saved variable: stable name, shape in Keras layout, file name relative to the model folder. */
    public record VariableInfo(String name, int[] shape, String file) {
        /** Copies the shape. */
        public VariableInfo {
            shape = shape.clone();
        }

        /** Returns a copy of the shape. */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** Equality by value. */
        @Override
        public boolean equals(Object o) {
            return o instanceof VariableInfo v && v.name.equals(name) && Arrays.equals(v.shape, shape) && v.file.equals(file);
        }

        /** Hash by value. */
        @Override
        public int hashCode() {
            return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + file.hashCode();
        }

        /** Returns {@code name shape file}. */
        @Override
        public String toString() {
            return name + Arrays.toString(shape) + " " + file;
        }
    }

    /** Copies arrays and collections defensively (metadata keeps insertion order). */
    public ModelInfo {
        inputShape = inputShape == null ? null : inputShape.clone();
        variables = variables == null ? null : List.copyOf(variables);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Returns a copy of the input shape. */
    @Override
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** Equality by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInfo m && m.formatVersion == formatVersion && m.architecture.equals(architecture)
                && Arrays.equals(m.inputShape, inputShape) && m.parameterCount == parameterCount
                && m.variables.equals(variables) && m.metadata.equals(metadata);
    }

    /** Hash by value. */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(formatVersion, architecture, Arrays.hashCode(inputShape), parameterCount, variables, metadata);
    }

    /** Returns a short description. */
    @Override
    public String toString() {
        return "ModelInfo[v" + formatVersion + " " + architecture + " " + Arrays.toString(inputShape) + " " + parameterCount + " params]";
    }
}
