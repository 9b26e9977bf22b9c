package dev.sonicsaviors.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;

/**
 * Reads an MP3 (MPEG-1/2/2.5 layers I-III) file's frames on demand, decoding front to back and keeping only what recent
 * reads need ({@link DecodingSource}); the samples equal {@link Mp3Reader}'s. A first pass over the frame headers
 * ({@link Mp3Frames}, no decoding) finds the length, refuses truncated or corrupt framing, and finds the decoder and
 * encoder delay and padding (from the LAME tag when present), which are cut so that the samples line up with the
 * source as ffmpeg's decoder gives them. Not safe for concurrent use.
 */
public final class Mp3Source extends DecodingSource {
    private final Mp3Frames layout;
    private FrameDecoder decoder;
    /** Decoded samples per channel since the restart, before the delay is cut. */
    private long rawPos;

    private Mp3Source(Path file, Mp3Frames layout) {
        super(file, layout.channels, layout.rate, layout.length);
        this.layout = layout;
    }

    /** Opens {@code file} as MPEG audio: scans its frame headers for the layout and length, then decodes on demand. */
    public static AudioSource open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Mp3Frames layout;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            layout = Mp3Frames.scan(file, in);
        }
        Checks.channelsAndRate(file, layout.channels, layout.rate);
        Checks.totalSamples(file, layout.length, layout.channels);
        Mp3Source s = new Mp3Source(file, layout);
        s.restart();
        return s;
    }

    @Override
    protected void restartDecoder(InputStream in) throws IOException {
        in.skipNBytes(layout.audioStart);
        decoder = new FrameDecoder(file, layout, in);
        rawPos = 0;
    }

    @Override
    protected float[][] nextBlock() throws IOException {
        long end = layout.skip + layout.length;
        while (rawPos < end) {
            float[][] raw = decoder.next();
            if (raw == null) {
                return null;
            }
            int n = raw[0].length;
            long from = Math.max(rawPos, layout.skip);
            long to = Math.min(rawPos + n, end);
            long at = rawPos;
            rawPos += n;
            if (to > from) {
                if (from == at && to == at + n) {
                    return raw;
                }
                float[][] cut = new float[raw.length][];
                for (int c = 0; c < raw.length; c++) {
                    cut[c] = java.util.Arrays.copyOfRange(raw[c], (int) (from - at), (int) (to - at));
                }
                return cut;
            }
        }
        return null;
    }

    @Override
    public int bitsPerSample() {
        return 16;
    }

    @Override
    public String codec() {
        return layout.codec();
    }

    /** Decodes the audio frames of a stream with JLayer, checking that each gives what the header scan found. */
    static final class FrameDecoder {
        private final Path file;
        private final Mp3Frames layout;
        private final Bitstream bitstream;
        private final Decoder decoder = new Decoder();
        private long frame;

        /** Starts decoding {@code in}, positioned at the layout's first audio frame; reads no further than its last. */
        FrameDecoder(Path file, Mp3Frames layout, InputStream in) {
            this.file = file;
            this.layout = layout;
            this.bitstream = new Bitstream(new Limited(in, layout.audioEnd - layout.audioStart));
        }

        /** Returns the next frame's samples ({@code float[channel][sample]} in [-1, 1]), or null after the last frame. */
        float[][] next() throws AudioFormatException {
            if (frame >= layout.audioFrames) {
                return null;
            }
            try {
                Header h = bitstream.readFrame();
                if (h == null) {
                    throw new AudioFormatException(file, "corrupt data (the decoder lost the frames after frame " + frame + ")");
                }
                SampleBuffer buf = (SampleBuffer) decoder.decodeFrame(h, bitstream);
                int ch = buf.getChannelCount();
                short[] s = buf.getBuffer();
                int n = buf.getBufferLength() / ch;
                if (n != layout.samplesPerFrame || ch != layout.channels) {
                    throw new AudioFormatException(file, "corrupt data: frame " + frame + " decodes to " + n + " samples of "
                            + ch + " channels, the stream has " + layout.samplesPerFrame + " of " + layout.channels);
                }
                float[][] block = new float[ch][n];
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < ch; c++) {
                        block[c][i] = s[i * ch + c] / 32768.0f;
                    }
                }
                bitstream.closeFrame();
                frame++;
                return block;
            } catch (AudioFormatException e) {
                throw e;
            } catch (JavaLayerException | RuntimeException e) {
                throw AudioFormatException.of(file, "corrupt data in frame " + frame + " (the decoder failed)", e);
            }
        }
    }

    /** Reads at most a given number of bytes of the stream under it (the audio frames, not the tags after them). */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int k = in.read(b, off, (int) Math.min(len, left));
            if (k > 0) {
                left -= k;
            }
            return k;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = in.skip(Math.min(n, left));
            left -= Math.max(0, k);
            return k;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
