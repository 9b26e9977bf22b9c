package dev.sonicsaviors.model;

/** In-memory {@link TrainingData} over two flat arrays of {@code n * exampleSize} floats (C order per example). */
public final class ArrayTrainingData implements TrainingData {

    private final float[] noisy;
    private final float[] clean;
    private final int exampleSize;
    private final int size;

    /** Wraps (does not copy) {@code noisy} and {@code clean}, each {@code n * exampleSize} floats. */
    public ArrayTrainingData(float[] noisy, float[] clean, int exampleSize) {
        if (noisy.length != clean.length || exampleSize < 1 || noisy.length % exampleSize != 0) {
            throw new IllegalArgumentException("noisy (" + noisy.length + ") and clean (" + clean.length
                    + ") must both hold whole examples of " + exampleSize + " floats");
        }
        this.noisy = noisy;
        this.clean = clean;
        this.exampleSize = exampleSize;
        this.size = noisy.length / exampleSize;
    }

    /** Returns the number of examples. */
    @Override
    public int size() {
        return size;
    }

    /** Returns the floats per example. */
    @Override
    public int exampleSize() {
        return exampleSize;
    }

    /** Copies the selected examples into the batch arrays. */
    @Override
    public void fill(int[] indices, float[] noisyBatch, float[] cleanBatch) {
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(noisy, indices[i] * exampleSize, noisyBatch, i * exampleSize, exampleSize);
            System.arraycopy(clean, indices[i] * exampleSize, cleanBatch, i * exampleSize, exampleSize);
        }
    }
}
