package dev.sonicsaviors.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A WAV file (the formats of {@link WavReader}: PCM 8/16/24/32-bit, IEEE float 32/64, A-law, mu-law, plain,
 * WAVE_FORMAT_EXTENSIBLE or RF64) opened for random access: {@link #open} parses and validates the header only, and
 * {@link #read} decodes the requested frames from the file on demand, so memory stays at one small read buffer whatever
 * the file's length. Errors are {@link WavReader}'s one-line {@link AudioFormatException}s; a non-finite float sample is
 * reported when the read that covers it happens. Not safe for concurrent use.
 */
public final class WavSource implements AudioSource {
    /** Bytes decoded per file read (at least one frame). */
    private static final int READ_BYTES = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final WavReader.Layout layout;
    private final byte[] buffer;

    private WavSource(Path file, FileChannel channel, WavReader.Layout layout) {
        this.file = file;
        this.channel = channel;
        this.layout = layout;
        int align = layout.fmt().blockAlign();
        this.buffer = new byte[Math.max(1, READ_BYTES / align) * align];
    }

    /** Opens {@code file} and parses its header; throws a one-line {@link AudioFormatException} if it is not a WAV file we decode. */
    public static WavSource open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new AudioFormatException(file, "is a directory, not an audio file");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            WavReader.Layout layout = WavReader.parse(file, new WavReader.Bytes() {
                @Override
                public long length() throws IOException {
                    return ch.size();
                }

                @Override
                public void read(long pos, byte[] dst, int len) throws IOException {
                    readFully(file, ch, pos, dst, len);
                }
            });
            return new WavSource(file, ch, layout);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Returns the file this source reads. */
    public Path file() {
        return file;
    }

    @Override
    public int channelCount() {
        return layout.fmt().channels();
    }

    @Override
    public int sampleRate() {
        return (int) layout.fmt().rate();
    }

    @Override
    public long frames() {
        return layout.frames();
    }

    /** Returns the source bit depth in bits (the valid bits of WAVE_FORMAT_EXTENSIBLE; 8 for A-law and mu-law). */
    @Override
    public int bitsPerSample() {
        return layout.depth();
    }

    @Override
    public String codec() {
        return layout.codec();
    }

    @Override
    public void read(long offset, float[][] dest, int destOffset, int n) throws IOException {
        Reads.check(channelCount(), dest, destOffset, n);
        long frames = frames();
        long lo = Math.max(0, Math.min(frames, offset));
        long hi = Math.max(lo, Math.min(frames, offset + n));
        for (float[] d : dest) {
            if (d != null) {
                Reads.zeroOutside(d, destOffset, n, offset, lo, hi);
            }
        }
        int align = layout.fmt().blockAlign();
        int perRead = buffer.length / align;
        for (long f = lo; f < hi; f += perRead) {
            int count = (int) Math.min(perRead, hi - f);
            readFully(file, channel, layout.dataOffset() + f * align, buffer, count * align);
            WavReader.decodeFrames(file, layout, buffer, 0, f, dest, destOffset + (int) (f - offset), count);
        }
    }

    /** Decodes the whole file into memory (as {@link WavReader#read(Path)}). */
    AudioData readAll() throws IOException {
        int ch = channelCount();
        int n = Checks.totalSamples(file, frames(), ch) / ch;
        float[][] out = new float[ch][n];
        read(0, out, 0, n);
        return new AudioData(out, sampleRate(), bitsPerSample(), codec());
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Reads exactly {@code len} bytes at {@code pos}; a file that ends early (it shrank after opening) is truncated data. */
    private static void readFully(Path file, FileChannel ch, long pos, byte[] dst, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(dst, 0, len);
        while (bb.hasRemaining()) {
            int r = ch.read(bb, pos + bb.position());
            if (r < 0) {
                throw new AudioFormatException(file, "truncated data (the file ends at byte " + (pos + bb.position())
                        + ", " + bb.remaining() + " bytes early)");
            }
        }
    }
}
