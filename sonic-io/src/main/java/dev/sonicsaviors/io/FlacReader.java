package dev.sonicsaviors.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/** Decodes native FLAC files (any bit depth 4..32, any channel count) with jflac; samples scale by 2^(bits-1). */
public final class FlacReader {
    private static final int BLOCK = 1 << 16;

    private FlacReader() {}

    /** Reads and decodes the whole FLAC file at {@code file}. */
    public static AudioData read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file, in);
        }
    }

    /** Decodes the FLAC stream {@code in} to its end; {@code file} names the source in error messages. */
    public static AudioData read(Path file, InputStream in) throws IOException {
        BufferedInputStream bin = new BufferedInputStream(in, 1 << 16);
        bin.mark(4);
        byte[] magic = bin.readNBytes(4);
        if (magic.length == 0) {
            throw new AudioFormatException(file, "empty file");
        }
        if (magic.length < 4 || !WavReader.ascii(magic, 0, 4).equals("fLaC")) {
            throw new AudioFormatException(file, magic.length < 4 ? "truncated header" : "not a FLAC file (no fLaC marker)");
        }
        bin.reset();
        FLACDecoder dec = new FLACDecoder(bin);
        Collector col = new Collector(dec);
        dec.addFrameListener(col);
        StreamInfo info;
        try {
            Metadata[] meta = dec.readMetadata();
            info = dec.getStreamInfo();
            if (info == null || meta == null) {
                throw new AudioFormatException(file, "truncated header (no STREAMINFO block)");
            }
            Checks.channelsAndRate(file, info.getChannels(), info.getSampleRate());
            col.init(file, info);
            dec.decodeFrames();
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String what = col.frames == 0 && dec.getStreamInfo() == null ? "truncated header" : "corrupt FLAC stream";
            throw AudioFormatException.of(file, what + (col.frames > 0 ? " at sample " + col.frames : "") + " ("
                    + Reads.reason(e) + ")", e);
        }
        if (col.failure != null) {
            throw col.failure;
        }
        if (col.error != null) {
            throw new AudioFormatException(file, "corrupt FLAC frame at sample " + col.errorAt + ": " + col.error);
        }
        long expected = info.getTotalSamples();
        if (expected > 0 && col.frames < expected) {
            throw new AudioFormatException(file, "truncated data (STREAMINFO says " + expected + " samples, decoded "
                    + col.frames + ")");
        }
        return new AudioData(col.toArrays(), info.getSampleRate(), info.getBitsPerSample(), "flac");
    }

    /** Gathers the decoded integer samples of each frame into float blocks. */
    private static final class Collector implements FrameListener {
        private final FLACDecoder dec;
        private final List<float[][]> blocks = new ArrayList<>();
        private Path file;
        private int channels;
        private float scale;
        private float[][] cur;
        private int curLen;
        long frames;
        String error;
        /** Samples decoded when the first error was reported: where the bad frame starts. */
        long errorAt;
        AudioFormatException failure;

        Collector(FLACDecoder dec) {
            this.dec = dec;
        }

        void init(Path f, StreamInfo info) {
            this.file = f;
            this.channels = info.getChannels();
            this.scale = (float) (1.0 / (1L << (info.getBitsPerSample() - 1)));
        }

        @Override
        public void processMetadata(Metadata metadata) {
            // nothing to do: STREAMINFO is read through the decoder
        }

        @Override
        public void processFrame(Frame frame) {
            if (failure != null) {
                return;
            }
            if (frame.header.channels != channels) {
                failure = new AudioFormatException(file, "corrupt FLAC stream: frame has " + frame.header.channels
                        + " channels, STREAMINFO says " + channels);
                return;
            }
            ChannelData[] data = dec.getChannelData();
            int n = frame.header.blockSize;
            try {
                Checks.totalSamples(file, frames + n, channels);
            } catch (AudioFormatException e) {
                failure = e;
                return;
            }
            int done = 0;
            while (done < n) {
                if (cur == null || curLen == BLOCK) {
                    cur = new float[channels][BLOCK];
                    curLen = 0;
                    blocks.add(cur);
                }
                int k = Math.min(n - done, BLOCK - curLen);
                for (int c = 0; c < channels; c++) {
                    int[] src = data[c].getOutput();
                    float[] dst = cur[c];
                    for (int i = 0; i < k; i++) {
                        dst[curLen + i] = src[done + i] * scale;
                    }
                }
                curLen += k;
                done += k;
            }
            frames += n;
        }

        @Override
        public void processError(String msg) {
            if (error == null) {
                error = msg;
                errorAt = frames;
            }
        }

        float[][] toArrays() {
            int n = (int) frames;
            float[][] out = new float[channels][n];
            int off = 0;
            for (float[][] blk : blocks) {
                int k = Math.min(BLOCK, n - off);
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(blk[c], 0, out[c], off, k);
                }
                off += k;
            }
            return out;
        }
    }
}
