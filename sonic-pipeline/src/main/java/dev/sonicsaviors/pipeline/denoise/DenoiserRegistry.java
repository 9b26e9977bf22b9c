package dev.sonicsaviors.pipeline.denoise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds the {@link GainModel} for a {@code --model NAME|FOLDER} argument: a registered name ({@code specsub}, {@code wiener},
 * {@code default}: the bundled learned mask model, {@code default-pitch}: the same with the pitch post-filter) or a learned
 * model folder, read by the registry's {@link FolderLoader}
 * ({@link MaskGainModel#load} for {@link #builtIn()}).
 */
public final class DenoiserRegistry {
    /** The model used when none is named: the bundled learned model, which beats {@code wiener} on held-out SI-SDR. */
    public static final String DEFAULT_MODEL = "default";

    /** Loads a learned model from a model folder. */
    @FunctionalInterface
    public interface FolderLoader {
        /** Returns the model stored in {@code folder}, or throws an {@link IOException} naming the folder and the problem. */
        GainModel load(Path folder) throws IOException;
    }

    private final Map<String, Supplier<GainModel>> named = new LinkedHashMap<>();
    private FolderLoader folderLoader = DenoiserRegistry::loadFolder;

    private DenoiserRegistry() {
    }

    /** Name of the bundled learned mask model. */
    public static final String LEARNED_MODEL = "default";

    /** Name of the bundled learned mask model with the pitch post-filter ({@link PitchPostFilter}, default settings) after it. */
    public static final String PITCH_FILTER_MODEL = "default-pitch";

    /**
     * Returns a registry with the classic baselines {@code specsub} and {@code wiener} (see {@link ClassicModels}), the bundled
     * learned model {@code default} ({@link MaskGainModel#bundled()}), the same with the pitch post-filter, {@code default-pitch}
     * (slower; see {@link PitchPostFilter}), and {@link #loadFolder} for model folders.
     */
    public static DenoiserRegistry builtIn() {
        DenoiserRegistry r = new DenoiserRegistry();
        r.register("specsub", ClassicModels::spectralSubtraction);
        r.register("wiener", ClassicModels::wiener);
        r.register(LEARNED_MODEL, () -> bundled(LEARNED_MODEL, null));
        r.register(PITCH_FILTER_MODEL, () -> bundled(PITCH_FILTER_MODEL, PitchPostFilter.Settings.defaults()));
        r.folderLoader(DenoiserRegistry::loadFolder);
        return r;
    }

    /**
     * Returns {@link MaskGainModel#bundled(String, PitchPostFilter.Settings)}, its IOException carried out unchecked (as
     * {@link #model} expects of a registered factory).
     */
    private static GainModel bundled(String name, PitchPostFilter.Settings postFilter) {
        try {
            return MaskGainModel.bundled(name, postFilter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a model folder with 2 TensorFlow threads: a hybrid autoencoder from {@code sonic train} (its folder or the
     * run's output folder) as a {@link HybridMaskModel}, anything else as a learned mask model ({@link MaskGainModel}).
     */
    public static GainModel loadFolder(Path folder) throws IOException {
        Path hybrid = Predictor.modelFolder(folder);
        if (dev.sonicsaviors.model.ModelFiles.exists(hybrid)
                && Files.readString(dev.sonicsaviors.model.ModelFiles.resolve(hybrid).resolve(dev.sonicsaviors.model.ModelFiles.MODEL_JSON))
                        .contains("\"" + Predictor.NORMALIZATION + "\"")) {
            return HybridMaskModel.load(folder, 2);
        }
        return MaskGainModel.load(folder, folder.getFileName() == null ? folder.toString() : folder.getFileName().toString(), 2);
    }

    /** Registers {@code factory} under {@code name} (replacing any earlier one) and returns this registry. */
    public DenoiserRegistry register(String name, Supplier<GainModel> factory) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        named.put(name, Objects.requireNonNull(factory, "factory"));
        return this;
    }

    /** Sets the loader of model folders and returns this registry. */
    public DenoiserRegistry folderLoader(FolderLoader loader) {
        this.folderLoader = Objects.requireNonNull(loader, "loader");
        return this;
    }

    /** Returns the registered model names in registration order. */
    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(named.keySet());
    }

    /**
     * Returns the model for {@code nameOrFolder}: a registered name first, else an existing folder through the folder loader.
     *
     * @throws IllegalArgumentException if it is neither a registered name nor an existing folder
     * @throws IOException if the folder cannot be loaded
     */
    public GainModel model(String nameOrFolder) throws IOException {
        Supplier<GainModel> f = named.get(nameOrFolder);
        if (f != null) {
            try {
                return f.get();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        Path p = Path.of(nameOrFolder);
        if (Files.isDirectory(p)) {
            return folderLoader.load(p);
        }
        throw new IllegalArgumentException("unknown model '" + nameOrFolder + "' (known: " + String.join(", ", named.keySet())
                + ", or a model folder)");
    }

    /** Returns a {@link ChunkedEnhancer} with the default layout running {@link #model(String)} at {@code strength} in [0, 1]. */
    public ChunkedEnhancer denoiser(String nameOrFolder, double strength, ChunkedEnhancer.Reconstruct reconstruct) throws IOException {
        return new ChunkedEnhancer(model(nameOrFolder), strength, ChunkedEnhancer.Layout.defaults(), reconstruct);
    }
}
