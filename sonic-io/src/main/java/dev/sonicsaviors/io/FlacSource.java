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
 * Reads a FLAC file's frames on demand, decoding front to back and keeping only what recent reads need
 * ({@link DecodingSource}); the samples equal {@link FlacReader}'s (scaled by 2^(bits-1)). Needs the total length in
 * STREAMINFO: {@link #open(Path)} decodes a file without it whole. Not safe for concurrent use.
 */
public final class FlacSource extends DecodingSource {
    private final int bits;
    private final float scale;

    private FLACDecoder decoder;
    private final ErrorListener errors = new ErrorListener();

    private FlacSource(Path file, StreamInfo info) {
        super(file, info.getChannels(), info.getSampleRate(), info.getTotalSamples());
        this.bits = info.getBitsPerSample();
        this.scale = (float) (1.0 / (1L << (bits - 1)));
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
        FlacReader.checkStreamInfo(file, info);
        Checks.totalSamples(file, info.getTotalSamples(), info.getChannels());
        FlacSource s = new FlacSource(file, info);
        s.restart();
        return s;
    }

    /** Returns the STREAMINFO of {@code file}, or null when the header cannot be read (FlacReader then names the problem). */
    private static StreamInfo readHeader(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 12)) {
            InputStream in;
            try {
                in = FlacHeader.streamInfoOnly(file, raw);
            } catch (AudioFormatException e) {
                return null; // FlacReader names the problem
            }
            FLACDecoder dec = new FLACDecoder(in);
            try {
                dec.readMetadata();
                return dec.getStreamInfo();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    @Override
    protected void restartDecoder(InputStream in) throws IOException {
        decoder = new FLACDecoder(FlacHeader.streamInfoOnly(file, in));
        decoder.addFrameListener(errors);
        errors.error = null;
        try {
            Metadata[] meta = decoder.readMetadata();
            if (meta == null || decoder.getStreamInfo() == null) {
                throw new AudioFormatException(file, "truncated header (no STREAMINFO block)");
            }
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw AudioFormatException.of(file, "truncated header (" + Reads.reason(e) + ")", e);
        }
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
    protected float[][] nextBlock() throws IOException {
        Frame frame;
        try {
            frame = decoder.readNextFrame();
        } catch (FlacReader.StopDecoding e) {
            if (decodedFrames() >= frames()) {
                return null; // all announced samples decoded: what follows (a tag, junk) is ignored
            }
            throw new AudioFormatException(file, FlacReader.frameError(decodedFrames(), errors.error));
        } catch (IOException | RuntimeException e) {
            throw AudioFormatException.of(file, "corrupt FLAC stream at sample " + decodedFrames() + " ("
                    + Reads.reason(e) + ")", e);
        }
        if (errors.error != null) {
            throw new AudioFormatException(file, FlacReader.frameError(decodedFrames(), errors.error));
        }
        if (frame == null) {
            return null;
        }
        int channels = frame.header.channels;
        if (channels != channelCount()) {
            throw new AudioFormatException(file, "corrupt FLAC stream: frame has " + channels
                    + " channels, STREAMINFO says " + channelCount());
        }
        int n = frame.header.blockSize;
        ChannelData[] data = decoder.getChannelData();
        float[][] block = new float[channels][n];
        for (int c = 0; c < channels; c++) {
            int[] src = data[c].getOutput();
            String bad = FlacReader.outOfRange(src, n, bits, decodedFrames());
            if (bad != null) {
                throw new AudioFormatException(file, bad);
            }
            for (int i = 0; i < n; i++) {
                block[c][i] = src[i] * scale;
            }
        }
        return block;
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
            throw new FlacReader.StopDecoding(); // jflac would retry a bad frame, forever on some inputs
        }
    }
}
