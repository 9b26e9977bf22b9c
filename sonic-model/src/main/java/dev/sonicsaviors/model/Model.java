package dev.sonicsaviors.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained denoiser loaded once for inference and reused: {@link #predict(float[][][])} runs the network without
 * reloading anything. Not thread-safe; close it to free native memory.
 */
public final class Model implements AutoCloseable {

    /** The largest number of examples run through the network at once by {@link #predict(float[], int)}. */
    public static final int CHUNK = 32;

    private final Network net;
    private final ModelInfo info;

    private Model(Network net, ModelInfo info) {
        this.net = net;
        this.info = info;
    }

    /** Loads the model folder {@code dir} with TensorFlow's default thread count. */
    public static Model load(Path dir) throws IOException {
        return load(dir, 0);
    }

    /** Loads the model folder {@code dir} using {@code threads} intra-op threads ({@code <= 0}: TensorFlow's default); errors are one-line IOExceptions naming the file. */
    public static Model load(Path dir, int threads) throws IOException {
        ModelInfo info = ModelFiles.readInfo(dir);
        Architecture arch = Architectures.byName(info.architecture());
        Map<String, float[]> weights = null;
        Network net = Network.build(arch, false, threads);
        try {
            ModelFiles.checkMatches(dir, info, net);
            weights = ModelFiles.readWeights(dir, info);
            net.setWeights(weights);
            return new Model(net, info);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Returns the loaded descriptor (architecture, input shape, parameter count, metadata). */
    public ModelInfo info() {
        return info;
    }

    /** Returns the caller metadata stored with the model. */
    public Map<String, Object> metadata() {
        return info.metadata();
    }

    /** Denoises a batch {@code [example][row][frame]} of normalised hybrids (rows x frames as the input shape, values in [0, 1]); returns the same layout. */
    public float[][][] predict(float[][][] batch) {
        int[] in = info.inputShape();
        int h = in[0];
        int w = in[1];
        if (in[2] != 1) {
            throw new IllegalStateException("predict(float[][][]) needs a single-channel model");
        }
        int n = batch.length;
        float[] flat = new float[n * h * w];
        for (int e = 0; e < n; e++) {
            if (batch[e].length != h) {
                throw new IllegalArgumentException("example " + e + " has " + batch[e].length + " rows, expected " + h);
            }
            for (int r = 0; r < h; r++) {
                if (batch[e][r].length != w) {
                    throw new IllegalArgumentException("example " + e + " row " + r + " has " + batch[e][r].length + " frames, expected " + w);
                }
                System.arraycopy(batch[e][r], 0, flat, (e * h + r) * w, w);
            }
        }
        float[] y = predict(flat, n);
        float[][][] out = new float[n][h][w];
        for (int e = 0; e < n; e++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(y, (e * h + r) * w, out[e][r], 0, w);
            }
        }
        return out;
    }

    /**
     * Denoises {@code n} examples given flat in NHWC C order ({@code n * h * w * c} values) and returns the same layout;
     * runs in chunks of at most {@value #CHUNK} examples so that long clips do not need gigabytes of activations.
     */
    public float[] predict(float[] flat, int n) {
        int size = exampleSize();
        if (flat.length != n * size) {
            throw new IllegalArgumentException(flat.length + " values for " + n + " examples of " + size);
        }
        if (n <= CHUNK) {
            return n == 0 ? new float[0] : net.predict(flat, n);
        }
        float[] out = new float[flat.length];
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            float[] y = net.predict(java.util.Arrays.copyOfRange(flat, from * size, (from + m) * size), m);
            System.arraycopy(y, 0, out, from * size, y.length);
        }
        return out;
    }

    /** Returns the number of floats in one example (height x width x channels). */
    public int exampleSize() {
        int[] in = info.inputShape();
        return in[0] * in[1] * in[2];
    }

    /** Throws a one-line IOException naming {@code model.json} unless the model's input shape is {@code (height, width, channels)}. */
    public void requireInputShape(Path dir, int... shape) throws IOException {
        if (!java.util.Arrays.equals(info.inputShape(), shape)) {
            throw new IOException(ModelFiles.resolve(dir).resolve(ModelFiles.MODEL_JSON) + ": model input shape "
                    + java.util.Arrays.toString(info.inputShape()) + ", expected " + java.util.Arrays.toString(shape));
        }
    }

    /** Frees the TensorFlow session and graph. */
    @Override
    public void close() {
        net.close();
    }
}
