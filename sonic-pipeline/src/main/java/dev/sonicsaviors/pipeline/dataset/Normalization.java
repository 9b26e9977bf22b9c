package dev.sonicsaviors.pipeline.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sonicsaviors.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Statistics that map a raw hybrid {@code [row][frame]} (mel power rows, then MFCC rows) into [0, 1], the range a sigmoid output can
 * reach, and back.
 *
 * <p>Mel rows: {@code dB = 10 log10(max(p, 1e-10))}, then {@code (dB - dbMin) / (dbMax - dbMin)} with one pair shared by all mel rows, so
 * the spectral shape is kept. MFCC row {@code c}: {@code (v - mfccMin[c]) / (mfccMax[c] - mfccMin[c])}. Results are clipped to [0, 1].
 * {@link #denormalize} inverts this exactly (up to float rounding) for values inside the fitted ranges.
 *
 * @param nMels number of mel rows (128 by default)
 * @param dbMin mel level (dB re power 1) mapped to 0
 * @param dbMax mel level (dB re power 1) mapped to 1
 * @param mfccMin per-coefficient MFCC value mapped to 0, {@code [coef]}
 * @param mfccMax per-coefficient MFCC value mapped to 1, {@code [coef]}
 */
public record Normalization(int nMels, double dbMin, double dbMax, double[] mfccMin, double[] mfccMax) {

    /** Format version written to JSON. */
    public static final int VERSION = 1;

    /** Power floor (power units) applied before taking decibels: 1e-10, i.e. -100 dB. */
    public static final double AMIN = 1e-10;

    /** Human-readable description of the transform stored in the JSON file. */
    public static final String DESCRIPTION = "hybrid [row][frame]: rows 0..nMels-1 mel power p -> (10*log10(max(p,1e-10)) - dbMin)/(dbMax - dbMin);"
            + " rows nMels.. MFCC coefficient c v -> (v - mfccMin[c])/(mfccMax[c] - mfccMin[c]); then clipped to [0,1]."
            + " Inverse: p = 10^((x*(dbMax-dbMin)+dbMin)/10), v = x*(mfccMax[c]-mfccMin[c]) + mfccMin[c]. A zero-width range is treated as width 1.";

    /** Validates the ranges and copies the arrays. */
    public Normalization {
        if (nMels <= 0) {
            throw new IllegalArgumentException("nMels must be positive: " + nMels);
        }
        if (!(Double.isFinite(dbMin) && Double.isFinite(dbMax) && dbMin <= dbMax)) {
            throw new IllegalArgumentException("bad dB range [" + dbMin + ", " + dbMax + "]");
        }
        if (mfccMin.length != mfccMax.length) {
            throw new IllegalArgumentException("mfccMin and mfccMax differ in length");
        }
        for (int c = 0; c < mfccMin.length; c++) {
            if (!(Double.isFinite(mfccMin[c]) && Double.isFinite(mfccMax[c]) && mfccMin[c] <= mfccMax[c])) {
                throw new IllegalArgumentException("bad MFCC range for coefficient " + c);
            }
        }
        mfccMin = mfccMin.clone();
        mfccMax = mfccMax.clone();
    }

    /** Returns a copy of the per-coefficient MFCC minima, {@code [coef]}. */
    @Override
    public double[] mfccMin() {
        return mfccMin.clone();
    }

    /** Returns a copy of the per-coefficient MFCC maxima, {@code [coef]}. */
    @Override
    public double[] mfccMax() {
        return mfccMax.clone();
    }

    /** Returns the number of MFCC rows. */
    public int nMfcc() {
        return mfccMin.length;
    }

    /** Returns the number of rows of a hybrid this normalisation applies to, {@code nMels + nMfcc}. */
    public int rows() {
        return nMels + mfccMin.length;
    }

    private static double width(double lo, double hi) {
        return hi > lo ? hi - lo : 1.0;
    }

    private void checkRows(float[][] x) {
        if (x.length != rows()) {
            throw new IllegalArgumentException("expected " + rows() + " rows, got " + x.length);
        }
    }

    /** Returns the hybrid {@code [row][frame]} (raw units: mel power, MFCC) mapped into [0, 1]; the input is unchanged. */
    public float[][] normalize(float[][] hybrid) {
        checkRows(hybrid);
        float[][] out = new float[hybrid.length][];
        double dbW = width(dbMin, dbMax);
        for (int r = 0; r < hybrid.length; r++) {
            float[] in = hybrid[r];
            float[] o = new float[in.length];
            if (r < nMels) {
                for (int t = 0; t < in.length; t++) {
                    double db = 10.0 * Math.log10(Math.max(in[t], AMIN));
                    o[t] = clip01((db - dbMin) / dbW);
                }
            } else {
                int c = r - nMels;
                double lo = mfccMin[c];
                double w = width(lo, mfccMax[c]);
                for (int t = 0; t < in.length; t++) {
                    o[t] = clip01((in[t] - lo) / w);
                }
            }
            out[r] = o;
        }
        return out;
    }

    /** Returns the normalised hybrid {@code [row][frame]} (values clipped to [0, 1] first) mapped back to raw units (mel power, MFCC). */
    public float[][] denormalize(float[][] normalized) {
        checkRows(normalized);
        float[][] out = new float[normalized.length][];
        double dbW = width(dbMin, dbMax);
        for (int r = 0; r < normalized.length; r++) {
            float[] in = normalized[r];
            float[] o = new float[in.length];
            if (r < nMels) {
                for (int t = 0; t < in.length; t++) {
                    double db = clip01(in[t]) * dbW + dbMin;
                    o[t] = (float) Math.pow(10.0, db / 10.0);
                }
            } else {
                int c = r - nMels;
                double lo = mfccMin[c];
                double w = width(lo, mfccMax[c]);
                for (int t = 0; t < in.length; t++) {
                    o[t] = (float) (clip01(in[t]) * w + lo);
                }
            }
            out[r] = o;
        }
        return out;
    }

    private static float clip01(double v) {
        if (!(v > 0)) {
            return 0f; // also maps NaN to 0
        }
        return v >= 1 ? 1f : (float) v;
    }

    /** Fits the statistics over all given hybrids {@code [row][frame]} with {@code nMels} mel rows. */
    public static Normalization fit(Iterable<float[][]> hybrids, int nMels) {
        Accumulator acc = new Accumulator(nMels);
        for (float[][] h : hybrids) {
            acc.add(h);
        }
        return acc.build();
    }

    /** Streaming, thread-safe collector of the minima and maxima needed by {@link Normalization}. */
    public static final class Accumulator {
        private final int nMels;
        private double dbMin = Double.POSITIVE_INFINITY;
        private double dbMax = Double.NEGATIVE_INFINITY;
        private double[] mfccMin;
        private double[] mfccMax;
        private long count;

        /** Creates an empty accumulator for hybrids with {@code nMels} mel rows. */
        public Accumulator(int nMels) {
            this.nMels = nMels;
        }

        /** Adds one hybrid {@code [row][frame]} in raw units (mel power rows, then MFCC rows). */
        public synchronized void add(float[][] hybrid) {
            if (hybrid.length <= nMels) {
                throw new IllegalArgumentException("hybrid has " + hybrid.length + " rows, needs more than " + nMels);
            }
            int nMfcc = hybrid.length - nMels;
            if (!mfccRows(nMfcc)) {
                throw new IllegalArgumentException("hybrid has " + hybrid.length + " rows, earlier ones had " + (nMels + mfccMin.length));
            }
            float pMin = Float.POSITIVE_INFINITY;
            float pMax = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < nMels; r++) {
                for (float v : hybrid[r]) {
                    pMin = Math.min(pMin, v);
                    pMax = Math.max(pMax, v);
                }
            }
            dbMin = Math.min(dbMin, 10.0 * Math.log10(Math.max(pMin, AMIN)));
            dbMax = Math.max(dbMax, 10.0 * Math.log10(Math.max(pMax, AMIN)));
            for (int c = 0; c < nMfcc; c++) {
                for (float v : hybrid[nMels + c]) {
                    if (v < mfccMin[c]) {
                        mfccMin[c] = v;
                    }
                    if (v > mfccMax[c]) {
                        mfccMax[c] = v;
                    }
                }
            }
            count++;
        }

        /** Sizes the MFCC extremes for {@code nMfcc} rows on first use; returns false if earlier input had another row count. */
        private boolean mfccRows(int nMfcc) {
            if (mfccMin == null) {
                mfccMin = new double[nMfcc];
                mfccMax = new double[nMfcc];
                Arrays.fill(mfccMin, Double.POSITIVE_INFINITY);
                Arrays.fill(mfccMax, Double.NEGATIVE_INFINITY);
            }
            return mfccMin.length == nMfcc;
        }

        /**
         * Adds a fit made elsewhere over {@code hybrids} hybrids (for example one shard's), as if those hybrids had been added here: the
         * statistics are minima and maxima, so merging per-part fits gives exactly (bit for bit) the fit over all parts, in any order.
         *
         * @throws IllegalArgumentException if {@code part} has another mel or MFCC row count, or {@code hybrids} is not positive
         */
        public synchronized void merge(Normalization part, long hybrids) {
            if (hybrids < 1) {
                throw new IllegalArgumentException("a fit covers at least one hybrid: " + hybrids);
            }
            if (part.nMels() != nMels) {
                throw new IllegalArgumentException("fit has " + part.nMels() + " mel rows, this accumulator " + nMels);
            }
            int nMfcc = part.nMfcc();
            if (!mfccRows(nMfcc)) {
                throw new IllegalArgumentException("fit has " + nMfcc + " MFCC rows, earlier ones had " + mfccMin.length);
            }
            dbMin = Math.min(dbMin, part.dbMin());
            dbMax = Math.max(dbMax, part.dbMax());
            double[] lo = part.mfccMin();
            double[] hi = part.mfccMax();
            for (int c = 0; c < nMfcc; c++) {
                mfccMin[c] = Math.min(mfccMin[c], lo[c]);
                mfccMax[c] = Math.max(mfccMax[c], hi[c]);
            }
            count += hybrids;
        }

        /** Returns the number of hybrids added. */
        public synchronized long count() {
            return count;
        }

        /** Returns the fitted normalisation. @throws IllegalStateException if nothing was added */
        public synchronized Normalization build() {
            if (count == 0) {
                throw new IllegalStateException("no hybrids added");
            }
            return new Normalization(nMels, dbMin, dbMax, mfccMin, mfccMax);
        }
    }

    /** Returns the JSON text of this normalisation (with {@code version} and {@code description}). */
    public String toJson() {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("version", VERSION);
        root.put("description", DESCRIPTION);
        root.put("nMels", nMels);
        root.put("nMfcc", nMfcc());
        root.put("amin", AMIN);
        root.put("dbMin", dbMin);
        root.put("dbMax", dbMax);
        ArrayNode lo = root.putArray("mfccMin");
        ArrayNode hi = root.putArray("mfccMax");
        for (int c = 0; c < mfccMin.length; c++) {
            lo.add(mfccMin[c]);
            hi.add(mfccMax[c]);
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON written by {@link #toJson()}. @throws IOException if the text is not a valid version-1 normalisation */
    public static Normalization fromJson(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || root.path("version").asInt(-1) != VERSION) {
            throw new IOException("unsupported normalization version: " + (root == null ? "none" : root.path("version")));
        }
        JsonNode lo = root.path("mfccMin");
        JsonNode hi = root.path("mfccMax");
        if (!lo.isArray() || !hi.isArray() || !root.path("dbMin").isNumber() || !root.path("dbMax").isNumber()) {
            throw new IOException("normalization JSON lacks dbMin, dbMax, mfccMin or mfccMax");
        }
        double[] a = new double[lo.size()];
        double[] b = new double[hi.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = lo.get(i).asDouble();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = hi.get(i).asDouble();
        }
        try {
            return new Normalization(root.path("nMels").asInt(), root.path("dbMin").asDouble(), root.path("dbMax").asDouble(), a, b);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid normalization: " + e.getMessage(), e);
        }
    }

    /** Writes this normalisation as JSON to {@code file} atomically. */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /** Reads a normalisation JSON file. @throws IOException with the file name if it cannot be read or parsed */
    public static Normalization load(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Classpath resource holding the statistics bundled with sonic (fitted by {@code sonic prepare} on the training corpus). */
    public static final String BUNDLED_RESOURCE = "/dev/sonicsaviors/pipeline/default-normalization.json";

    /** Returns the statistics bundled with sonic, fitted on the audio-level training set of the project's corpus. */
    public static Normalization bundled() {
        try (java.io.InputStream in = Normalization.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BUNDLED_RESOURCE);
            }
            return fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + BUNDLED_RESOURCE, e);
        }
    }

    /** Compares two normalisations by value (arrays included). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && n.nMels == nMels && Double.compare(n.dbMin, dbMin) == 0 && Double.compare(n.dbMax, dbMax) == 0
                && Arrays.equals(n.mfccMin, mfccMin) && Arrays.equals(n.mfccMax, mfccMax);
    }

    /** Returns a hash consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return 31 * (31 * Integer.hashCode(nMels) + Double.hashCode(dbMin) + 7 * Double.hashCode(dbMax)) + Arrays.hashCode(mfccMin)
                + 17 * Arrays.hashCode(mfccMax);
    }

    /** Returns a short summary (dB range and MFCC count). */
    @Override
    public String toString() {
        return "Normalization[nMels=" + nMels + ", dB=[" + dbMin + ", " + dbMax + "], nMfcc=" + mfccMin.length + "]";
    }
}
