package dev.sonicsaviors.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files: writes format 1.0, little-endian float32, C order; reads float32 and
 * float64 (little- or big-endian) in C order, format 1.0 to 3.0.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int CHUNK_VALUES = 1 << 16;

    private Npy() {
    }

    /** Writes {@code data} (C order) with the given shape as a float32 {@code .npy} file, atomically. */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        if (elementCount(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + elementCount(shape)
                    + " values, got " + data.length);
        }
        AtomicFiles.write(file, out -> {
            out.write(header(shape));
            writeFloats(out, data, 0, data.length);
        });
    }

    /** Writes a 2-D array {@code [row][col]} as a float32 {@code .npy} file of shape (rows, cols), atomically. */
    public static void write(Path file, float[][] rows) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        try (NpyWriter w = openWriter(file, rows.length, cols)) {
            for (float[] row : rows) {
                w.write(row);
            }
        }
    }

    /** Reads a {@code .npy} file of float32 or float64 values (converted to float) in C order. */
    public static NpyArray read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            Header h = readHeader(file, in);
            float[] out = new float[loadableCount(file, h)];
            readValues(file, in, h, out.length, (i, v) -> out[i] = (float) v);
            return new NpyArray(h.shape, out);
        }
    }

    /** Reads a {@code .npy} file of float32 or float64 values as doubles, exactly, in C order. */
    public static double[] readDouble(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            Header h = readHeader(file, in);
            double[] out = new double[loadableCount(file, h)];
            readValues(file, in, h, out.length, (i, v) -> out[i] = v);
            return out;
        }
    }

    /** Reads a 2-D {@code .npy} file as {@code [row][col]}. */
    public static float[][] read2d(Path file) throws IOException {
        NpyArray a = read(file);
        if (a.rank() != 2) {
            throw new IOException(file + ": expected a 2-D array, shape is " + Arrays.toString(a.shape()));
        }
        return a.to2d();
    }

    /** Reads only the shape of a {@code .npy} file, without its data. */
    public static int[] readShape(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            return readHeader(file, in).shape.clone();
        }
    }

    /** Opens a streaming float32 writer for an array of the given shape; the file appears atomically on close. */
    public static NpyWriter openWriter(Path file, int... shape) throws IOException {
        return new NpyWriter(file, shape);
    }

    /** Returns the number of values of {@code h}'s array, or throws when it is too many for one Java array. */
    private static int loadableCount(Path file, Header h) throws IOException {
        long n = elementCount(h.shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": array of " + (n == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(n))
                    + " values is too large to load at once");
        }
        return (int) n;
    }

    /** Returns the product of the extents (1 for a scalar; Long.MAX_VALUE when it overflows), rejecting negative extents. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            }
            if (d == 0) {
                return 0;
            }
            n = n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
        }
        return n;
    }

    /** Builds a format-1.0 header (magic, version, length, dict) padded so that data starts on a 64-byte boundary. */
    static byte[] header(int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                s.append(shape.length == 1 ? "," : ", ");
            }
        }
        s.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + s + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        byte[] dictBytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + dictBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) dictBytes.length).put(dictBytes);
        return b.array();
    }

    private static void writeFloats(OutputStream out, float[] data, int from, int count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.min(count, CHUNK_VALUES) * 4).order(ByteOrder.LITTLE_ENDIAN);
        int i = from;
        int end = from + count;
        while (i < end) {
            buf.clear();
            int m = Math.min(end - i, CHUNK_VALUES);
            buf.asFloatBuffer().put(data, i, m);
            out.write(buf.array(), 0, m * 4);
            i += m;
        }
    }

    private record Header(String descr, int[] shape) {
    }

    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        try {
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a .npy file (bad magic)");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long len;
            if (major == 1) {
                len = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else if (major == 2 || major == 3) {
                len = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new IOException(file + ": unsupported .npy format version " + major);
            }
            if (len > 1 << 20) {
                throw new IOException(file + ": .npy header too long (" + len + " bytes)");
            }
            byte[] dict = new byte[(int) len];
            in.readFully(dict);
            String text = new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(text);
            Matcher f = FORTRAN.matcher(text);
            Matcher s = SHAPE.matcher(text);
            if (!d.find() || !f.find() || !s.find()) {
                throw new IOException(file + ": malformed .npy header");
            }
            if (f.group(1).equals("True")) {
                throw new IOException(file + ": Fortran-ordered .npy arrays are not supported");
            }
            String descr = d.group(1);
            if (!descr.matches("[<>=|]f[48]")) {
                throw new IOException(file + ": unsupported .npy dtype '" + descr + "' (need float32 or float64)");
            }
            String[] parts = s.group(1).split(",");
            int[] shape = Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            for (int e : shape) {
                if (e < 0) { // found by DecoderFuzzTest#npy
                    throw new IOException(file + ": malformed .npy shape (negative extent " + e + ")");
                }
            }
            return new Header(descr, shape);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated .npy header", e);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": malformed .npy shape", e);
        }
    }

    @FunctionalInterface
    private interface Sink {
        void accept(int index, double value);
    }

    private static void readValues(Path file, DataInputStream in, Header h, int n, Sink sink) throws IOException {
        boolean f8 = h.descr.endsWith("8");
        ByteOrder order = h.descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int width = f8 ? 8 : 4;
        byte[] chunk = new byte[CHUNK_VALUES * width];
        int i = 0;
        try {
            while (i < n) {
                int m = Math.min(n - i, CHUNK_VALUES);
                in.readFully(chunk, 0, m * width);
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, m * width).order(order);
                for (int k = 0; k < m; k++) {
                    sink.accept(i + k, f8 ? b.getDouble() : b.getFloat());
                }
                i += m;
            }
        } catch (EOFException e) {
            throw new IOException(file + ": truncated .npy data (" + i + " of " + n + " values)", e);
        }
    }

    /** Streams float32 values into a {@code .npy} file in C order; the file is committed atomically by {@link #close()}. */
    public static final class NpyWriter implements Closeable {
        private final Path target;
        private final Path temp;
        private final OutputStream out;
        private final long expected;
        private long written;
        private boolean closed;

        private NpyWriter(Path target, int[] shape) throws IOException {
            this.target = target;
            this.expected = elementCount(shape);
            AtomicFiles.Temporary t = AtomicFiles.createTemporary(target);
            this.temp = t.path();
            this.out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(t.channel()), 1 << 16);
            try {
                out.write(header(shape));
            } catch (IOException e) {
                abort();
                throw e;
            }
        }

        /** Appends values in C order (for example one row, or one flattened example). */
        public void write(float[] values) throws IOException {
            if (written + values.length > expected) {
                throw new IllegalStateException("more values than the shape holds (" + expected + ")");
            }
            writeFloats(out, values, 0, values.length);
            written += values.length;
        }

        /** Appends a 2-D block {@code [row][col]} in C order (for example one hybrid of shape (148, 109)). */
        public void write(float[][] block) throws IOException {
            for (float[] row : block) {
                write(row);
            }
        }

        /** Returns the number of values written so far. */
        public long written() {
            return written;
        }

        /** Deletes the temporary file without committing; the target is left untouched. */
        public void abort() {
            if (closed) {
                return;
            }
            closed = true;
            AtomicFiles.discard(out, temp);
        }

        /** Commits the file if exactly the shape's number of values was written, else deletes it and fails. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            if (written != expected) {
                abort();
                throw new IOException(target + ": wrote " + written + " of " + expected + " values; file not created");
            }
            closed = true;
            try {
                out.close();
                AtomicFiles.commit(temp, target);
            } catch (IOException e) {
                AtomicFiles.deleteQuietly(temp);
                throw e;
            }
        }
    }
}
