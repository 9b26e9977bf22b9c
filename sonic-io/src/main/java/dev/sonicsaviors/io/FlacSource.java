package dev.sonicsaviors.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/**
 * Reads a FLAC file's frames on demand by decoding it front to back and keeping only the decoded frames from the start of
 * the latest read onward, so forward reads that overlap a little (as the chunked denoiser makes them) need memory for a
 * few reads, not the whole recording; a read that starts before the kept frames decodes again from the beginning. The
 * samples equal {@link FlacReader}'s (scaled by 2^(bits-1)). Needs the total length in STREAMINFO:
 * {@link #open(Path)} decodes a file without it whole. Not safe for concurrent use.
 */
public final class FlacSource implements AudioSource {
    private final Path file;
    private final int channels;
    private final int sampleRate;
    private final int bits;
    private final long total;
    private final float scale;

    private InputStream stream;
    private FLACDecoder decoder;
    private final ErrorListener errors = new ErrorListener();
    /** Decoded frames {@code [bufStart, bufStart + bufLen)} of every channel, {@code float[channel][frame]}. */
    private float[][] buf;
    private long bufStart;
    private int bufLen;
    private boolean ended;

    private FlacSource(Path file, StreamInfo info) {
        this.file = file;
        this.channels = info.getChannels();
        this.sampleRate = info.getSampleRate();
        this.bits = info.getBitsPerSample();
        this.total = info.getTotalSamples();
        this.scale = (float) (1.0 / (1L << (bits - 1)));
        this.buf = new float[channels][1 << 16];
    }

    /**
     * Opens {@code file} (native FLAC): a streaming source when STREAMINFO gives the total length, otherwise the whole file
     * decoded by {@link FlacReader}; a file that is not FLAC or whose header is broken is an {@link AudioFormatException}.
     */
    public static AudioSource open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        StreamInfo info = readHeader(file);
        if (info == null || info.getTotalSamples() <= 0) {
            return AudioSource.of(FlacReader.read(file));
        }
        Checks.channelsAndRate(file, info.getChannels(), info.getSampleRate());
        Checks.totalSamples(file, info.getTotalSamples(), info.getChannels());
        FlacSource s = new FlacSource(file, info);
        s.restart();
        return s;
    }

    /** Returns the STREAMINFO of {@code file}, or null when the header cannot be read (FlacReader then names the problem). */
    private static StreamInfo readHeader(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 12)) {
            in.mark(4);
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4 || !WavReader.ascii(magic, 0, 4).equals("fLaC")) {
                return null;
            }
            in.reset();
            FLACDecoder dec = new FLACDecoder(in);
            try {
                dec.readMetadata();
                return dec.getStreamInfo();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** Opens the file again and positions the decoder at its first audio frame, with nothing buffered. */
    private void restart() throws IOException {
        closeStream();
        stream = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        decoder = new FLACDecoder(stream);
        decoder.addFrameListener(errors);
        try {
            Metadata[] meta = decoder.readMetadata();
            if (meta == null || decoder.getStreamInfo() == null) {
                throw new AudioFormatException(file, "truncated header (no STREAMINFO block)");
            }
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw AudioFormatException.of(file, "truncated header (" + e.getClass().getSimpleName() + ")", e);
        }
        bufStart = 0;
        bufLen = 0;
        ended = false;
        errors.error = null;
    }

    @Override
    public int channelCount() {
        return channels;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public long frames() {
        return total;
    }

    @Override
    public int bitsPerSample() {
        return bits;
    }

    @Override
    public String codec() {
        return "flac";
    }

    @Override
    public void read(long offset, float[][] dest, int destOffset, int n) throws IOException {
        Objects.requireNonNull(dest, "dest");
        if (dest.length != channels) {
            throw new IllegalArgumentException("got " + dest.length + " channels, the file has " + channels);
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative frame count: " + n);
        }
        long from = Math.max(0, Math.min(offset, total));
        long to = Math.max(from, Math.min(offset + n, total));
        if (from < bufStart) {
            restart();
        }
        drop(from);
        while (bufStart + bufLen < to) {
            decodeNext();
        }
        for (int c = 0; c < channels; c++) {
            float[] d = dest[c];
            if (d == null) {
                continue;
            }
            Objects.checkFromIndexSize(destOffset, n, d.length);
            for (int i = 0; i < n; i++) {
                long f = offset + i;
                d[destOffset + i] = f < from || f >= to ? 0f : buf[c][(int) (f - bufStart)];
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

    /** Decodes the next FLAC frame into the buffer; an early end or a corrupt frame is an {@link AudioFormatException}. */
    private void decodeNext() throws IOException {
        long decoded = bufStart + bufLen;
        Frame frame;
        try {
            frame = ended ? null : decoder.readNextFrame();
        } catch (IOException | RuntimeException e) {
            throw AudioFormatException.of(file, "corrupt FLAC stream (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (errors.error != null) {
            throw new AudioFormatException(file, "corrupt FLAC frame after " + decoded + " samples: " + errors.error);
        }
        if (frame == null) {
            ended = true;
            throw new AudioFormatException(file, "truncated data (STREAMINFO says " + total + " samples, decoded " + decoded + ")");
        }
        if (frame.header.channels != channels) {
            throw new AudioFormatException(file, "corrupt FLAC stream: frame has " + frame.header.channels
                    + " channels, STREAMINFO says " + channels);
        }
        int n = frame.header.blockSize;
        if (bufLen + n > buf[0].length) {
            float[][] grown = new float[channels][Math.max(2 * buf[0].length, bufLen + n)];
            for (int c = 0; c < channels; c++) {
                System.arraycopy(buf[c], 0, grown[c], 0, bufLen);
            }
            buf = grown;
        }
        ChannelData[] data = decoder.getChannelData();
        for (int c = 0; c < channels; c++) {
            int[] src = data[c].getOutput();
            float[] dst = buf[c];
            for (int i = 0; i < n; i++) {
                dst[bufLen + i] = src[i] * scale;
            }
        }
        bufLen += n;
    }

    private void closeStream() throws IOException {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeStream();
    }

    /** Keeps the first decoding error jflac reports (it reports, rather than throws, bad frames). */
    private static final class ErrorListener implements FrameListener {
        String error;

        @Override
        public void processMetadata(Metadata metadata) {
            // STREAMINFO is read through the decoder
        }

        @Override
        public void processFrame(Frame frame) {
            // frames are taken with readNextFrame
        }

        @Override
        public void processError(String msg) {
            if (error == null) {
                error = msg;
            }
        }
    }
}
