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

    /**
     * Tells the data that training epoch {@code epoch} (1-based) starts, before any {@link #fill} of that epoch; data
     * that mixes fresh noise every epoch re-seeds from it, so a resumed run sees the same examples. Default: nothing.
     */
    default void beginEpoch(int epoch) {
    }
}
