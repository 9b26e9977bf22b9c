package dev.sonicsaviors.io;

import java.util.Arrays;

/**
 * An n-dimensional float array read from or written to a {@code .npy} file, stored flat in C (row-major) order.
 *
 * @param shape the extent of each axis, outermost first (NumPy's {@code shape})
 * @param data the values in C order; its length is the product of {@code shape}
 */
public record NpyArray(int[] shape, float[] data) {

    /** Checks that the data length matches the shape and copies the shape defensively. */
    public NpyArray {
        shape = shape.clone();
        long n = Npy.elementCount(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    /** Returns a copy of the shape (extent of each axis, outermost first). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Returns the number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Returns the extent of axis {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Returns a 2-D array as {@code [row][col]}; fails unless the array has exactly two axes. */
    public float[][] to2d() {
        if (shape.length != 2) {
            throw new IllegalStateException("expected 2 axes, shape is " + Arrays.toString(shape));
        }
        return slice2d(data, 0, shape[0], shape[1]);
    }

    /** Returns item {@code i} of a 3-D array (shape (N, rows, cols)) as {@code [row][col]}. */
    public float[][] item2d(int i) {
        if (shape.length != 3) {
            throw new IllegalStateException("expected 3 axes, shape is " + Arrays.toString(shape));
        }
        int rows = shape[1];
        int cols = shape[2];
        return slice2d(data, (long) i * rows * cols, rows, cols);
    }

    private static float[][] slice2d(float[] flat, long start, int rows, int cols) {
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, (int) (start + (long) r * cols), out[r], 0, cols);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape);
    }
}
