package dev.sonicsaviors.io;

import java.io.BufferedInputStream;
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
 * reads need ({@link DecodingSource}); the samples equal {@link Mp3Reader}'s. The length comes from a first pass over
 * the frame headers (no decoding): frames times samples per frame (384 for layer I, 1,152 for layer II and MPEG-1 layer
 * III, 576 for MPEG-2/2.5 layer III). Not safe for concurrent use.
 */
public final class Mp3Source extends DecodingSource {
    private final String codec;
    private Bitstream bitstream;
    private Decoder decoder;
    private long frameIndex;

    private Mp3Source(Path file, int channels, int rate, long total, String codec) {
        super(file, channels, rate, total);
        this.codec = codec;
    }

    /** Opens {@code file} as MPEG audio: scans its frame headers for the length, then decodes on demand. */
    public static AudioSource open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        int channels = 0;
        int rate = 0;
        int layer = 3;
        long total = 0;
        long frames = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Bitstream bs = new Bitstream(in);
            try {
                for (Header h = bs.readFrame(); h != null; h = bs.readFrame()) {
                    int ch = h.mode() == Header.SINGLE_CHANNEL ? 1 : 2;
                    if (frames == 0) {
                        channels = ch;
                        rate = h.frequency();
                        layer = h.layer();
                        Checks.channelsAndRate(file, ch, rate);
                    } else if (ch != channels || h.frequency() != rate) {
                        throw new AudioFormatException(file, "unsupported MP3: channel count or sample rate changes at frame " + frames);
                    }
                    total += samplesPerFrame(h);
                    frames++;
                    bs.closeFrame();
                }
            } catch (JavaLayerException | RuntimeException e) {
                // the decoding pass reports a corrupt stream with the same message as Mp3Reader
                return AudioSource.of(Mp3Reader.read(file));
            }
        }
        if (frames == 0) {
            return AudioSource.of(Mp3Reader.read(file)); // it names the problem
        }
        Checks.totalSamples(file, total, channels);
        Mp3Source s = new Mp3Source(file, channels, rate, total, layer == 3 ? "mp3" : layer == 2 ? "mp2" : "mp1");
        s.restart();
        return s;
    }

    /** Returns the decoded samples per channel of one frame with header {@code h}. */
    static int samplesPerFrame(Header h) {
        return switch (h.layer()) {
            case 1 -> 384;
            case 2 -> 1152;
            default -> h.version() == Header.MPEG1 ? 1152 : 576;
        };
    }

    @Override
    protected void restartDecoder(InputStream in) {
        bitstream = new Bitstream(in);
        decoder = new Decoder();
        frameIndex = 0;
    }

    @Override
    protected float[][] nextBlock() throws IOException {
        try {
            Header h = bitstream.readFrame();
            if (h == null) {
                return null;
            }
            SampleBuffer buf = (SampleBuffer) decoder.decodeFrame(h, bitstream);
            int ch = buf.getChannelCount();
            short[] s = buf.getBuffer();
            int n = buf.getBufferLength() / ch;
            if (n != samplesPerFrame(h) || ch != channelCount()) {
                throw new AudioFormatException(file, "unsupported MP3: frame " + frameIndex + " decodes to " + n + " samples of "
                        + ch + " channels, its header says " + samplesPerFrame(h) + " of " + channelCount());
            }
            float[][] block = new float[ch][n];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < ch; c++) {
                    block[c][i] = s[i * ch + c] / 32768.0f;
                }
            }
            bitstream.closeFrame();
            frameIndex++;
            return block;
        } catch (AudioFormatException e) {
            throw e;
        } catch (JavaLayerException | RuntimeException e) {
            throw AudioFormatException.of(file, "corrupt MP3 data at frame " + frameIndex + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public int bitsPerSample() {
        return 16;
    }

    @Override
    public String codec() {
        return codec;
    }
}
