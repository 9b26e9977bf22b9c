package dev.sonicsaviors.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes MPEG-1/2/2.5 audio layers I-III (MP3) with JLayer into 16-bit samples scaled by 1/32768, cutting the decoder
 * and encoder delay and the padding ({@link Mp3Frames}) so that the samples line up with the source; truncated or
 * corrupt framing is an {@link AudioFormatException}.
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
        byte[] bytes = in.readAllBytes();
        Mp3Frames layout = Mp3Frames.scan(file, new ByteArrayInputStream(bytes));
        Checks.channelsAndRate(file, layout.channels, layout.rate);
        int n = Checks.totalSamples(file, layout.length, layout.channels) / layout.channels;
        float[][] out = new float[layout.channels][n];
        Mp3Source.FrameDecoder dec = new Mp3Source.FrameDecoder(file, layout,
                new ByteArrayInputStream(bytes, (int) layout.audioStart, (int) (layout.audioEnd - layout.audioStart)));
        long raw = 0;
        long end = layout.skip + n;
        while (raw < end) {
            float[][] block = dec.next();
            if (block == null) {
                throw new AudioFormatException(file, "truncated data (decoded " + Math.max(0, raw - layout.skip)
                        + " of " + n + " samples)");
            }
            int len = block[0].length;
            long from = Math.max(raw, layout.skip);
            long to = Math.min(raw + len, end);
            if (to > from) {
                for (int c = 0; c < out.length; c++) {
                    System.arraycopy(block[c], (int) (from - raw), out[c], (int) (from - layout.skip), (int) (to - from));
                }
            }
            raw += len;
        }
        return new AudioData(out, layout.rate, 16, layout.codec());
    }
}
