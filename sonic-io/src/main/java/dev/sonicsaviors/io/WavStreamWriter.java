package dev.sonicsaviors.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a WAV file block by block with bounded memory (16- or 24-bit PCM or 32-bit IEEE float, the same bytes as
 * {@link WavWriter}): frames go to a temporary file beside the target; {@link #commit()} patches the header's sizes,
 * forces the file to disk and renames it over the target. Closing without a commit (after a failure) deletes the
 * temporary file, so no partial output is ever left. Samples are clipped to [-1, 1]; NaN is rejected. Not thread-safe.
 */
public final class WavStreamWriter extends TemporaryFileWriter {
    /** Bytes encoded per file write (at least one frame). */
    private static final int BLOCK_BYTES = 1 << 16;
    private static final long MAX_RIFF = 0xFFFFFFFFL;

    private final int sampleRate;
    private final int bits;
    private final int blockFrames;
    private final byte[] buffer;

    private WavStreamWriter(Path target, Path temp, FileChannel channel, int channels, int sampleRate, int bits) {
        super(target, temp, channel, channels);
        this.sampleRate = sampleRate;
        this.bits = bits;
        int frameBytes = channels * (bits / 8);
        this.blockFrames = Math.max(1, BLOCK_BYTES / frameBytes);
        this.buffer = new byte[blockFrames * frameBytes];
    }

    /**
     * Starts writing {@code target} with {@code channels} channels (1..65535) at {@code sampleRate} Hz (1,000..768,000) and
     * {@code bitsPerSample} 16 or 24 (PCM) or 32 (IEEE float); creates missing parent folders and the temporary file.
     */
    public static WavStreamWriter create(Path target, int channels, int sampleRate, int bitsPerSample) throws IOException {
        Objects.requireNonNull(target, "target");
        if (channels <= 0 || channels > 65535) {
            throw new IllegalArgumentException("channel count must be 1..65535, got " + channels);
        }
        checkFormat(sampleRate, bitsPerSample);
        AtomicFiles.Temporary t = AtomicFiles.createTemporary(target);
        WavStreamWriter w = new WavStreamWriter(target, t.path(), t.channel(), channels, sampleRate, bitsPerSample);
        try {
            t.channel().write(ByteBuffer.wrap(w.header()));
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    /** Throws IllegalArgumentException unless the rate is 1,000..768,000 Hz and the depth 16, 24 or 32 bits. */
    static void checkFormat(int sampleRate, int bitsPerSample) {
        if (sampleRate < Checks.MIN_RATE || sampleRate > Checks.MAX_RATE) {
            throw new IllegalArgumentException("sample rate must be " + Checks.MIN_RATE + ".." + Checks.MAX_RATE
                    + " Hz, got " + sampleRate);
        }
        if (bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32) {
            throw new IllegalArgumentException("bitsPerSample must be 16, 24 (PCM) or 32 (float), got " + bitsPerSample);
        }
    }

    /** Returns the RIFF chunk size in bytes of a file of {@code frames} frames, or throws if it exceeds the 4 GiB limit. */
    static long riffLength(Path file, long frames, int channels, int bits) throws IOException {
        boolean isFloat = bits == 32;
        long dataLen = frames * channels * (bits / 8);
        long riffLen = 4 + (8 + (isFloat ? 18 : 16)) + (isFloat ? 12 : 0) + 8 + dataLen + (dataLen & 1);
        if (riffLen > MAX_RIFF || dataLen < 0) {
            throw new IOException(file + ": audio too long for a WAV file (" + dataLen + " data bytes)");
        }
        return riffLen;
    }

    /**
     * Appends frames {@code [offset, offset + n)} of {@code frames} ({@code float[channel][frame]}, one entry per channel);
     * throws IllegalArgumentException on a NaN sample and IOException when the file would pass the 4 GiB WAV limit.
     */
    @Override
    public void write(float[][] frames, int offset, int n) throws IOException {
        checkWrite(frames, offset, n);
        riffLength(target, this.frames + n, channels, bits);
        for (int start = offset; start < offset + n; start += blockFrames) {
            int end = Math.min(offset + n, start + blockFrames);
            int len = encode(frames, start, end);
            ByteBuffer bb = ByteBuffer.wrap(buffer, 0, len);
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
        }
        this.frames += n;
    }

    /** Encodes frames {@code [start, end)} into the buffer and returns the byte count. */
    private int encode(float[][] x, int start, int end) {
        int p = 0;
        for (int i = start; i < end; i++) {
            for (int c = 0; c < channels; c++) {
                float v = Math.max(-1.0f, Math.min(1.0f, x[c][i]));
                switch (bits) {
                    case 16 -> {
                        int q = (int) Math.max(-32768L, Math.min(32767L, Math.round(v * 32768.0)));
                        buffer[p++] = (byte) q;
                        buffer[p++] = (byte) (q >> 8);
                    }
                    case 24 -> {
                        int q = (int) Math.max(-8388608L, Math.min(8388607L, Math.round(v * 8388608.0)));
                        buffer[p++] = (byte) q;
                        buffer[p++] = (byte) (q >> 8);
                        buffer[p++] = (byte) (q >> 16);
                    }
                    default -> {
                        int q = Float.floatToRawIntBits(v);
                        buffer[p++] = (byte) q;
                        buffer[p++] = (byte) (q >> 8);
                        buffer[p++] = (byte) (q >> 16);
                        buffer[p++] = (byte) (q >> 24);
                    }
                }
            }
        }
        return p;
    }

    /** Returns the header for the frames written so far: RIFF, {@code fmt } ({@code fact} for float) and the data chunk header. */
    private byte[] header() throws IOException {
        boolean isFloat = bits == 32;
        int bytes = bits / 8;
        int fmtLen = isFloat ? 18 : 16;
        long riffLen = riffLength(target, frames, channels, bits);
        byte[] h = new byte[12 + 8 + fmtLen + (isFloat ? 12 : 0) + 8];
        int p = 0;
        p = putAscii(h, p, "RIFF");
        p = put32(h, p, riffLen);
        p = putAscii(h, p, "WAVE");
        p = putAscii(h, p, "fmt ");
        p = put32(h, p, fmtLen);
        p = put16(h, p, isFloat ? 3 : 1);
        p = put16(h, p, channels);
        p = put32(h, p, sampleRate);
        p = put32(h, p, (long) sampleRate * channels * bytes);
        p = put16(h, p, channels * bytes);
        p = put16(h, p, bits);
        if (isFloat) {
            p = put16(h, p, 0);
            p = putAscii(h, p, "fact");
            p = put32(h, p, 4);
            p = put32(h, p, frames);
        }
        p = putAscii(h, p, "data");
        put32(h, p, frames * channels * bytes);
        return h;
    }

    /** Adds the pad byte after odd-sized data and writes the final header (the sizes). */
    @Override
    void finish() throws IOException {
        if (((frames * channels * (bits / 8)) & 1) != 0) {
            channel.write(ByteBuffer.wrap(new byte[1]));
        }
        ByteBuffer h = ByteBuffer.wrap(header());
        long pos = 0;
        while (h.hasRemaining()) {
            pos += channel.write(h, pos);
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
