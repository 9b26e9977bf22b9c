package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.model.Architecture;
import dev.sonicsaviors.model.Architectures;
import dev.sonicsaviors.model.MaskNet;
import dev.sonicsaviors.model.ModelFiles;
import dev.sonicsaviors.model.ModelInfo;
import dev.sonicsaviors.model.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A learned {@link GainModel} backed by a {@link MaskNet} model folder: level-normalises the chunk, runs the network on
 * its compressed magnitude for any number of frames at once and returns {@code g = c^(1/0.3)} per bin and frame
 * ({@link MaskFeatures}: 22,050 Hz, n_fft 512, hop 256). Holds a TensorFlow session until {@link #close()}.
 */
public final class MaskGainModel implements GainModel, AutoCloseable {

    /** Classpath folder of the bundled default model. */
    public static final String BUNDLED = "models/default";

    private final String name;
    private final Network net;
    private final ModelInfo info;

    private MaskGainModel(String name, Network net, ModelInfo info) {
        this.name = name;
        this.net = net;
        this.info = info;
    }

    /** Loads the model folder {@code dir} (a {@code mask-net-*} architecture) with {@code threads} TensorFlow threads; one-line IOException on error. */
    public static MaskGainModel load(Path dir, String name, int threads) throws IOException {
        ModelInfo info = ModelFiles.readInfo(dir);
        Architecture arch;
        try {
            arch = Architectures.byName(info.architecture());
        } catch (IllegalArgumentException e) {
            throw new IOException(ModelFiles.resolve(dir).resolve(ModelFiles.MODEL_JSON) + ": " + e.getMessage(), e);
        }
        if (!(arch instanceof MaskNet) || arch.inputShape()[0] != MaskFeatures.BINS) {
            throw new IOException(ModelFiles.resolve(dir).resolve(ModelFiles.MODEL_JSON) + ": architecture " + info.architecture()
                    + " is not a " + MaskFeatures.BINS + "-bin mask model, which 'denoise' needs");
        }
        Network net = Network.build(arch, false, threads);
        try {
            ModelFiles.checkMatches(dir, info, net);
            net.setWeights(ModelFiles.readWeights(dir, info));
            return new MaskGainModel(name, net, info);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Loads the bundled default model from the classpath ({@value #BUNDLED}) via a temporary copy, with 2 threads. */
    public static MaskGainModel bundled() throws IOException {
        Path tmp = Files.createTempDirectory("sonic-default-model");
        try {
            String[] files;
            try (InputStream list = resource(BUNDLED + "/files.txt")) {
                files = new String(list.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\R");
            }
            for (String f : files) {
                if (!f.isBlank()) {
                    try (InputStream in = resource(BUNDLED + "/" + f.strip())) {
                        Files.copy(in, tmp.resolve(f.strip()));
                    }
                }
            }
            return load(tmp, "default", 2);
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = MaskGainModel.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("classpath:" + path + ": missing (the bundled model is not on the classpath)");
        }
        return in;
    }

    /** Returns the model's name. */
    @Override
    public String name() {
        return name;
    }

    /** Returns the model's descriptor as read from its {@code model.json}. */
    public ModelInfo info() {
        return info;
    }

    /** Releases the model's TensorFlow session; later calls to {@link #gains} fail. */
    @Override
    public void close() {
        net.close();
    }

    /** Returns 22,050 Hz. */
    @Override
    public int sampleRate() {
        return MaskFeatures.RATE;
    }

    /** Returns 512 samples. */
    @Override
    public int nFft() {
        return MaskFeatures.N_FFT;
    }

    /** Returns 256 samples. */
    @Override
    public int hopLength() {
        return MaskFeatures.HOP;
    }

    /** Returns the gains {@code [bin][frame]} in [0.05, 1] for {@code noisy} ({@code [bin][frame]}, 257 bins, any frame count). */
    @Override
    public float[][] gains(ComplexSpectrogram noisy) {
        int bins = noisy.bins();
        int frames = noisy.frames();
        if (bins != MaskFeatures.BINS) {
            throw new IllegalArgumentException("spectrogram has " + bins + " bins, expected " + MaskFeatures.BINS);
        }
        float[][] g = new float[bins][frames];
        if (frames == 0) {
            return g;
        }
        float[] x = new float[bins * frames];
        MaskFeatures.compressed(noisy, MaskFeatures.levelScale(noisy), x, 0);
        float[] y;
        try (TFloat32 t = Network.tensor(x, Shape.of(1, bins, frames, 1))) {
            y = net.predict(t);
        }
        float lo = MaskNet.compressedFloor();
        double inv = 1 / MaskNet.COMPRESSION;
        for (int k = 0; k < bins; k++) {
            for (int f = 0; f < frames; f++) {
                int i = k * frames + f;
                // c = y / x; where x is (near) zero the gain does not matter: use the floor.
                double c = x[i] > 1e-6f ? Math.min(1, Math.max(lo, y[i] / x[i])) : lo;
                g[k][f] = (float) Math.pow(c, inv);
            }
        }
        return g;
    }
}
