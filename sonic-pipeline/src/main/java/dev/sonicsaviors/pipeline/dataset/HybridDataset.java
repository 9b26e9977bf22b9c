package dev.sonicsaviors.pipeline.dataset;

import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.NpyArray;
import dev.sonicsaviors.model.ArrayTrainingData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A folder of hybrid files written by {@code sonic prepare} ({@code train/} and {@code val/} with {@code clean.npy} and
 * {@code noisy.npy} of shape (N, 148, 109), and {@code normalization.json}), validated and normalised for training.
 */
public final class HybridDataset {

    /**
     * One split, normalised to [0, 1].
     *
     * @param data the examples, noisy input and clean target, each flat in C order (row, frame)
     * @param size number of examples
     * @param sha256 SHA-256 of the split's clean.npy and noisy.npy (hex), for provenance
     */
    public record Split(ArrayTrainingData data, int size, String sha256) {
    }

    /**
     * A loaded dataset.
     *
     * @param dir the folder
     * @param normalization the statistics the examples were normalised with
     * @param train the training split
     * @param validation the validation split, or null when the folder has none (or it is empty)
     */
    public record Loaded(Path dir, Normalization normalization, Split train, Split validation) {
    }

    private HybridDataset() {
    }

    /** Loads and validates {@code dir} for a model input of {@code rows} x {@code frames}; errors name the file and the problem. */
    public static Loaded load(Path dir, int rows, int frames) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder of hybrid files (run 'sonic prepare' first)");
        }
        Path normFile = dir.resolve("normalization.json");
        if (!Files.isRegularFile(normFile)) {
            throw new IOException(normFile + ": missing (run 'sonic prepare' to make a dataset)");
        }
        Normalization norm = Normalization.load(normFile);
        if (norm.rows() != rows) {
            throw new IOException(normFile + ": statistics for " + norm.rows() + " rows, the model needs " + rows);
        }
        Split train = loadSplit(dir.resolve("train"), norm, rows, frames);
        if (train == null || train.size() == 0) {
            throw new IOException(dir.resolve("train") + ": no training examples");
        }
        Split val = loadSplit(dir.resolve("val"), norm, rows, frames);
        return new Loaded(dir, norm, train, val == null || val.size() == 0 ? null : val);
    }

    private static Split loadSplit(Path split, Normalization norm, int rows, int frames) throws IOException {
        Path cleanFile = split.resolve("clean.npy");
        Path noisyFile = split.resolve("noisy.npy");
        if (!Files.exists(cleanFile) && !Files.exists(noisyFile)) {
            return null;
        }
        NpyArray clean = readChecked(cleanFile, rows, frames);
        NpyArray noisy = readChecked(noisyFile, rows, frames);
        if (clean.dim(0) != noisy.dim(0)) {
            throw new IOException(split + ": clean.npy has " + clean.dim(0) + " examples but noisy.npy has " + noisy.dim(0));
        }
        int n = clean.dim(0);
        int size = rows * frames;
        float[] x = normalizeAll(noisy, norm, n, rows, frames);
        float[] y = normalizeAll(clean, norm, n, rows, frames);
        return new Split(new ArrayTrainingData(x, y, size), n, sha256(cleanFile, noisyFile));
    }

    private static NpyArray readChecked(Path file, int rows, int frames) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": missing");
        }
        NpyArray a = Npy.read(file);
        int[] s = a.shape();
        if (s.length != 3 || s[1] != rows || s[2] != frames) {
            throw new IOException(file + ": shape " + Arrays.toString(s) + ", expected (N, " + rows + ", " + frames + ")");
        }
        float[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                int per = rows * frames;
                throw new IOException(file + ": " + (Float.isNaN(d[i]) ? "NaN" : "infinite value") + " in example " + i / per
                        + " (row " + (i % per) / frames + ", frame " + i % frames + ")");
            }
        }
        return a;
    }

    private static float[] normalizeAll(NpyArray a, Normalization norm, int n, int rows, int frames) {
        int size = rows * frames;
        float[] out = new float[n * size];
        for (int i = 0; i < n; i++) {
            float[][] h = norm.normalize(a.item2d(i));
            for (int r = 0; r < rows; r++) {
                System.arraycopy(h[r], 0, out, i * size + r * frames, frames);
            }
        }
        return out;
    }

    /** Returns the SHA-256 (hex) of the concatenated contents of {@code files}. */
    public static String sha256(Path... files) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    int k;
                    while ((k = in.read(buf)) > 0) {
                        md.update(buf, 0, k);
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
