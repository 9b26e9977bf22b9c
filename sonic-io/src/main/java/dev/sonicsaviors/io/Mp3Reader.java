package dev.sonicsaviors.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;

/**
 * Decodes MPEG-1/2/2.5 audio layers I-III (MP3) with JLayer into 16-bit samples scaled by 1/32768; the encoder's
 * delay and padding (typically 500 to 1,700 samples) are not removed.
 */
public final class Mp3Reader {

    private Mp3Reader() {}

    /** Reads and decodes the whole MP3 file at {@code file}. */
    public static AudioData read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file, in);
        }
    }

    /** Decodes the MPEG audio stream {@code in} to its end; {@code file} names the source in error messages. */
    public static AudioData read(Path file, InputStream in) throws IOException {
        BufferedInputStream bin = new BufferedInputStream(in, 1 << 16);
        bin.mark(1);
        if (bin.read() < 0) {
            throw new AudioFormatException(file, "empty file");
        }
        bin.reset();
        Bitstream bs = new Bitstream(bin);
        Decoder dec = new Decoder();
        FloatList[] chans = null;
        int rate = 0;
        int layer = 3;
        long frames = 0;
        try {
            while (true) {
                Header h = bs.readFrame();
                if (h == null) {
                    break;
                }
                SampleBuffer buf = (SampleBuffer) dec.decodeFrame(h, bs);
                int ch = buf.getChannelCount();
                if (chans == null) {
                    rate = buf.getSampleFrequency();
                    layer = h.layer();
                    Checks.channelsAndRate(file, ch, rate);
                    chans = new FloatList[ch];
                    for (int c = 0; c < ch; c++) {
                        chans[c] = new FloatList();
                    }
                } else if (ch != chans.length || buf.getSampleFrequency() != rate) {
                    throw new AudioFormatException(file, "unsupported MP3: channel count or sample rate changes at frame "
                            + frames);
                }
                short[] s = buf.getBuffer();
                int len = buf.getBufferLength();
                for (int i = 0; i + ch <= len; i += ch) {
                    for (int c = 0; c < ch; c++) {
                        chans[c].add(s[i + c] / 32768.0f);
                    }
                }
                frames++;
                bs.closeFrame();
            }
        } catch (JavaLayerException | RuntimeException e) {
            if (chans == null) {
                throw AudioFormatException.of(file, "not a decodable MPEG audio stream (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
            }
            throw AudioFormatException.of(file, "corrupt MP3 data at frame " + frames + " ("
                    + e.getClass().getSimpleName() + ")", e);
        } finally {
            try {
                bs.close();
            } catch (JavaLayerException ignored) {
                // closing a fully read stream cannot lose data
            }
        }
        if (chans == null) {
            throw new AudioFormatException(file, "no MPEG audio frames found");
        }
        float[][] out = new float[chans.length][];
        for (int c = 0; c < chans.length; c++) {
            out[c] = chans[c].toArray();
        }
        return new AudioData(out, rate, 16, layer == 3 ? "mp3" : layer == 2 ? "mp2" : "mp1");
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] a = new float[1 << 14];
        private int n;

        void add(float v) {
            if (n == a.length) {
                if (a.length >= Integer.MAX_VALUE / 2) {
                    throw new IllegalStateException("MP3 too long to decode into memory");
                }
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
