package dev.sonicsaviors.api;

import dev.sonicsaviors.io.AudioSink;
import dev.sonicsaviors.io.AudioSource;
import java.io.IOException;

/**
 * A loaded denoising model, from {@link Denoisers#load}: it removes noise from audio of any length, sample rate and
 * channel count (each channel separately), keeping rate, length and channel count, with no delay.
 *
 * <p>Thread safety: one instance may be shared by many threads. Calls run side by side; only the model's own
 * evaluation (a short step per 10 s chunk) is taken by one thread at a time, so for the highest throughput across many
 * threads load one instance per thread. {@link #close()} must not overlap running calls.
 *
 * <p>Memory: a call holds a few 10 s chunks of every channel, whatever the input length; the streaming method never
 * holds the whole input.
 */
public interface Denoiser extends AutoCloseable {

    /** Returns the model card of the loaded model. */
    ModelCard card();

    /** Returns the options this denoiser was loaded with. */
    DenoiseOptions options();

    /**
     * Returns a denoised copy of {@code noisy} ({@code [channel][sample]}, samples in [-1, 1], every channel the same
     * length, at {@code sampleRate} Hz): same layout, rate and length. The input is not changed.
     *
     * @throws IllegalArgumentException if the channels differ in length or the rate is not positive
     */
    float[][] denoise(float[][] noisy, int sampleRate);

    /**
     * Denoises {@code in} (any length; read segment by segment) and appends the result to {@code out} in order, at
     * {@code in}'s sample rate and channel count; the caller creates {@code out} with that rate and channel count, and
     * commits or closes it afterwards. The result is the same, sample for sample, as {@link #denoise(float[][], int)} on
     * the whole decoded input.
     *
     * @param progress told of finished samples after each chunk ({@link ProgressListener#NONE} to ignore)
     * @param cancel checked after each chunk ({@code null}: never cancelled)
     * @throws java.util.concurrent.CancellationException if {@code cancel} was cancelled; {@code out} then holds a part and
     *         should be discarded (closing a {@code WavStreamWriter} without committing deletes its temporary file)
     * @throws IOException if reading {@code in} or writing {@code out} fails
     */
    void denoise(AudioSource in, AudioSink out, ProgressListener progress, Cancellation cancel) throws IOException;

    /**
     * Like {@link #denoise(AudioSource, AudioSink, ProgressListener, Cancellation)} but resamples the output on the fly to
     * {@code outputRate} Hz (the caller creates {@code out} at that rate); {@code outputRate == in.sampleRate()} is the
     * same as that method.
     *
     * @throws IllegalArgumentException if {@code outputRate} is not positive
     */
    void denoise(AudioSource in, AudioSink out, int outputRate, ProgressListener progress, Cancellation cancel) throws IOException;

    /** Releases the model (its TensorFlow session for learned models); later calls fail with {@link IllegalStateException}. */
    @Override
    void close();
}
