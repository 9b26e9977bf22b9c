package dev.sonicsaviors.model;

/** Paired training examples (noisy input, clean target), normalised to [0, 1], each of the model's input size. */
public interface TrainingData {

    /** Returns the number of examples. */
    int size();

    /** Returns the number of floats in one example (height x width x channels, for example 148 x 109 x 1). */
    int exampleSize();

    /**
     * Copies the examples at {@code indices} into {@code noisy} and {@code clean}, example {@code i} at offset
     * {@code i * exampleSize()}, each example in C order {@code (row, frame, channel)}; called from a background thread.
     */
    void fill(int[] indices, float[] noisy, float[] clean);
}
