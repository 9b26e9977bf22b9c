package dev.sonicsaviors.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The frame layout of an MPEG audio (MP3) stream, found by walking its frame headers without decoding: where the audio
 * frames lie, and which decoded samples are the recording. A Layer III decoder's output starts 529 samples late (the
 * synthesis filter bank's delay) and the encoder adds its own delay at the start and padding at the end; the LAME/Xing
 * "Info"/"Xing" tag frame, when present, says how many, and is itself not audio. Without that tag the encoder delay is
 * taken as LAME's 576 samples and nothing is cut at the end. Layers I and II are decoded as they are.
 *
 * <p>Walking the headers also finds damage: a frame that the file ends inside of is truncated data, and bytes after a
 * frame that are neither another frame of the same stream nor a trailing tag (ID3v1, ID3v2, APE, Lyrics3, zero fill)
 * are corrupt data.
 */
final class Mp3Frames {
    /** Samples the Layer III synthesis filter bank delays its output by. */
    static final int DECODER_DELAY = 529;
    /** LAME's encoder delay in samples, assumed when a Layer III stream has no LAME tag. */
    static final int DEFAULT_ENCODER_DELAY = 576;
    /** Bytes searched for the first frame header (after any ID3v2 tag). */
    private static final int SYNC_SEARCH = 1 << 16;
    /** Longest trailing tag region accepted after the last frame. */
    private static final int MAX_TRAILER = 1 << 20;

    private static final int[][] BITRATES = { // kbit/s by [row][index]: MPEG-1 L1, L2, L3, MPEG-2/2.5 L1, L2/L3
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
    };
    private static final int[][] RATES = {{11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000}};

    /** Channels (1 or 2). */
    final int channels;
    /** Sample rate in Hz. */
    final int rate;
    /** MPEG layer, 1..3. */
    final int layer;
    /** Decoded samples per channel of one frame. */
    final int samplesPerFrame;
    /** Byte offset of the first audio frame (after ID3v2 tags and the LAME/Xing tag frame). */
    final long audioStart;
    /** Byte offset just after the last audio frame. */
    final long audioEnd;
    /** Number of audio frames. */
    final long audioFrames;
    /** Decoded samples per channel dropped at the start (decoder plus encoder delay). */
    final long skip;
    /** Samples per channel of the recording, after the skip. */
    final long length;
    /** Whether a LAME tag gave the encoder delay and padding. */
    final boolean lameTag;

    private Mp3Frames(Header first, long audioStart, long audioEnd, long audioFrames, int delay, int padding, boolean lameTag) {
        this.channels = first.channels();
        this.rate = first.rate();
        this.layer = first.layer();
        this.samplesPerFrame = first.samples();
        this.audioStart = audioStart;
        this.audioEnd = audioEnd;
        this.audioFrames = audioFrames;
        this.lameTag = lameTag;
        long decoded = audioFrames * samplesPerFrame;
        if (layer != 3) {
            this.skip = 0;
            this.length = decoded;
        } else if (lameTag) {
            this.skip = Math.min(decoded, (long) delay + DECODER_DELAY);
            this.length = Math.max(0, Math.min(decoded - skip, decoded - delay - padding));
        } else {
            this.skip = Math.min(decoded, DEFAULT_ENCODER_DELAY + DECODER_DELAY);
            this.length = decoded - skip;
        }
    }

    /** Returns the codec name: mp3, mp2 or mp1. */
    String codec() {
        return layer == 3 ? "mp3" : layer == 2 ? "mp2" : "mp1";
    }

    /** One parsed 4-byte frame header. */
    record Header(int version, int layer, boolean crc, int bitrate, int rate, boolean padding, int mode) {
        /** Returns the channel count (mode 3 is single channel). */
        int channels() {
            return mode == 3 ? 1 : 2;
        }

        /** Returns the decoded samples per channel of the frame. */
        int samples() {
            return layer == 1 ? 384 : layer == 2 || version == 3 ? 1152 : 576;
        }

        /** Returns the frame length in bytes, header included. */
        int bytes() {
            int pad = padding ? 1 : 0;
            if (layer == 1) {
                return (12 * bitrate * 1000 / rate + pad) * 4;
            }
            int factor = layer == 3 && version != 3 ? 72 : 144;
            return factor * bitrate * 1000 / rate + pad;
        }

        /** Returns whether {@code o} belongs to the same stream (version, layer, rate and channel count). */
        boolean sameStream(Header o) {
            return o.version == version && o.layer == layer && o.rate == rate && o.channels() == channels();
        }
    }

    /**
     * Parses the header in {@code b[p, p + 4)}; returns null when it is not a frame header; a free-format frame (bitrate
     * index 0) is reported by {@code freeFormat[0]}.
     */
    static Header header(byte[] b, int p, boolean[] freeFormat) {
        int b0 = b[p] & 0xFF;
        int b1 = b[p + 1] & 0xFF;
        int b2 = b[p + 2] & 0xFF;
        int b3 = b[p + 3] & 0xFF;
        if (b0 != 0xFF || (b1 & 0xE0) != 0xE0) {
            return null;
        }
        int version = (b1 >> 3) & 3;
        int layerBits = (b1 >> 1) & 3;
        int bitIndex = b2 >> 4;
        int rateIndex = (b2 >> 2) & 3;
        if (version == 1 || layerBits == 0 || bitIndex == 15 || rateIndex == 3) {
            return null;
        }
        int layer = 4 - layerBits;
        if (bitIndex == 0) {
            if (freeFormat != null) {
                freeFormat[0] = true;
            }
            return null;
        }
        int row = version == 3 ? layer - 1 : layer == 1 ? 3 : 4;
        return new Header(version, layer, (b1 & 1) == 0, BITRATES[row][bitIndex], RATES[version][rateIndex],
                ((b2 >> 1) & 1) == 1, b3 >> 6);
    }

    /** Walks the frames of the stream {@code in} (read to its end, not closed); {@code file} names it in errors. */
    static Mp3Frames scan(Path file, InputStream in) throws IOException {
        Reader r = new Reader(in);
        byte[] h = new byte[10];
        int got = r.read(h, 10);
        if (got == 0) {
            throw new AudioFormatException(file, "empty file");
        }
        // ID3v2 tags, possibly several
        while (got == 10 && h[0] == 'I' && h[1] == 'D' && h[2] == '3') {
            long size = ((h[6] & 0x7FL) << 21) | ((h[7] & 0x7FL) << 14) | ((h[8] & 0x7FL) << 7) | (h[9] & 0x7FL);
            if ((h[5] & 0x10) != 0) {
                size += 10;
            }
            if (r.skip(size) < size) {
                throw new AudioFormatException(file, "truncated data (the ID3v2 tag runs past the end of the file)");
            }
            got = r.read(h, 10);
        }
        // the first frame header, allowing some junk before it
        byte[] window = new byte[4];
        System.arraycopy(h, 0, window, 0, Math.min(4, got));
        int have = Math.min(4, got);
        byte[] pending = java.util.Arrays.copyOfRange(h, Math.min(4, got), got); // bytes read beyond the window
        long start = r.pos - got;
        Header first = null;
        boolean[] free = new boolean[1];
        int searched = 0;
        int pendingAt = 0;
        while (true) {
            if (have == 4) {
                first = header(window, 0, free);
                if (first != null) {
                    break;
                }
            }
            if (searched++ >= SYNC_SEARCH) {
                break;
            }
            int next;
            if (pendingAt < pending.length) {
                next = pending[pendingAt++] & 0xFF;
            } else {
                next = r.read();
            }
            if (next < 0) {
                break;
            }
            if (have == 4) {
                System.arraycopy(window, 1, window, 0, 3);
                window[3] = (byte) next;
                start++;
            } else {
                window[have++] = (byte) next;
            }
        }
        if (first == null) {
            throw new AudioFormatException(file, free[0] ? "unsupported MP3: free-format bitrate"
                    : "not a decodable MPEG audio stream (no frame header found)");
        }
        // the rest of the first frame: the pending bytes, then the stream
        int len = first.bytes();
        byte[] frame = new byte[len];
        System.arraycopy(window, 0, frame, 0, 4);
        int filled = 4;
        while (filled < len && pendingAt < pending.length) {
            frame[filled++] = pending[pendingAt++];
        }
        if (pendingAt < pending.length) {
            throw new AudioFormatException(file, "corrupt data (a frame shorter than its header)"); // cannot happen: len >= 10
        }
        filled += r.read(frame, filled, len - filled);
        if (filled < len) {
            throw truncated(file, 0, start, len, start + filled);
        }
        int delay = 0;
        int padding = 0;
        boolean lame = false;
        boolean tagFrame = false;
        int x = first.layer() == 3 ? 4 + (first.crc() ? 2 : 0)
                + (first.version() == 3 ? (first.channels() == 1 ? 17 : 32) : (first.channels() == 1 ? 9 : 17)) : -1;
        if (x > 0 && x + 8 <= len) {
            String id = WavReader.ascii(frame, x, 4);
            if (id.equals("Xing") || id.equals("Info")) {
                tagFrame = true;
                int flags = frame[x + 7] & 0x0F;
                int q = x + 8 + ((flags & 1) != 0 ? 4 : 0) + ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0)
                        + ((flags & 8) != 0 ? 4 : 0);
                if (q + 24 <= len) {
                    String enc = WavReader.ascii(frame, q, 4);
                    if (enc.equals("LAME") || enc.equals("Lavf") || enc.equals("Lavc") || enc.startsWith("L3.9")) {
                        lame = true;
                        int d = q + 21;
                        delay = ((frame[d] & 0xFF) << 4) | ((frame[d + 1] & 0xFF) >> 4);
                        padding = ((frame[d + 1] & 0x0F) << 8) | (frame[d + 2] & 0xFF);
                    }
                }
            }
        }
        if (!tagFrame && first.layer() == 3 && 4 + 32 + 4 <= len && WavReader.ascii(frame, 36, 4).equals("VBRI")) {
            tagFrame = true; // Fraunhofer's VBR header frame: not audio
        }
        long audioStart = tagFrame ? start + len : start;
        long frames = tagFrame ? 0 : 1;
        long pos = start + len;
        byte[] hb = new byte[4];
        while (true) {
            int n = r.read(hb, 4);
            if (n == 0) {
                break;
            }
            Header next = n == 4 ? header(hb, 0, null) : null;
            if (next == null || !next.sameStream(first)) {
                trailer(file, r, hb, n, pos, frames + (tagFrame ? 1 : 0), next != null || n < 4 && (hb[0] & 0xFF) == 0xFF);
                break;
            }
            long rest = next.bytes() - 4L;
            long skipped = r.skip(rest);
            if (skipped < rest) {
                throw truncated(file, frames + (tagFrame ? 1 : 0), pos, next.bytes(), pos + 4 + skipped);
            }
            pos += next.bytes();
            frames++;
        }
        return new Mp3Frames(first, audioStart, pos, frames, delay, padding, lame);
    }

    /** Checks that the bytes after the last frame (the first {@code n} in {@code head}, then the rest) are only tags. */
    private static void trailer(Path file, Reader r, byte[] head, int n, long pos, long frame, boolean looksLikeFrame)
            throws IOException {
        byte[] rest = new byte[MAX_TRAILER];
        System.arraycopy(head, 0, rest, 0, n);
        int len = n + r.read(rest, n, MAX_TRAILER - n);
        boolean more = r.read() >= 0;
        String s = WavReader.ascii(rest, 0, Math.min(len, 11));
        boolean zeros = true;
        for (int i = 0; i < len && zeros; i++) {
            zeros = rest[i] == 0;
        }
        boolean tag = s.startsWith("TAG") && len == 128 || s.startsWith("APETAGEX") || s.startsWith("LYRICSBEGIN")
                || s.startsWith("ID3");
        if (!more && (zeros || tag)) {
            return;
        }
        if (looksLikeFrame && n < 4) {
            throw new AudioFormatException(file, "truncated data (the file ends inside the header of frame " + frame
                    + " at byte " + pos + ")");
        }
        throw new AudioFormatException(file, "corrupt data (" + (more ? "more than " + len : String.valueOf(len))
                + " bytes after frame " + (frame - 1) + ", from byte " + pos + ", are not MPEG audio of the same stream)");
    }

    private static AudioFormatException truncated(Path file, long frame, long at, int bytes, long end) {
        return new AudioFormatException(file, "truncated data (frame " + frame + " at byte " + at + " needs " + bytes
                + " bytes, the file ends at byte " + end + ")");
    }

    /** An input stream that counts the bytes it has consumed. */
    private static final class Reader {
        private final InputStream in;
        long pos;

        Reader(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                pos++;
            }
            return b;
        }

        int read(byte[] b, int n) throws IOException {
            return read(b, 0, n);
        }

        /** Reads up to {@code n} bytes into {@code b[off..]}, fewer only at the end of the stream; returns the count. */
        int read(byte[] b, int off, int n) throws IOException {
            int k = in.readNBytes(b, off, n);
            pos += k;
            return k;
        }

        /** Skips up to {@code n} bytes, fewer only at the end of the stream; returns the count. */
        long skip(long n) throws IOException {
            long done = 0;
            byte[] sink = null;
            while (done < n) {
                long k = in.skip(n - done);
                if (k <= 0) {
                    if (sink == null) {
                        sink = new byte[8192];
                    }
                    int m = in.read(sink, 0, (int) Math.min(sink.length, n - done));
                    if (m < 0) {
                        break;
                    }
                    k = m;
                }
                done += k;
            }
            pos += done;
            return done;
        }
    }
}
