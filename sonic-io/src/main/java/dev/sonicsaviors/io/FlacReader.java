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
        InputStream bin = FlacHeader.streamInfoOnly(file, new BufferedInputStream(in, 1 << 16));
        FLACDecoder dec = new FLACDecoder(bin);
        Collector col = new Collector(dec);
        dec.addFrameListener(col);
        StreamInfo info = null;
        try {
            Metadata[] meta = dec.readMetadata();
            info = dec.getStreamInfo();
            if (info == null || meta == null) {
                throw new AudioFormatException(file, "truncated header (no STREAMINFO block)");
            }
            checkStreamInfo(file, info);
            col.init(file, info);
            dec.decodeFrames();
        } catch (AudioFormatException e) {
            throw e;
        } catch (StopDecoding e) {
            if (col.failure != null) {
                throw col.failure;
            }
            if (col.error != null) {
                throw new AudioFormatException(file, FlacReader.frameError(col.errorAt, col.error));
            } // else: every sample STREAMINFO announces is decoded, and what follows (a tag, junk) is ignored
        } catch (IOException | RuntimeException e) {
            String what = col.frames == 0 && dec.getStreamInfo() == null ? "truncated header" : "corrupt FLAC stream";
            throw AudioFormatException.of(file, what + (col.frames > 0 ? " at sample " + col.frames : "") + " ("
                    + Reads.reason(e) + ")", e);
        }
        if (col.failure != null) {
            throw col.failure;
        }
        if (col.error != null) {
            throw new AudioFormatException(file, FlacReader.frameError(col.errorAt, col.error));
        }
        if (info == null) {
            throw new AudioFormatException(file, "truncated header (no STREAMINFO block)");
        }
        long expected = info.getTotalSamples();
        if (expected > 0 && col.frames < expected) {
            throw new AudioFormatException(file, "truncated data (STREAMINFO says " + expected + " samples, decoded "
                    + col.frames + ")");
        }
        if (expected > 0 && col.frames > expected) {
            // STREAMINFO's length is the stream's, as FlacSource reads it: samples a last frame decodes past it are dropped
            // (found by DecoderFuzzTest#sourcesAgreeWithReaders: 44 announced, one 64-sample frame)
            col.frames = expected;
        }
        return new AudioData(col.toArrays(), info.getSampleRate(), info.getBitsPerSample(), "flac");
    }

    /** Gathers the decoded integer samples of each frame into float blocks. */
    private static final class Collector implements FrameListener {
        private final FLACDecoder dec;
        private final List<float[][]> blocks = new ArrayList<>();
        private Path file;
        private int channels;
        private int bits;
        private float scale;
        private float[][] cur;
        private int curLen;
        long frames;
        String error;
        /** Samples STREAMINFO announces (0: unknown). */
        long total;
        /** Samples decoded when the first error was reported: where the bad frame starts. */
        long errorAt;
        AudioFormatException failure;

        Collector(FLACDecoder dec) {
            this.dec = dec;
        }

        void init(Path f, StreamInfo info) {
            this.file = f;
            this.channels = info.getChannels();
            this.bits = info.getBitsPerSample();
            this.scale = (float) (1.0 / (1L << (bits - 1)));
            this.total = info.getTotalSamples();
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
                fail(new AudioFormatException(file, "corrupt FLAC stream: frame has " + frame.header.channels
                        + " channels, STREAMINFO says " + channels));
            }
            ChannelData[] data = dec.getChannelData();
            int n = frame.header.blockSize;
            try {
                Checks.totalSamples(file, frames + n, channels);
            } catch (AudioFormatException e) {
                fail(e);
            }
            for (int c = 0; c < channels; c++) {
                String bad = outOfRange(data[c].getOutput(), n, bits, frames);
                if (bad != null) {
                    fail(new AudioFormatException(file, bad));
                }
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

        /** Keeps the first failure and stops decoding (the failure is reported instead of anything found after it). */
        private void fail(AudioFormatException e) {
            failure = e;
            throw new StopDecoding();
        }

        @Override
        public void processError(String msg) {
            if (error == null && !(total > 0 && frames >= total)) {
                error = msg;
                errorAt = frames;
            }
            throw new StopDecoding(); // jflac retries a bad frame forever on some inputs (found by DecoderFuzzTest)
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

    /** Throws if STREAMINFO's channels, rate or bit depth (FLAC allows 4 to 32 bits) cannot be a real stream. */
    static void checkStreamInfo(Path file, StreamInfo info) throws AudioFormatException {
        Checks.channelsAndRate(file, info.getChannels(), info.getSampleRate());
        int bits = info.getBitsPerSample();
        if (bits < 4 || bits > 32) { // found by DecoderFuzzTest#sourcesAgreeWithReaders (1 bit)
            throw new AudioFormatException(file, "corrupt FLAC header: " + bits + " bits per sample (FLAC allows 4 to 32)");
        }
    }

    /**
     * Returns null when the first {@code n} decoded integers of one channel fit in {@code bits} bits (two's complement),
     * else the problem naming the first sample outside (a corrupt frame: its residual or predictor overflows the declared
     * depth; found by DecoderFuzzTest), counted from {@code at}, the frame's first sample.
     */
    static String outOfRange(int[] samples, int n, int bits, long at) {
        long max = (1L << (bits - 1)) - 1;
        long min = -(1L << (bits - 1));
        for (int i = 0; i < n; i++) {
            if (samples[i] > max || samples[i] < min) {
                return "corrupt FLAC stream: sample " + (at + i) + " is outside the " + bits + "-bit range";
            }
        }
        return null;
    }

    /**
     * Returns the problem for jflac's error report {@code msg} about the frame starting at sample {@code at}: truncated
     * data when the file ends inside the frame, else a corrupt frame with jflac's words (Java class names left out).
     */
    static String frameError(long at, String msg) {
        if (msg != null && msg.contains("EOFException")) {
            return "truncated data (the file ends inside the frame at sample " + at + ")";
        }
        String words = msg == null ? "unreadable" : msg.replaceAll("(java|org)\\.[A-Za-z0-9_.$]+(: )?", "").strip();
        return "corrupt FLAC frame at sample " + at + ": " + (words.isEmpty() ? "unreadable" : words);
    }

    /** Thrown from a frame listener to stop jflac at the first bad frame instead of letting it search for the next one. */
    static final class StopDecoding extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopDecoding() {
            super(null, null, false, false);
        }
    }
}
