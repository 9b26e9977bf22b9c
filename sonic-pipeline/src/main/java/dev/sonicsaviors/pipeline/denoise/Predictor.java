package dev.sonicsaviors.pipeline.denoise;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.model.Model;
import dev.sonicsaviors.model.ModelFiles;
import dev.sonicsaviors.pipeline.dataset.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained hybrid autoencoder, loaded once and reused: maps the raw hybrid of a noisy clip to the predicted clean
 * hybrid (normalise, run the model, undo the normalisation with the statistics stored in the model folder).
 */
public final class Predictor implements AutoCloseable {
    /** Metadata key of the normalisation statistics in {@code model.json}. */
    public static final String NORMALIZATION = "normalization";
    /** Metadata key of the feature parameters in {@code model.json}. */
    public static final String FEATURES = "features";
    /** Metadata key of the approach ({@code audio} or {@code features}) in {@code model.json}. */
    public static final String APPROACH = "approach";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Model model;
    private final Normalization normalization;
    private final FeatureConfig features;
    private final HybridFeatures extractor;

    private Predictor(Path dir, Model model, Normalization normalization, FeatureConfig features) {
        this.dir = dir;
        this.model = model;
        this.normalization = normalization;
        this.features = features;
        this.extractor = new HybridFeatures(features);
    }

    /** Returns the model folder inside a training output folder ({@code DIR/model}) or {@code dir} itself. */
    public static Path modelFolder(Path dir) {
        Path inner = dir.resolve("model");
        return ModelFiles.exists(inner) ? inner : dir;
    }

    /** Loads the model in {@code dir} (a model folder or a training output folder) with {@code threads} TensorFlow threads. */
    public static Predictor load(Path dir, int threads) throws IOException {
        Path folder = modelFolder(dir);
        if (!Files.isDirectory(folder)) {
            throw new IOException(dir + ": no such model folder");
        }
        Model model = Model.load(folder, threads);
        try {
            Map<String, Object> meta = model.metadata();
            Object norm = meta.get(NORMALIZATION);
            if (norm == null) {
                throw new IOException(folder.resolve(ModelFiles.MODEL_JSON) + ": no normalisation statistics (not a sonic hybrid model)");
            }
            Normalization n = Normalization.fromJson(JSON.writeValueAsString(norm));
            FeatureConfig f = featuresOf(meta.get(FEATURES));
            int[] shape = model.info().inputShape();
            if (shape.length < 2 || shape[0] != f.hybridRows() || shape[1] != f.frames() || n.rows() != f.hybridRows()) {
                throw new IOException(folder.resolve(ModelFiles.MODEL_JSON) + ": model input " + java.util.Arrays.toString(shape)
                        + " does not match its features (" + f.hybridRows() + " x " + f.frames() + ")");
            }
            return new Predictor(folder, model, n, f);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e instanceof IOException io ? io : new IOException(folder + ": " + e.getMessage(), e);
        }
    }

    /** Returns feature parameters as stored in model metadata (the defaults where absent). */
    static FeatureConfig featuresOf(Object stored) {
        FeatureConfig d = FeatureConfig.defaults();
        if (!(stored instanceof Map<?, ?> m)) {
            return d;
        }
        return new FeatureConfig(intOr(m, "sampleRate", d.sampleRate()), intOr(m, "nFft", d.nFft()), intOr(m, "hopLength", d.hopLength()),
                intOr(m, "nMels", d.nMels()), intOr(m, "nMfcc", d.nMfcc()), intOr(m, "clipSamples", d.clipSamples()));
    }

    /** Returns feature parameters as a metadata map (the inverse of {@link #featuresOf}). */
    public static Map<String, Object> featuresMap(FeatureConfig f) {
        return Map.of("sampleRate", f.sampleRate(), "nFft", f.nFft(), "hopLength", f.hopLength(), "nMels", f.nMels(),
                "nMfcc", f.nMfcc(), "clipSamples", f.clipSamples());
    }

    /** Returns normalisation statistics as a metadata value (a JSON tree) for {@code model.json}. */
    public static Object normalizationTree(Normalization n) throws IOException {
        return JSON.readValue(n.toJson(), Map.class);
    }

    private static int intOr(Map<?, ?> m, String key, int fallback) {
        Object v = m.get(key);
        return v instanceof Number num ? num.intValue() : fallback;
    }

    /** Returns the model folder this predictor was loaded from. */
    public Path folder() {
        return dir;
    }

    /** Returns the normalisation statistics stored with the model. */
    public Normalization normalization() {
        return normalization;
    }

    /** Returns the feature parameters stored with the model. */
    public FeatureConfig features() {
        return features;
    }

    /** Returns the model's metadata from {@code model.json}. */
    public Map<String, Object> metadata() {
        return model.metadata();
    }

    /** Returns the raw hybrid {@code [row][frame]} of a clip of {@code clipSamples} samples at the feature rate. */
    public float[][] hybrid(float[] clip) {
        return extractor.compute(clip);
    }

    /** Returns the model's normalised output {@code [row][frame]} for a normalised input. */
    public float[][] predictNormalized(float[][] normalizedInput) {
        return model.predict(new float[][][] {normalizedInput})[0];
    }

    /** Returns the predicted clean raw hybrid {@code [row][frame]} for a noisy raw hybrid. */
    public float[][] predict(float[][] noisyHybrid) {
        return normalization.denormalize(predictNormalized(normalization.normalize(noisyHybrid)));
    }

    /** Releases the TensorFlow session. */
    @Override
    public void close() {
        model.close();
    }
}
