package dev.sonicsaviors.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes WAV files atomically (via {@link AtomicFiles}): 16- or 24-bit PCM or 32-bit IEEE float; samples are clipped
 * to [-1, 1] and PCM values are rounded to the nearest integer of {@code x * 2^(bits-1)}.
 */
public final class WavWriter {
    private static final int CHUNK_FRAMES = 4096;

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
            for (int i = 0; i < n; i++) {
                if (Float.isNaN(channels[c][i])) {
                    throw new IllegalArgumentException("NaN sample at index " + i + " of channel " + c);
                }
            }
        }
        if (sampleRate < Checks.MIN_RATE || sampleRate > Checks.MAX_RATE) {
            throw new IllegalArgumentException("sample rate must be " + Checks.MIN_RATE + ".." + Checks.MAX_RATE
                    + " Hz, got " + sampleRate);
        }
        if (bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32) {
            throw new IllegalArgumentException("bitsPerSample must be 16, 24 (PCM) or 32 (float), got " + bitsPerSample);
        }
        int ch = channels.length;
        int bytes = bitsPerSample / 8;
        boolean isFloat = bitsPerSample == 32;
        long dataLen = (long) n * ch * bytes;
        boolean pad = (dataLen & 1) != 0;
        int fmtLen = isFloat ? 18 : 16;
        long riffLen = 4 + (8 + fmtLen) + (isFloat ? 12 : 0) + 8 + dataLen + (pad ? 1 : 0);
        if (riffLen > 0xFFFFFFFFL) {
            throw new IOException(file + ": audio too long for a WAV file (" + dataLen + " data bytes)");
        }
        AtomicFiles.write(file, out -> {
            byte[] h = new byte[12 + 8 + fmtLen + (isFloat ? 12 : 0) + 8];
            int p = 0;
            p = putAscii(h, p, "RIFF");
            p = put32(h, p, riffLen);
            p = putAscii(h, p, "WAVE");
            p = putAscii(h, p, "fmt ");
            p = put32(h, p, fmtLen);
            p = put16(h, p, isFloat ? 3 : 1);
            p = put16(h, p, ch);
            p = put32(h, p, sampleRate);
            p = put32(h, p, (long) sampleRate * ch * bytes);
            p = put16(h, p, ch * bytes);
            p = put16(h, p, bitsPerSample);
            if (isFloat) {
                p = put16(h, p, 0);
                p = putAscii(h, p, "fact");
                p = put32(h, p, 4);
                p = put32(h, p, n);
            }
            p = putAscii(h, p, "data");
            put32(h, p, dataLen);
            out.write(h);
            writeSamples(out, channels, n, bitsPerSample);
            if (pad) {
                out.write(0);
            }
        });
    }

    private static void writeSamples(OutputStream out, float[][] channels, int n, int bits) throws IOException {
        int ch = channels.length;
        int bytes = bits / 8;
        byte[] buf = new byte[CHUNK_FRAMES * ch * bytes];
        for (int start = 0; start < n; start += CHUNK_FRAMES) {
            int end = Math.min(n, start + CHUNK_FRAMES);
            int p = 0;
            for (int i = start; i < end; i++) {
                for (int c = 0; c < ch; c++) {
                    float x = Math.max(-1.0f, Math.min(1.0f, channels[c][i]));
                    switch (bits) {
                        case 16 -> {
                            int v = (int) Math.max(-32768L, Math.min(32767L, Math.round(x * 32768.0)));
                            buf[p++] = (byte) v;
                            buf[p++] = (byte) (v >> 8);
                        }
                        case 24 -> {
                            int v = (int) Math.max(-8388608L, Math.min(8388607L, Math.round(x * 8388608.0)));
                            buf[p++] = (byte) v;
                            buf[p++] = (byte) (v >> 8);
                            buf[p++] = (byte) (v >> 16);
                        }
                        default -> {
                            int v = Float.floatToRawIntBits(x);
                            buf[p++] = (byte) v;
                            buf[p++] = (byte) (v >> 8);
                            buf[p++] = (byte) (v >> 16);
                            buf[p++] = (byte) (v >> 24);
                        }
                    }
                }
            }
            out.write(buf, 0, p);
        }
    }

    private static int putAscii(byte[] h, int p, String s) {
        for (int i = 0; i < s.length(); i++) {
            h[p++] = (byte) s.charAt(i);
        }
        return p;
    }

    private static int put16(byte[] h, int p, int v) {
        h[p] = (byte) v;
        h[p + 1] = (byte) (v >> 8);
        return p + 2;
    }

    private static int put32(byte[] h, int p, long v) {
        put16(h, p, (int) (v & 0xFFFF));
        put16(h, p + 2, (int) ((v >> 16) & 0xFFFF));
        return p + 4;
    }
}
