package dev.sonicsaviors.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An {@link AudioSource} over a compressed file that can only be decoded front to back: it keeps the decoded frames from
 * the start of the latest read onward, so forward reads that overlap a little (as the chunked denoiser makes them) need
 * memory for a few reads, not the whole recording; a read that starts before the kept frames decodes again from the
 * beginning. Subclasses supply the decoder over the file's stream, which this class opens and closes. Not safe for
 * concurrent use.
 */
abstract class DecodingSource implements AudioSource {
    /** The file, for error messages. */
    protected final Path file;
    private final int channels;
    private final int sampleRate;
    private final long total;
    private InputStream stream;
    /** Decoded frames {@code [bufStart, bufStart + bufLen)} of every channel, {@code float[channel][frame]}. */
    private float[][] buf;
    private long bufStart;
    private int bufLen;

    /** Creates a source of {@code total} frames of {@code channels} channels at {@code sampleRate} Hz. */
    DecodingSource(Path file, int channels, int sampleRate, long total) {
        this.file = file;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.total = total;
        this.buf = new float[channels][1 << 16];
    }

    /** Starts a decoder on {@code in}, the file's bytes from the beginning, and positions it before the first audio frame. */
    protected abstract void restartDecoder(InputStream in) throws IOException;

    /**
     * Decodes the next block of frames as {@code float[channel][frame]} in [-1, 1], or returns null at the end of the
     * stream; a corrupt stream is an {@link AudioFormatException}.
     */
    protected abstract float[][] nextBlock() throws IOException;

    /** Opens the file again and starts decoding from the beginning with nothing buffered. */
    protected final void restart() throws IOException {
        close();
        stream = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        restartDecoder(stream);
        bufStart = 0;
        bufLen = 0;
    }

    /** Returns the frames decoded since the last restart. */
    protected final long decodedFrames() {
        return bufStart + bufLen;
    }

    /** Closes the file. */
    @Override
    public final void close() throws IOException {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public final int channelCount() {
        return channels;
    }

    @Override
    public final int sampleRate() {
        return sampleRate;
    }

    @Override
    public final long frames() {
        return total;
    }

    @Override
    public final void read(long offset, float[][] dest, int destOffset, int n) throws IOException {
        Reads.check(channels, dest, destOffset, n);
        long from = Math.max(0, Math.min(offset, total));
        long to = Math.max(from, Math.min(offset + n, total));
        if (from < bufStart) {
            restart();
        }
        drop(from);
        while (bufStart + bufLen < to) {
            append();
            drop(from); // a read far ahead keeps no more than it needs
        }
        for (int c = 0; c < channels; c++) {
            float[] d = dest[c];
            if (d == null) {
                continue;
            }
            Reads.zeroOutside(d, destOffset, n, offset, from, to);
            if (to > from) {
                System.arraycopy(buf[c], (int) (from - bufStart), d, destOffset + (int) (from - offset), (int) (to - from));
            }
        }
    }

    /** Forgets the buffered frames before {@code frame}. */
    private void drop(long frame) {
        int k = (int) Math.min(bufLen, frame - bufStart);
        if (k <= 0) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(buf[c], k, buf[c], 0, bufLen - k);
        }
        bufStart += k;
        bufLen -= k;
    }

    /** Decodes the next block into the buffer; the stream ending before {@link #frames()} is truncated data. */
    private void append() throws IOException {
        float[][] block = nextBlock();
        if (block == null) {
            throw new AudioFormatException(file, "truncated data (expected " + total + " frames, decoded " + (bufStart + bufLen) + ")");
        }
        if (block.length != channels) {
            throw new AudioFormatException(file, "corrupt stream: a frame has " + block.length + " channels, the header says " + channels);
        }
        int n = block[0].length;
        if (bufLen + n > buf[0].length) {
            float[][] grown = new float[channels][Math.max(2 * buf[0].length, bufLen + n)];
            for (int c = 0; c < channels; c++) {
                System.arraycopy(buf[c], 0, grown[c], 0, bufLen);
            }
            buf = grown;
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(block[c], 0, buf[c], bufLen, n);
        }
        bufLen += n;
    }
}
