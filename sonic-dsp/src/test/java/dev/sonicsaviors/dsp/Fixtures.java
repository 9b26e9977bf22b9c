package dev.sonicsaviors.dsp;

import dev.sonicsaviors.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Loads the librosa 0.11 golden arrays copied under {@code src/test/resources/librosa}. */
final class Fixtures {

    static final String[] SIGNALS = {"a_sines", "b_chirp", "c_noise", "d_short_padded", "e_silence", "f_speech"};

    private Fixtures() {
    }

    static Path path(String relative) {
        URL url = Fixtures.class.getResource("/librosa/" + relative);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static float[] vector(String relative) {
        try {
            return Npy.read(path(relative)).data();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[][] matrix(String relative) {
        try {
            return Npy.read2d(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[][] matrixDouble(String relative) {
        try {
            int[] shape = Npy.readShape(path(relative));
            double[] d = Npy.readDouble(path(relative));
            double[][] out = new double[shape[0]][shape[1]];
            for (int r = 0; r < shape[0]; r++) {
                System.arraycopy(d, r * shape[1], out[r], 0, shape[1]);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float max(float[][] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float[] r : a) {
            for (float v : r) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    /** Largest |a-b| - rel*|b| - abs over all cells (<= 0 means within tolerance). */
    static double excess(float[][] a, float[][] b, double rel, double abs) {
        if (a.length != b.length || a[0].length != b[0].length) {
            throw new AssertionError("shape " + a.length + "x" + a[0].length + " vs " + b.length + "x" + b[0].length);
        }
        double worst = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[r].length; c++) {
                double e = Math.abs((double) a[r][c] - b[r][c]) - rel * Math.abs(b[r][c]) - abs;
                worst = Math.max(worst, e);
            }
        }
        return worst;
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        return excess(a, b, 0, 0);
    }

    /** Frobenius norm of a - b divided by that of b. */
    static double relFro(float[][] a, float[][] b) {
        double num = 0;
        double den = 0;
        for (int r = 0; r < b.length; r++) {
            for (int c = 0; c < b[r].length; c++) {
                double d = (double) a[r][c] - b[r][c];
                num += d * d;
                den += (double) b[r][c] * b[r][c];
            }
        }
        return Math.sqrt(num / den);
    }
}
