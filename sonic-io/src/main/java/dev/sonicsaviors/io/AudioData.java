package dev.sonicsaviors.io;

import java.util.Objects;

/**
 * Decoded audio: {@code channels} is {@code float[channel][sample]} in [-1, 1], {@code sampleRate} in Hz,
 * {@code bitsPerSample} the source bit depth in bits, {@code codec} a short codec name such as {@code pcm_s16le}.
 *
 * @param channels samples as {@code [channel][sample]}, every channel the same length
 * @param sampleRate sample rate in Hz
 * @param bitsPerSample bit depth of the source samples in bits
 * @param codec short codec name, e.g. {@code pcm_s16le}, {@code pcm_f32le}, {@code flac}, {@code mp3}
 */
public record AudioData(float[][] channels, int sampleRate, int bitsPerSample, String codec) {

    /** Validates that there is at least one channel, all channels have equal length and the rate is positive. */
    public AudioData {
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(codec, "codec");
        if (channels.length == 0) {
            throw new IllegalArgumentException("audio needs at least one channel");
        }
        int n = Objects.requireNonNull(channels[0], "channel 0").length;
        for (int c = 1; c < channels.length; c++) {
            if (Objects.requireNonNull(channels[c], "channel " + c).length != n) {
                throw new IllegalArgumentException("channel " + c + " has " + channels[c].length
                        + " samples, channel 0 has " + n);
            }
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate + " Hz");
        }
    }

    /** Returns the number of channels (at least 1). */
    public int channelCount() {
        return channels.length;
    }

    /** Returns the length in frames, i.e. samples per channel. */
    public int frames() {
        return channels[0].length;
    }

    /** Returns the duration in seconds ({@code frames / sampleRate}). */
    public double durationSeconds() {
        return frames() / (double) sampleRate;
    }

    /**
     * Returns the mono mix as a new {@code float[sample]}: the float mean of the channels, summed in channel
     * order and divided by the channel count as numpy's {@code mean(axis=0)} does for librosa's {@code to_mono}.
     */
    public float[] toMono() {
        int n = frames();
        float[] out = channels[0].clone();
        if (channels.length == 1) {
            return out;
        }
        for (int c = 1; c < channels.length; c++) {
            float[] ch = channels[c];
            for (int i = 0; i < n; i++) {
                out[i] += ch[i];
            }
        }
        float count = channels.length;
        for (int i = 0; i < n; i++) {
            out[i] /= count;
        }
        return out;
    }
}
