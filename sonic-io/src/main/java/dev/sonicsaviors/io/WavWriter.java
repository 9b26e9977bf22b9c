package dev.sonicsaviors.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes WAV files atomically (a temporary file renamed over the target, via {@link WavStreamWriter}): 16- or 24-bit PCM
 * or 32-bit IEEE float; samples are clipped to [-1, 1] and PCM values are rounded to the nearest integer of
 * {@code x * 2^(bits-1)}.
 */
public final class WavWriter {
    private WavWriter() {}

    /** Writes {@code mono} ({@code float[sample]} in [-1, 1]) as a 16-bit PCM mono WAV at {@code sampleRate} Hz. */
    public static void write(Path file, float[] mono, int sampleRate) throws IOException {
        write(file, new float[][] {Objects.requireNonNull(mono, "mono")}, sampleRate, 16);
    }

    /**
     * Writes {@code channels} ({@code float[channel][sample]} in [-1, 1]) at {@code sampleRate} Hz with
     * {@code bitsPerSample} 16 or 24 (PCM) or 32 (IEEE float); NaN samples are rejected.
     */
    public static void write(Path file, float[][] channels, int sampleRate, int bitsPerSample) throws IOException {
        Objects.requireNonNull(channels, "channels");
        if (channels.length == 0 || channels.length > 65535) {
            throw new IllegalArgumentException("channel count must be 1..65535, got " + channels.length);
        }
        int n = Objects.requireNonNull(channels[0], "channel 0").length;
        for (int c = 0; c < channels.length; c++) {
            if (Objects.requireNonNull(channels[c], "channel " + c).length != n) {
                throw new IllegalArgumentException("channel " + c + " has " + channels[c].length
                        + " samples, channel 0 has " + n);
            }
        }
        // format, NaN samples and the 4 GiB limit are checked by the stream writer before it writes a byte
        try (WavStreamWriter w = WavStreamWriter.create(file, channels.length, sampleRate, bitsPerSample)) {
            w.write(channels, 0, n);
            w.commit();
        }
    }
}
