package dev.sonicsaviors.api;

import dev.sonicsaviors.pipeline.denoise.ChunkedEnhancer;
import dev.sonicsaviors.pipeline.denoise.DenoiserRegistry;
import dev.sonicsaviors.pipeline.denoise.GainModel;
import java.io.IOException;
import java.util.List;

/**
 * Loads denoisers: {@code try (var denoiser = Denoisers.load("default")) { float[][] clean = denoiser.denoise(noisy, 48_000); }}.
 * Loading a learned model takes about a second and some tens of MB; load once and reuse (a {@link Denoiser} may be
 * shared by threads).
 */
public final class Denoisers {

    /** The name of the bundled learned model, used when none is given. */
    public static final String DEFAULT = DenoiserRegistry.DEFAULT_MODEL;

    private Denoisers() {
    }

    /**
     * Returns the built-in model names ({@code specsub}, {@code wiener}, {@code default}, {@code default-pitch}); a model
     * folder's path works too.
     */
    public static List<String> names() {
        return List.copyOf(DenoiserRegistry.builtIn().names());
    }

    /**
     * Loads {@code model} (a built-in name or a model folder) at full strength; see {@link #load(DenoiseOptions)}.
     *
     * @throws IllegalArgumentException if {@code model} is neither a built-in name nor an existing folder
     * @throws IOException if the model folder cannot be read; the one-line message names the file
     */
    public static Denoiser load(String model) throws IOException {
        return load(DenoiseOptions.of(model));
    }

    /**
     * Loads the denoiser {@code options} describe; the caller closes it.
     *
     * @throws IllegalArgumentException if the model is neither a built-in name nor an existing folder
     * @throws IOException if the model folder cannot be read; the one-line message names the file
     */
    public static Denoiser load(DenoiseOptions options) throws IOException {
        GainModel model = DenoiserRegistry.builtIn().model(options.model());
        try {
            ModelCard card = Cards.of(options.model(), model);
            ChunkedEnhancer.Reconstruct r = options.reconstruction() == DenoiseOptions.Reconstruction.MASK
                    ? ChunkedEnhancer.Reconstruct.MASK : ChunkedEnhancer.Reconstruct.GRIFFIN_LIM;
            return new PipelineDenoiser(options, card, model, r);
        } catch (IOException | RuntimeException e) {
            PipelineDenoiser.closeModel(model);
            throw e;
        }
    }
}
