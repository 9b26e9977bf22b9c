package dev.sonicsaviors.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Writes a FLAC file block by block with bounded memory: 4,096-sample frames of independent channels, each channel a
 * fixed-predictor subframe (order 0 to 4, the one with the smallest residual) with partitioned Rice coding, or verbatim
 * when that is smaller, or constant; STREAMINFO carries the length and the MD5 of the samples. Samples in [-1, 1] are
 * rounded to 16 or 24 bits as {@link WavStreamWriter} does; NaN is rejected. Frames go to a temporary file beside the
 * target and {@link #commit()} renames it over the target; closing without a commit deletes it. Not thread-safe.
 */
public final class FlacStreamWriter extends TemporaryFileWriter {
    /** Samples per channel of every frame but the last. */
    static final int BLOCK = 4096;
    private static final int MAX_PARTITION_ORDER = 8;
    private static final int STREAMINFO_AT = 8; // "fLaC" + metadata block header

    private final int sampleRate;
    private final int bits;
    private final int[][] block;
    private int fill;
    private long frameNumber;
    private int minFrameBytes = Integer.MAX_VALUE;
    private int maxFrameBytes;
    private final MessageDigest md5;
    private final byte[] md5Buffer;
    private final BitWriter out = new BitWriter();

    private FlacStreamWriter(Path target, Path temp, FileChannel channel, int channels, int sampleRate, int bits) {
        super(target, temp, channel, channels);
        this.sampleRate = sampleRate;
        this.bits = bits;
        this.block = new int[channels][BLOCK];
        this.md5Buffer = new byte[BLOCK * channels * (bits / 8)];
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
    }

    /**
     * Starts writing {@code target} with {@code channels} channels (1..8) at {@code sampleRate} Hz (1,000..655,350) and
     * {@code bitsPerSample} 16 or 24; creates missing parent folders and the temporary file.
     */
    public static FlacStreamWriter create(Path target, int channels, int sampleRate, int bitsPerSample) throws IOException {
        Objects.requireNonNull(target, "target");
        if (channels <= 0 || channels > 8) {
            throw new IllegalArgumentException("FLAC holds 1..8 channels, got " + channels);
        }
        if (sampleRate < Checks.MIN_RATE || sampleRate > 655350) {
            throw new IllegalArgumentException("FLAC sample rate must be " + Checks.MIN_RATE + "..655350 Hz, got " + sampleRate);
        }
        if (bitsPerSample != 16 && bitsPerSample != 24) {
            throw new IllegalArgumentException("FLAC output has 16 or 24 bits per sample, got " + bitsPerSample);
        }
        AtomicFiles.Temporary t = AtomicFiles.createTemporary(target);
        FlacStreamWriter w = new FlacStreamWriter(target, t.path(), t.channel(), channels, sampleRate, bitsPerSample);
        try {
            w.writeFully(ByteBuffer.wrap(w.header(new byte[16])), -1);
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    /**
     * Appends frames {@code [offset, offset + n)} of {@code frames} ({@code float[channel][frame]}, one entry per channel);
     * throws IllegalArgumentException on a NaN sample.
     */
    @Override
    public void write(float[][] x, int offset, int n) throws IOException {
        checkWrite(x, offset, n);
        double scale = bits == 16 ? 32768.0 : 8388608.0;
        long lo = bits == 16 ? -32768 : -8388608;
        long hi = -lo - 1;
        for (int i = offset; i < offset + n; i++) {
            for (int c = 0; c < channels; c++) {
                float v = Math.max(-1.0f, Math.min(1.0f, x[c][i]));
                block[c][fill] = (int) Math.max(lo, Math.min(hi, Math.round(v * scale)));
            }
            fill++;
            frames++;
            if (fill == BLOCK) {
                flushBlock();
            }
        }
    }

    /** Encodes the buffered samples as one frame and writes it. */
    private void flushBlock() throws IOException {
        if (fill == 0) {
            return;
        }
        int bytesPer = bits / 8;
        int p = 0;
        for (int i = 0; i < fill; i++) {
            for (int c = 0; c < channels; c++) {
                int v = block[c][i];
                for (int k = 0; k < bytesPer; k++) {
                    md5Buffer[p++] = (byte) (v >> (8 * k));
                }
            }
        }
        md5.update(md5Buffer, 0, p);
        out.reset();
        frameHeader();
        for (int c = 0; c < channels; c++) {
            subframe(block[c], fill);
        }
        out.alignToByte();
        int crc = crc16(out.bytes(), out.length());
        out.put(crc, 16);
        int len = out.length();
        minFrameBytes = Math.min(minFrameBytes, len);
        maxFrameBytes = Math.max(maxFrameBytes, len);
        writeFully(ByteBuffer.wrap(out.bytes(), 0, len), -1);
        frameNumber++;
        fill = 0;
    }

    /** Writes a frame header: fixed block size, rate and depth from STREAMINFO codes, independent channels, CRC-8. */
    private void frameHeader() {
        out.put(0xFFF8, 16); // sync, reserved 0, fixed block size
        boolean full = fill == BLOCK;
        out.put(full ? 0b1100 : 0b0111, 4); // 4096, or a 16-bit (size - 1) at the end of the header
        out.put(0b0000, 4); // sample rate from STREAMINFO
        out.put(channels - 1, 4); // independent channels
        out.put(bits == 16 ? 0b100 : 0b110, 3);
        out.put(0, 1);
        utf8(frameNumber);
        if (!full) {
            out.put(fill - 1, 16);
        }
        out.put(crc8(out.bytes(), out.length()), 8);
    }

    /** Writes {@code v} in FLAC's extended UTF-8 coding (up to 36 bits). */
    private void utf8(long v) {
        if (v < 0x80) {
            out.put((int) v, 8);
            return;
        }
        int extra = v < 0x800 ? 1 : v < 0x10000 ? 2 : v < 0x200000 ? 3 : v < 0x4000000 ? 4 : v < 0x80000000L ? 5 : 6;
        int lead = (0xFF00 >> (extra + 1)) & 0xFF; // extra + 1 leading ones
        out.put(lead | (int) (v >>> (6 * extra)), 8);
        for (int k = extra - 1; k >= 0; k--) {
            out.put(0x80 | (int) ((v >>> (6 * k)) & 0x3F), 8);
        }
    }

    /** Writes the smallest of a constant, fixed-predictor or verbatim subframe for {@code x[0, n)}. */
    private void subframe(int[] x, int n) {
        boolean constant = true;
        for (int i = 1; i < n && constant; i++) {
            constant = x[i] == x[0];
        }
        if (constant) {
            out.put(0, 8); // type CONSTANT, no wasted bits
            out.putSigned(x[0], bits);
            return;
        }
        int bestOrder = -1;
        long bestBits = (long) n * bits; // verbatim
        int[] bestResidual = null;
        int[] bestParams = null;
        int bestPartitionOrder = 0;
        for (int order = 0; order <= Math.min(4, n - 1); order++) {
            int[] r = residual(x, n, order);
            if (r == null) {
                continue; // does not fit in 32 bits
            }
            int[] po = new int[1];
            int[] params = riceParameters(r, n, order, po);
            long cost = (long) order * bits + 6 + riceBits(r, n, order, po[0], params);
            if (cost < bestBits) {
                bestBits = cost;
                bestOrder = order;
                bestResidual = r;
                bestParams = params;
                bestPartitionOrder = po[0];
            }
        }
        if (bestOrder < 0) {
            out.put(0b00000010, 8); // VERBATIM
            for (int i = 0; i < n; i++) {
                out.putSigned(x[i], bits);
            }
            return;
        }
        out.put(0b00010000 | (bestOrder << 1), 8); // FIXED, order
        for (int i = 0; i < bestOrder; i++) {
            out.putSigned(x[i], bits);
        }
        out.put(0b00, 2); // Rice, 4-bit parameters
        out.put(bestPartitionOrder, 4);
        int parts = 1 << bestPartitionOrder;
        int per = n >> bestPartitionOrder;
        int i = bestOrder;
        for (int part = 0; part < parts; part++) {
            int end = (part + 1) * per;
            int k = bestParams[part];
            if (k < 0) { // escape: plain signed values of 31 bits at most
                out.put(0b1111, 4);
                out.put(31, 5);
                for (; i < end; i++) {
                    out.putSigned(bestResidual[i], 31);
                }
                continue;
            }
            out.put(k, 4);
            for (; i < end; i++) {
                int r = bestResidual[i];
                long u = ((long) r << 1) ^ (r >> 31);
                out.putRice(u, k);
            }
        }
    }

    /** Returns the fixed-predictor residual of the given order ({@code r[order, n)}), or null if one overflows 31 bits. */
    private static int[] residual(int[] x, int n, int order) {
        int[] r = new int[n];
        for (int i = order; i < n; i++) {
            long e = switch (order) {
                case 0 -> x[i];
                case 1 -> (long) x[i] - x[i - 1];
                case 2 -> (long) x[i] - 2L * x[i - 1] + x[i - 2];
                case 3 -> (long) x[i] - 3L * x[i - 1] + 3L * x[i - 2] - x[i - 3];
                default -> (long) x[i] - 4L * x[i - 1] + 6L * x[i - 2] - 4L * x[i - 3] + x[i - 4];
            };
            if (e < -(1L << 30) || e >= (1L << 30)) {
                return null;
            }
            r[i] = (int) e;
        }
        return r;
    }

    /** Chooses the partition order (into {@code po[0]}) and each partition's Rice parameter (-1: escape). */
    private static int[] riceParameters(int[] r, int n, int order, int[] po) {
        long best = Long.MAX_VALUE;
        int[] bestParams = null;
        for (int p = 0; p <= MAX_PARTITION_ORDER; p++) {
            if ((n & ((1 << p) - 1)) != 0 || (n >> p) <= order) {
                break;
            }
            int parts = 1 << p;
            int per = n >> p;
            int[] params = new int[parts];
            long total = 0;
            for (int part = 0; part < parts; part++) {
                int from = part == 0 ? order : part * per;
                int to = (part + 1) * per;
                long sum = 0;
                for (int i = from; i < to; i++) {
                    int v = r[i];
                    sum += ((long) v << 1) ^ (v >> 31);
                }
                int count = to - from;
                int k = 0;
                long bestCost = Long.MAX_VALUE;
                for (int kk = 0; kk <= 14; kk++) {
                    long cost = (long) count * (kk + 1) + (sum >> kk);
                    if (cost < bestCost) {
                        bestCost = cost;
                        k = kk;
                    }
                }
                long escape = 5 + (long) count * 31;
                if (escape < bestCost) {
                    k = -1;
                    bestCost = escape;
                }
                params[part] = k;
                total += 4 + bestCost;
            }
            if (total < best) {
                best = total;
                bestParams = params;
                po[0] = p;
            }
        }
        return bestParams;
    }

    /** Returns the exact bits of the residual coded with the chosen parameters. */
    private static long riceBits(int[] r, int n, int order, int p, int[] params) {
        long bitsTotal = 6; // coding method and partition order
        int per = n >> p;
        for (int part = 0; part < params.length; part++) {
            int from = part == 0 ? order : part * per;
            int to = (part + 1) * per;
            int k = params[part];
            bitsTotal += 4;
            if (k < 0) {
                bitsTotal += 5 + (long) (to - from) * 31;
                continue;
            }
            for (int i = from; i < to; i++) {
                int v = r[i];
                long u = ((long) v << 1) ^ (v >> 31);
                bitsTotal += (u >> k) + 1 + k;
            }
        }
        return bitsTotal;
    }

    /** Returns "fLaC" and the STREAMINFO block (last metadata block) for the frames written so far, with {@code digest}. */
    private byte[] header(byte[] digest) {
        BitWriter h = new BitWriter();
        h.put('f', 8);
        h.put('L', 8);
        h.put('a', 8);
        h.put('C', 8);
        h.put(1, 1); // last metadata block
        h.put(0, 7); // STREAMINFO
        h.put(34, 24);
        int minBlock = frames >= BLOCK ? BLOCK : (int) Math.max(16, frames);
        h.put(minBlock, 16);
        h.put(frames >= BLOCK ? BLOCK : minBlock, 16);
        h.put(frames == 0 ? 0 : minFrameBytes, 24);
        h.put(maxFrameBytes, 24);
        h.put(sampleRate, 20);
        h.put(channels - 1, 3);
        h.put(bits - 1, 5);
        h.put((int) (frames >>> 32) & 0xF, 4);
        h.put((int) frames, 32);
        for (byte b : digest) {
            h.put(b & 0xFF, 8);
        }
        return java.util.Arrays.copyOf(h.bytes(), h.length());
    }

    /** Writes all of {@code b} at {@code pos}, or at the end when {@code pos} is negative. */
    private void writeFully(ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            if (p < 0) {
                channel.write(b);
            } else {
                p += channel.write(b, p);
            }
        }
    }

    /** Writes the last frame and the final STREAMINFO (length and MD5). */
    @Override
    void finish() throws IOException {
        flushBlock();
        writeFully(ByteBuffer.wrap(header(md5.digest())), 0);
    }

    /** CRC-8 (polynomial x^8 + x^2 + x + 1) of {@code b[0, n)}, as in the FLAC frame header. */
    static int crc8(byte[] b, int n) {
        int crc = 0;
        for (int i = 0; i < n; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    /** CRC-16 (polynomial x^16 + x^15 + x^2 + 1) of {@code b[0, n)}, as in the FLAC frame footer. */
    static int crc16(byte[] b, int n) {
        int crc = 0;
        for (int i = 0; i < n; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    /** Big-endian bit writer into a growable byte array. */
    static final class BitWriter {
        private byte[] buf = new byte[1 << 16];
        private int len;
        private long acc;
        private int accBits;

        void reset() {
            len = 0;
            acc = 0;
            accBits = 0;
        }

        /** Appends the low {@code n} bits (n <= 32) of {@code v}, most significant first. */
        void put(long v, int n) {
            if (n == 0) {
                return;
            }
            acc = (acc << n) | (v & ((1L << n) - 1));
            accBits += n;
            while (accBits >= 8) {
                accBits -= 8;
                if (len == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                buf[len++] = (byte) (acc >>> accBits);
            }
            acc &= (1L << accBits) - 1;
        }

        /** Appends {@code v} as an {@code n}-bit two's complement number. */
        void putSigned(int v, int n) {
            put(v, n);
        }

        /** Appends {@code u} Rice-coded with parameter {@code k}: the quotient in unary (zeros then a one), then k bits. */
        void putRice(long u, int k) {
            long q = u >>> k;
            while (q >= 32) {
                put(0, 32);
                q -= 32;
            }
            put(1, (int) q + 1);
            put(u & ((1L << k) - 1), k);
        }

        /** Pads with zero bits to a byte boundary. */
        void alignToByte() {
            if (accBits > 0) {
                put(0, 8 - accBits);
            }
        }

        /** Returns the buffer; its first {@link #length()} bytes are complete (call {@link #alignToByte()} first). */
        byte[] bytes() {
            return buf;
        }

        /** Returns the number of complete bytes. */
        int length() {
            return len;
        }
    }
}
