package dev.sonicsaviors.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds RIFF/WAVE byte images for tests, chunk by chunk. */
final class WavBytes {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private long riffSize = -1;

    /** Overrides the RIFF size field (e.g. 0xFFFFFFFFL for a streamed file). */
    WavBytes riffSize(long size) {
        riffSize = size;
        return this;
    }

    /** Appends a chunk with its true size and a pad byte when the size is odd. */
    WavBytes chunk(String id, byte[] data) {
        return chunk(id, data.length, data, true);
    }

    /** Appends a chunk whose size field says {@code declared}, followed by {@code data}. */
    WavBytes chunk(String id, long declared, byte[] data, boolean pad) {
        body.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(le32(declared));
        body.writeBytes(data);
        if (pad && (data.length & 1) == 1) {
            body.write(0);
        }
        return this;
    }

    /** Appends a 16-byte plain fmt chunk. */
    WavBytes fmt(int tag, int channels, int rate, int bits) {
        return chunk("fmt ", fmtBody(tag, channels, rate, bits, 16));
    }

    /** Appends a 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk with the given sub-format tag and valid bits. */
    WavBytes fmtExtensible(int subTag, int channels, int rate, int bits, int validBits) {
        ByteBuffer bb = ByteBuffer.wrap(fmtBody(0xFFFE, channels, rate, bits, 40)).order(ByteOrder.LITTLE_ENDIAN);
        bb.position(16);
        bb.putShort((short) 22).putShort((short) validBits).putInt(channels == 2 ? 3 : 0);
        bb.putShort((short) subTag);
        bb.put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", bb.array());
    }

    static byte[] fmtBody(int tag, int channels, int rate, int bits, int size) {
        int align = channels * ((bits + 7) / 8);
        ByteBuffer bb = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * align)
                .putShort((short) align).putShort((short) bits);
        return bb.array();
    }

    /** Returns the whole file: RIFF header + chunks. */
    byte[] build() {
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(le32(riffSize >= 0 ? riffSize : 4 + b.length));
        out.writeBytes("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] le64(long v) {
        return concat(le32(v), le32(v >>> 32));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] shorts(int... v) {
        ByteBuffer bb = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            bb.putShort((short) x);
        }
        return bb.array();
    }

    static byte[] floats(float... v) {
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            bb.putFloat(x);
        }
        return bb.array();
    }

    static byte[] doubles(double... v) {
        ByteBuffer bb = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            bb.putDouble(x);
        }
        return bb.array();
    }

    static byte[] int24(int... v) {
        byte[] b = new byte[3 * v.length];
        for (int i = 0; i < v.length; i++) {
            b[3 * i] = (byte) v[i];
            b[3 * i + 1] = (byte) (v[i] >> 8);
            b[3 * i + 2] = (byte) (v[i] >> 16);
        }
        return b;
    }

    static byte[] ints(int... v) {
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            bb.putInt(x);
        }
        return bb.array();
    }
}
