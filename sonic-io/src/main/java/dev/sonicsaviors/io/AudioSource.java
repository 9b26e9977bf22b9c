package dev.sonicsaviors.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;

/**
 * Random access to the decoded samples of a recording, in [-1, 1], frame by frame (a frame holds one sample of every
 * channel), without necessarily holding the whole recording in memory. Not safe for concurrent use; close it when done.
 */
public interface AudioSource extends Closeable {

    /** Returns the number of channels (at least 1). */
    int channelCount();

    /** Returns the sample rate in Hz. */
    int sampleRate();

    /** Returns the length in frames (samples per channel). */
    long frames();

    /** Returns the bit depth of the source samples in bits. */
    int bitsPerSample();

    /** Returns a short codec name such as {@code pcm_s16le}. */
    String codec();

    /**
     * Reads frames {@code [offset, offset + n)} into {@code dest[channel][destOffset, destOffset + n)} ({@code float[channel][frame]},
     * one entry per channel; a null entry skips that channel); frames before 0 or from {@link #frames()} on read as zeros.
     */
    void read(long offset, float[][] dest, int destOffset, int n) throws IOException;

    /** Returns frames {@code [offset, offset + n)} of one channel as a new {@code float[frame]} (zeros outside the recording). */
    default float[] readChannel(int channel, long offset, int n) throws IOException {
        Objects.checkIndex(channel, channelCount());
        float[][] dest = new float[channelCount()][];
        dest[channel] = new float[n];
        read(offset, dest, 0, n);
        return dest[channel];
    }

    /** Returns the duration in seconds ({@code frames / sampleRate}). */
    default double durationSeconds() {
        return frames() / (double) sampleRate();
    }

    /** Returns a source over the decoded {@code audio}, which it shares (closing it does nothing). */
    static AudioSource of(AudioData audio) {
        return new ArrayAudioSource(Objects.requireNonNull(audio, "audio"));
    }

    /** Releases the file behind this source, if any. */
    @Override
    void close() throws IOException;
}
