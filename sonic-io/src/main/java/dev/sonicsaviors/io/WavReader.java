package dev.sonicsaviors.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes RIFF/WAVE (and RF64) files: PCM 8 (unsigned), 16, 24 and 32 bit, IEEE float 32 and 64 bit, A-law and
 * mu-law, plain or WAVE_FORMAT_EXTENSIBLE, any channel count and chunk order, into memory; {@link WavSource} shares
 * the parsing and decoding below and reads frames on demand instead.
 */
public final class WavReader {
    private static final int TAG_PCM = 0x0001;
    private static final int TAG_FLOAT = 0x0003;
    private static final int TAG_ALAW = 0x0006;
    private static final int TAG_MULAW = 0x0007;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    /** Bytes of a {@code fmt } chunk that the parser looks at (the WAVE_FORMAT_EXTENSIBLE size). */
    private static final int FMT_READ = 40;
    /** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_* GUIDs (the first two bytes hold the format tag). */
    private static final byte[] GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };

    private WavReader() {}

    /** Reads and decodes the whole WAV file at {@code file} into memory ({@link WavSource} reads parts of it on demand). */
    public static AudioData read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new AudioFormatException(file, "too large to decode into memory (" + size + " bytes)");
        }
        try (WavSource source = WavSource.open(file)) {
            return source.readAll();
        }
    }

    /** Reads {@code in} to its end and decodes it as WAV; {@code file} names the source in error messages. */
    public static AudioData read(Path file, InputStream in) throws IOException {
        return decode(file, in.readAllBytes());
    }

    /** Random access to the bytes of a WAV image: a byte array or an open file. */
    interface Bytes {
        /** Returns the length of the image in bytes. */
        long length() throws IOException;

        /** Reads exactly {@code len} bytes at byte {@code pos} into {@code dst[0, len)}; {@code pos + len <= length()}. */
        void read(long pos, byte[] dst, int len) throws IOException;
    }

    /** The parsed {@code fmt } chunk. */
    record Fmt(int tag, int channels, long rate, int blockAlign, int bits, int validBits) {}

    /**
     * Where and how a WAV file's samples are stored.
     *
     * @param fmt the parsed format chunk (tag resolved through WAVE_FORMAT_EXTENSIBLE)
     * @param dataOffset byte offset of the first frame in the file
     * @param frames number of whole frames in the data chunk
     * @param bytesPerSample bytes of one sample of one channel
     * @param codec short codec name such as {@code pcm_s16le}
     */
    record Layout(Fmt fmt, long dataOffset, long frames, int bytesPerSample, String codec) {
        /** Returns the source bit depth in bits (8 for G.711, else the valid bits). */
        int depth() {
            return fmt.tag() == TAG_ALAW || fmt.tag() == TAG_MULAW ? 8 : fmt.validBits();
        }
    }

    static AudioData decode(Path file, byte[] b) throws IOException {
        Layout l = parse(file, new Bytes() {
            @Override
            public long length() {
                return b.length;
            }

            @Override
            public void read(long pos, byte[] dst, int len) {
                System.arraycopy(b, (int) pos, dst, 0, len);
            }
        });
        int ch = l.fmt().channels();
        int n = Checks.totalSamples(file, l.frames(), ch) / ch;
        float[][] out = new float[ch][n];
        decodeFrames(file, l, b, (int) l.dataOffset(), 0, out, 0, n);
        return new AudioData(out, (int) l.fmt().rate(), l.depth(), l.codec());
    }

    /** Parses and validates the chunks of a WAV image without reading its samples. */
    static Layout parse(Path file, Bytes in) throws IOException {
        long length = in.length();
        if (length == 0) {
            throw new AudioFormatException(file, "empty file");
        }
        if (length < 12) {
            throw new AudioFormatException(file, "truncated header (" + length + " bytes)");
        }
        byte[] b = new byte[12];
        in.read(0, b, 12);
        String riff = ascii(b, 0, 4);
        boolean rf64 = riff.equals("RF64") || riff.equals("BW64");
        if (riff.equals("RIFX")) {
            throw new AudioFormatException(file, "unsupported codec: big-endian RIFX WAV");
        }
        if (!riff.equals("RIFF") && !rf64) {
            throw new AudioFormatException(file, "not a WAV file (no RIFF header)");
        }
        if (!ascii(b, 8, 4).equals("WAVE")) {
            throw new AudioFormatException(file, "not a WAV file (RIFF form type is '" + ascii(b, 8, 4)
                    + "', expected 'WAVE')");
        }
        boolean streamedRiff = !rf64 && u32(b, 4) == UNKNOWN_SIZE;
        long ds64Data = -1;
        Fmt fmt = null;
        long dataOff = -1;
        long dataLen = -1;
        long pos = 12;
        byte[] head = new byte[8];
        while (pos + 8 <= length) {
            in.read(pos, head, 8);
            String id = ascii(head, 0, 4);
            long size = u32(head, 4);
            long body = pos + 8;
            long avail = length - body;
            if (id.equals("ds64") && rf64) {
                if (size < 24 || avail < 24) {
                    throw new AudioFormatException(file, "truncated header (ds64 chunk)");
                }
                byte[] d = new byte[8];
                in.read(body + 8, d, 8);
                ds64Data = u64(d, 0);
            } else if (id.equals("fmt ")) {
                if (size > avail) {
                    throw new AudioFormatException(file, "truncated header ('fmt ' chunk declares " + size
                            + " bytes, " + avail + " remain)");
                }
                byte[] f = new byte[(int) Math.min(size, FMT_READ)];
                in.read(body, f, f.length);
                fmt = parseFmt(file, f, (int) Math.min(size, Integer.MAX_VALUE));
            } else if (id.equals("data")) {
                long declared = size;
                if (rf64 && size == UNKNOWN_SIZE && ds64Data >= 0) {
                    declared = ds64Data;
                }
                dataOff = body;
                boolean toEof = declared == UNKNOWN_SIZE && !(rf64 && ds64Data >= 0) || streamedRiff && declared > avail;
                if (toEof) {
                    dataLen = avail;
                    break; // a streamed data chunk runs to the end of the file
                }
                if (declared > avail) {
                    throw new AudioFormatException(file, "truncated data ('data' chunk declares " + declared
                            + " bytes, only " + avail + " present)");
                }
                dataLen = declared;
                size = declared;
            }
            long next = body + size + (size & 1);
            if (next > length && !(id.equals("data") || id.equals("fmt "))) {
                if (fmt != null && dataOff >= 0) {
                    break; // a damaged trailing chunk after the audio is harmless
                }
                throw new AudioFormatException(file, "truncated header (chunk '" + printable(id) + "' declares "
                        + size + " bytes, " + avail + " remain)");
            }
            pos = next;
        }
        if (fmt == null) {
            throw new AudioFormatException(file, dataOff >= 0 ? "no 'fmt ' chunk" : "truncated header (no 'fmt ' chunk)");
        }
        if (dataOff < 0) {
            throw new AudioFormatException(file, "truncated data (no 'data' chunk)");
        }
        return layout(file, fmt, dataOff, dataLen);
    }

    /** Parses the first {@code b.length} bytes (at most 40) of a {@code fmt } chunk that declares {@code size} bytes. */
    private static Fmt parseFmt(Path file, byte[] b, int size) throws AudioFormatException {
        int off = 0;
        if (size < 16) {
            throw new AudioFormatException(file, "truncated header ('fmt ' chunk has " + size + " bytes, needs 16)");
        }
        int tag = u16(b, off);
        int channels = u16(b, off + 2);
        long rate = u32(b, off + 4);
        int blockAlign = u16(b, off + 12);
        int bits = u16(b, off + 14);
        int valid = bits;
        if (tag == TAG_EXTENSIBLE) {
            if (size < 40) {
                throw new AudioFormatException(file, "truncated header (WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has "
                        + size + " bytes, needs 40)");
            }
            int v = u16(b, off + 18);
            if (v > 0 && v <= bits) {
                valid = v;
            }
            int sub = u16(b, off + 24);
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (b[off + 26 + i] != GUID_TAIL[i]) {
                    throw new AudioFormatException(file, "unsupported codec: unknown WAVE_FORMAT_EXTENSIBLE sub-format GUID");
                }
            }
            tag = sub;
        }
        Checks.channelsAndRate(file, channels, rate);
        return new Fmt(tag, channels, rate, blockAlign, bits, valid);
    }

    /** Checks the codec of {@code f} and returns the layout of {@code len} data bytes at byte {@code off}. */
    private static Layout layout(Path file, Fmt f, long off, long len) throws AudioFormatException {
        int ch = f.channels();
        int bytes;
        String codec;
        switch (f.tag()) {
            case TAG_PCM -> {
                bytes = (f.bits() + 7) / 8;
                if (bytes < 1 || bytes > 4) {
                    throw new AudioFormatException(file, "unsupported codec: PCM with " + f.bits() + " bits per sample");
                }
                codec = bytes == 1 ? "pcm_u8" : "pcm_s" + 8 * bytes + "le";
            }
            case TAG_FLOAT -> {
                if (f.bits() != 32 && f.bits() != 64) {
                    throw new AudioFormatException(file, "unsupported codec: IEEE float with " + f.bits()
                            + " bits per sample");
                }
                bytes = f.bits() / 8;
                codec = "pcm_f" + f.bits() + "le";
            }
            case TAG_ALAW, TAG_MULAW -> {
                if (f.bits() != 8) {
                    throw new AudioFormatException(file, "unsupported codec: G.711 with " + f.bits() + " bits per sample");
                }
                bytes = 1;
                codec = f.tag() == TAG_ALAW ? "pcm_alaw" : "pcm_mulaw";
            }
            default -> throw new AudioFormatException(file, "unsupported codec: WAV format tag 0x"
                    + String.format("%04X", f.tag()) + codecName(f.tag()));
        }
        if (f.blockAlign() != ch * bytes) {
            throw new AudioFormatException(file, "inconsistent header: block align " + f.blockAlign() + " bytes for "
                    + ch + " channels of " + f.bits() + "-bit samples");
        }
        return new Layout(f, off, len / f.blockAlign(), bytes, codec);
    }

    /**
     * Decodes {@code n} frames stored from byte {@code p} of {@code b} into {@code out[channel][outOff, outOff + n)};
     * {@code frame0} is the file frame index of the first one (for error messages); non-finite floats are rejected.
     */
    static void decodeFrames(Path file, Layout l, byte[] b, int p, long frame0, float[][] out, int outOff, int n)
            throws AudioFormatException {
        switch (l.fmt().tag()) {
            case TAG_PCM -> decodePcm(b, p, l.bytesPerSample(), out, outOff, n);
            case TAG_FLOAT -> decodeFloat(file, b, p, l.bytesPerSample(), out, outOff, n, frame0);
            default -> decodeG711(b, p, l.fmt().tag() == TAG_ALAW, out, outOff, n);
        }
    }

    private static void decodePcm(byte[] b, int p, int bytes, float[][] out, int off, int n) {
        int ch = out.length;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++) {
                float[] o = out[c];
                if (o == null) {
                    p += bytes;
                    continue;
                }
                float v;
                switch (bytes) {
                    case 1 -> v = ((b[p] & 0xFF) - 128) / 128.0f;
                    case 2 -> v = (short) ((b[p] & 0xFF) | (b[p + 1] << 8)) / 32768.0f;
                    case 3 -> v = ((b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | (b[p + 2] << 16)) / 8388608.0f;
                    default -> v = ((b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | ((b[p + 2] & 0xFF) << 16)
                            | (b[p + 3] << 24)) / 2147483648.0f;
                }
                o[off + i] = v;
                p += bytes;
            }
        }
    }

    private static void decodeFloat(Path file, byte[] b, int p, int bytes, float[][] out, int off, int n, long frame0)
            throws AudioFormatException {
        int ch = out.length;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++) {
                float v;
                if (bytes == 4) {
                    v = Float.intBitsToFloat((int) u32(b, p));
                } else {
                    v = (float) Double.longBitsToDouble(u64(b, p));
                }
                if (!Float.isFinite(v)) {
                    throw new AudioFormatException(file, "non-finite float sample (" + (Float.isNaN(v) ? "NaN" : "infinity")
                            + ") at frame " + (frame0 + i) + ", channel " + c);
                }
                if (out[c] != null) {
                    out[c][off + i] = v;
                }
                p += bytes;
            }
        }
    }

    private static void decodeG711(byte[] b, int p, boolean alaw, float[][] out, int off, int n) {
        int ch = out.length;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++) {
                int code = b[p++] & 0xFF;
                if (out[c] != null) {
                    out[c][off + i] = (alaw ? alaw(code) : mulaw(code)) / 32768.0f;
                }
            }
        }
    }

    /** Expands one G.711 A-law code to a 16-bit linear value. */
    static int alaw(int code) {
        int a = code ^ 0x55;
        int seg = (a >> 4) & 7;
        int mant = a & 0x0F;
        int mag = seg == 0 ? (mant << 4) + 8 : ((mant << 4) + 0x108) << (seg - 1);
        return (a & 0x80) != 0 ? mag : -mag;
    }

    /** Expands one G.711 mu-law code to a 16-bit linear value. */
    static int mulaw(int code) {
        int u = ~code & 0xFF;
        int seg = (u >> 4) & 7;
        int mag = ((((u & 0x0F) << 3) + 0x84) << seg) - 0x84;
        return (u & 0x80) != 0 ? -mag : mag;
    }

    private static String codecName(int tag) {
        return switch (tag) {
            case 0x0002 -> " (MS ADPCM)";
            case 0x0011 -> " (IMA ADPCM)";
            case 0x0031 -> " (GSM 6.10)";
            case 0x0050 -> " (MPEG audio)";
            case 0x0055 -> " (MPEG Layer 3)";
            case 0x00FF, 0x1610 -> " (AAC)";
            default -> "";
        };
    }

    static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
    }

    static long u32(byte[] b, int p) {
        return (u16(b, p) | ((long) u16(b, p + 2) << 16)) & 0xFFFFFFFFL;
    }

    static long u64(byte[] b, int p) {
        return u32(b, p) | (u32(b, p + 4) << 32);
    }
}
