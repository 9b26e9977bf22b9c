package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.pipeline.Progress;

/**
 * Removes noise from audio of any length and sample rate: the output has the input's rate and length, with no delay.
 * Implementations keep their working memory bounded by a chunk size, whatever the input length.
 */
public interface Denoiser {

    /**
     * Denoises {@code in} ({@code float[sample]} at {@code sampleRate} Hz) into {@code out} (same length; it may be the same
     * array as {@code in}), reporting finished input samples to {@code progress} with {@link Progress#step(long)} only.
     */
    void denoise(float[] in, float[] out, int sampleRate, Progress progress);

    /** Returns a denoised copy of {@code mono} ({@code float[sample]} at {@code sampleRate} Hz), same length. */
    default float[] process(float[] mono, int sampleRate) {
        float[] out = new float[mono.length];
        denoise(mono, out, sampleRate, Progress.NONE);
        return out;
    }

    /**
     * Denoises every channel of {@code channels} ({@code float[channel][sample]} at {@code sampleRate} Hz) separately and in
     * place, reporting finished samples (over all channels) to {@code progress} with {@link Progress#step(long)}.
     */
    default void processInPlace(float[][] channels, int sampleRate, Progress progress) {
        for (float[] ch : channels) {
            denoise(ch, ch, sampleRate, progress);
        }
    }
}
