package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.FastPower;
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
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A learned {@link GainModel} backed by a {@link MaskNet} model folder: level-normalises the chunk, runs the network on
 * its compressed magnitude for any number of frames at once and returns {@code g = c^(1/0.3)} per bin and frame
 * ({@link MaskFeatures}: 22,050 Hz, n_fft 512, hop 256). Holds a TensorFlow session until {@link #close()}.
 *
 * <p>A model folder may hold a companion trained on narrow-band speech in its subfolder {@value #NARROW_BAND} (a model folder
 * itself): {@link #forInputRate} returns it for input recorded at {@value #NARROW_BAND_MAX_RATE} Hz or less, loaded on first
 * use and closed with this model.
 *
 * <p>Input recorded below the model's rate (at {@value #EMPTY_BAND_MAX_RATE} Hz or less, without a companion) reaches the
 * network with the band above its Nyquist frequency digitally empty; {@link #forInputRate} returns a view of this model
 * that puts a faint noise floor there in the features ({@link MaskFeatures#compressedWithFloor}), with which the network
 * does better than with silence (the gains themselves still apply to the unaltered spectrogram).
 */
public final class MaskGainModel implements GainModel, AutoCloseable {

    /** Classpath folder of the bundled default model. */
    public static final String BUNDLED = "models/default";
    /** Subfolder of a model folder that holds its narrow-band companion. */
    public static final String NARROW_BAND = "narrow-band";
    /** Highest input rate in Hz for which the narrow-band companion runs (telephone and 8 kHz recordings). */
    public static final int NARROW_BAND_MAX_RATE = 8000;
    /** Highest input rate in Hz whose empty upper band gets the features' noise floor ({@link #forInputRate}). */
    public static final int EMPTY_BAND_MAX_RATE = 8000;
    /** Seed of the features' noise floor (the same for every chunk, so the output does not depend on the order of work). */
    private static final long FLOOR_SEED = 0x5EED_F100L;
    /** The network's compressed ratio back to a magnitude gain: {@code c^(1 / 0.3)}. */
    private static final FastPower EXPAND = new FastPower(1 / MaskNet.COMPRESSION);
    /** The network's smallest compressed gain, {@link MaskNet#compressedFloor} (computed once: it is a power). */
    private static final float COMPRESSED_FLOOR = MaskNet.compressedFloor();
    /** From a compressed magnitude to the factor that expands a compressed complex value: {@code |Yc|^(1/0.3 - 1)}. */
    private static final FastPower EXPAND_MINUS_ONE = new FastPower(1 / MaskNet.COMPRESSION - 1);

    /** Loads a companion model on first use. */
    @FunctionalInterface
    private interface CompanionLoader {
        MaskGainModel load() throws IOException;
    }

    private final String name;
    private final Network net;
    private final ModelInfo info;
    private final CompanionLoader narrowLoader;
    /** The model whose network this one shares (a view for one input rate), or null when it owns its network. */
    private final MaskGainModel owner;
    /** First bin of the features' noise floor ({@link MaskFeatures#BINS}: none). */
    private final int floorFromBin;
    /** Whether {@link #forInputRate} floors the empty band (not for a view, nor for a companion, trained on such input). */
    private final boolean floorsEmptyBand;
    /** Whether the network is the deep-filtering variant (three-channel features, a complex output below {@link MaskNet#DF_BINS}). */
    private final boolean deepFilter;
    /** The pitch post-filter of the model's metadata, or null. */
    private final PitchPostFilter.Settings postFilter;
    private final Map<Integer, MaskGainModel> views = new HashMap<>();
    private MaskGainModel narrow;
    private boolean closed;

    private MaskGainModel(String name, Network net, ModelInfo info, CompanionLoader narrowLoader, boolean floorsEmptyBand,
                          PitchPostFilter.Settings postFilter) {
        this.name = name;
        this.net = net;
        this.info = info;
        this.narrowLoader = narrowLoader;
        this.owner = null;
        this.floorFromBin = MaskFeatures.BINS;
        this.floorsEmptyBand = floorsEmptyBand;
        this.deepFilter = net.architecture() instanceof MaskNet m && m.variant() == MaskNet.Variant.LITE_DF;
        try {
            this.postFilter = postFilter != null ? postFilter : PitchPostFilter.Settings.fromMetadata(info.metadata());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": model.json: " + e.getMessage(), e);
        }
    }

    /** A view of {@code owner} (its network, name and descriptor) that floors the features from bin {@code floorFromBin} up. */
    private MaskGainModel(MaskGainModel owner, int floorFromBin) {
        this.name = owner.name;
        this.net = owner.net;
        this.info = owner.info;
        this.narrowLoader = null;
        this.owner = owner;
        this.floorFromBin = floorFromBin;
        this.floorsEmptyBand = false;
        this.deepFilter = owner.deepFilter;
        this.postFilter = owner.postFilter;
    }

    /**
     * Loads the model folder {@code dir} (a {@code mask-net-*} architecture) with {@code threads} TensorFlow threads, and its
     * {@value #NARROW_BAND} companion when the folder has one (on first use); one-line IOException on error.
     */
    public static MaskGainModel load(Path dir, String name, int threads) throws IOException {
        Path narrow = dir.resolve(NARROW_BAND);
        return load(dir, name, threads, Files.isDirectory(narrow) ? () -> load(narrow, name + " (narrow band)", threads, null, false, null)
                : null, true, null);
    }

    private static MaskGainModel load(Path dir, String name, int threads, CompanionLoader narrowLoader, boolean floorsEmptyBand,
                                      PitchPostFilter.Settings postFilter) throws IOException {
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
            return new MaskGainModel(name, net, info, narrowLoader, floorsEmptyBand, postFilter);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /**
     * Loads the bundled default model from the classpath ({@value #BUNDLED}) via a temporary copy, with 2 threads, and its
     * narrow-band companion ({@value #BUNDLED}/{@value #NARROW_BAND}) when bundled, on first use.
     */
    public static MaskGainModel bundled() throws IOException {
        return bundled("default", null);
    }

    /**
     * Loads the bundled default model as {@link #bundled()} does, named {@code name}, running the pitch post-filter
     * {@code postFilter} after masking ({@link PitchPostFilter}; null: what its {@code model.json} names, which is none).
     */
    public static MaskGainModel bundled(String name, PitchPostFilter.Settings postFilter) throws IOException {
        String narrow = BUNDLED + "/" + NARROW_BAND;
        boolean hasNarrow = MaskGainModel.class.getClassLoader().getResource(narrow + "/files.txt") != null;
        return fromClasspath(BUNDLED, name, hasNarrow ? () -> fromClasspath(narrow, name + " (narrow band)", null, false, null) : null,
                true, postFilter);
    }

    /** Loads the model in classpath folder {@code folder} (listed by its {@code files.txt}) via a temporary copy, with 2 threads. */
    private static MaskGainModel fromClasspath(String folder, String name, CompanionLoader narrowLoader, boolean floorsEmptyBand,
                                               PitchPostFilter.Settings postFilter) throws IOException {
        Path tmp = Files.createTempDirectory("sonic-default-model");
        try {
            String[] files;
            try (InputStream list = resource(folder + "/files.txt")) {
                files = new String(list.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\R");
            }
            for (String f : files) {
                if (!f.isBlank()) {
                    try (InputStream in = resource(folder + "/" + f.strip())) {
                        Files.copy(in, tmp.resolve(f.strip()));
                    }
                }
            }
            return load(tmp, name, 2, narrowLoader, floorsEmptyBand, postFilter);
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

    /**
     * Returns the narrow-band companion for input at {@value #NARROW_BAND_MAX_RATE} Hz or less when this model has one (loaded
     * now if not yet); else, for input at {@value #EMPTY_BAND_MAX_RATE} Hz or less, this model with a noise floor in the
     * features above the input's Nyquist frequency (the same view for the same rate); else this model. A companion and a
     * view return themselves.
     *
     * @throws java.io.UncheckedIOException if the companion cannot be loaded
     */
    @Override
    public synchronized GainModel forInputRate(int inputRateHz) {
        if (!floorsEmptyBand || inputRateHz > EMPTY_BAND_MAX_RATE) {
            return this; // a view or a companion (neither floors), or input that leaves no band empty
        }
        if (closed) {
            throw new IllegalStateException(name + ": model is closed");
        }
        if (narrowLoader == null || inputRateHz > NARROW_BAND_MAX_RATE) {
            return views.computeIfAbsent(inputRateHz, r -> new MaskGainModel(this, floorFromBin(r)));
        }
        if (narrow == null) {
            try {
                narrow = narrowLoader.load();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return narrow;
    }

    /** Returns true when this model carries a narrow-band companion for input at {@value #NARROW_BAND_MAX_RATE} Hz or less. */
    public boolean hasNarrowBandCompanion() {
        return narrowLoader != null;
    }

    /** Returns the first bin at or above {@code inputRateHz / 2} Hz (at most {@link MaskFeatures#BINS}). */
    static int floorFromBin(int inputRateHz) {
        return MaskFeatures.firstBinAtOrAbove(inputRateHz / 2.0);
    }

    /**
     * Releases the model's TensorFlow session (and its companion's); later calls to {@link #gains} fail. A view returned by
     * {@link #forInputRate} shares its owner's session and releases nothing.
     */
    @Override
    public synchronized void close() {
        if (owner != null) {
            return;
        }
        closed = true;
        net.close();
        if (narrow != null) {
            narrow.close();
        }
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

    /**
     * Returns the gains {@code [bin][frame]} in [0.05, 1] for {@code noisy} ({@code [bin][frame]}, 257 bins, any frame count);
     * for a deep-filtering model the ratio of the enhanced magnitude to the noisy one, at most 1.
     */
    @Override
    public float[][] gains(ComplexSpectrogram noisy) {
        int bins = checkBins(noisy);
        int frames = noisy.frames();
        float[][] g = new float[bins][frames];
        if (frames == 0) {
            return g;
        }
        float[] x = new float[bins * frames];
        float[] y = run(noisy, MaskFeatures.levelScale(noisy), x);
        int stride = deepFilter ? MaskNet.DF_CHANNELS : 1;
        for (int k = 0; k < bins; k++) {
            for (int f = 0; f < frames; f++) {
                int i = k * frames + f;
                g[k][f] = gain(x[i], y[stride * i]);
            }
        }
        return g;
    }

    /** Returns the pitch post-filter its {@code model.json} metadata names ({@link PitchPostFilter.Settings#fromMetadata}), or null. */
    @Override
    public PitchPostFilter.Settings postFilter() {
        return postFilter;
    }

    /** Returns true for a deep-filtering model, whose output {@link #enhance} gives. */
    @Override
    public boolean complexOutput() {
        return deepFilter;
    }

    /**
     * Returns the enhanced STFT of {@code noisy} ({@code [bin][frame]}, 257 bins): below {@link MaskNet#DF_BINS} the
     * network's complex output {@code Y = Yc |Yc|^(1/0.3 - 1)} (level scale undone), above it the noisy STFT times its gain;
     * for a model that is not a deep filter, the noisy STFT times the {@link #gains}.
     */
    @Override
    public ComplexSpectrogram enhance(ComplexSpectrogram noisy) {
        int bins = checkBins(noisy);
        int frames = noisy.frames();
        float[][] re = new float[bins][frames];
        float[][] im = new float[bins][frames];
        if (frames == 0) {
            return new ComplexSpectrogram(re, im);
        }
        double scale = MaskFeatures.levelScale(noisy);
        float[] x = new float[bins * frames];
        float[] y = run(noisy, scale, x);
        int stride = deepFilter ? MaskNet.DF_CHANNELS : 1;
        int lowBins = deepFilter ? MaskNet.DF_BINS : 0;
        for (int k = 0; k < bins; k++) {
            float[] nr = noisy.re()[k];
            float[] ni = noisy.im()[k];
            for (int f = 0; f < frames; f++) {
                int i = k * frames + f;
                if (k < lowBins) {
                    double cr = y[stride * i + 1];
                    double ci = y[stride * i + 2];
                    if (Double.isNaN(cr) || Double.isNaN(ci)) {
                        throw new IllegalStateException(name + ": output is NaN at bin " + k + ", frame " + f);
                    }
                    double abs = Math.sqrt(cr * cr + ci * ci);
                    double w = abs > 0 ? EXPAND_MINUS_ONE.apply(abs) / scale : 0; // |Yc|^(1/0.3 - 1), back to the input's level
                    re[k][f] = (float) (cr * w);
                    im[k][f] = (float) (ci * w);
                } else {
                    float gk = gain(x[i], y[stride * i]);
                    re[k][f] = nr[f] * gk;
                    im[k][f] = ni[f] * gk;
                }
            }
        }
        return new ComplexSpectrogram(re, im);
    }

    private static int checkBins(ComplexSpectrogram noisy) {
        if (noisy.bins() != MaskFeatures.BINS) {
            throw new IllegalArgumentException("spectrogram has " + noisy.bins() + " bins, expected " + MaskFeatures.BINS);
        }
        return noisy.bins();
    }

    /** Returns the magnitude gain {@code c^(1/0.3)} for compressed input {@code x} and output {@code y}, {@code c = y / x} clamped to [floor, 1]. */
    private static float gain(float x, float y) {
        // where x is (near) zero the gain does not matter: use the floor.
        double c = x > 1e-6f ? Math.min(1, Math.max(COMPRESSED_FLOOR, y / x)) : COMPRESSED_FLOOR;
        return (float) EXPAND.apply(c); // c^(1 / 0.3)
    }

    /**
     * Runs the network on {@code noisy} at level {@code scale}: writes the compressed magnitude features (floored from
     * {@code floorFromBin} up) into {@code x}, C order {@code (bin, frame)}, and returns the output, C order
     * {@code (bin, frame)} or, for a deep filter, {@code (bin, frame, channel)}.
     */
    private float[] run(ComplexSpectrogram noisy, double scale, float[] x) {
        int bins = noisy.bins();
        int frames = noisy.frames();
        if (floorFromBin < bins) {
            MaskFeatures.compressedWithFloor(noisy, scale, floorFromBin, FLOOR_SEED, x, 0);
        } else {
            MaskFeatures.compressed(noisy, scale, x, 0);
        }
        float[] in = x;
        int channels = 1;
        if (deepFilter) {
            channels = MaskNet.DF_CHANNELS;
            in = new float[x.length * channels];
            MaskFeatures.withPhase(x, 0, noisy, false, in, 0);
        }
        try (TFloat32 t = Network.tensor(in, Shape.of(1, bins, frames, channels))) {
            return net.predict(t);
        }
    }
}
