package dev.sonicsaviors.cli;

import dev.sonicsaviors.pipeline.ChunkedEnhancer;
import dev.sonicsaviors.pipeline.DenoiserRegistry;
import dev.sonicsaviors.pipeline.Progress;
import java.io.IOException;

/**
 * The Java denoising path the quality tests take: a model by name or folder through {@link DenoiserRegistry}, run by a
 * {@link ChunkedEnhancer} with the defaults of {@code sonic denoise} (full strength, mask reconstruction).
 *
 * <p>Shaped like the public API planned for the library ({@code Denoisers.load(name)} returning an AutoCloseable with
 * {@code float[][] denoise(float[][] audio, int sampleRateHz)}), so that the tests can switch to it here in one place.
 */
final class JavaDenoising implements AutoCloseable {
    private final ChunkedEnhancer enhancer;

    private JavaDenoising(ChunkedEnhancer enhancer) {
        this.enhancer = enhancer;
    }

    /** Loads {@code modelNameOrFolder} ({@code default}, {@code wiener}, {@code specsub} or a model folder). */
    static JavaDenoising load(String modelNameOrFolder) throws IOException {
        return new JavaDenoising(DenoiserRegistry.builtIn().denoiser(modelNameOrFolder, 1.0, ChunkedEnhancer.Reconstruct.MASK));
    }

    /** Returns {@code audio} ({@code [channel][sample]} at {@code sampleRateHz}) denoised, same layout and length. */
    float[][] denoise(float[][] audio, int sampleRateHz) {
        float[][] out = new float[audio.length][];
        for (int c = 0; c < audio.length; c++) {
            out[c] = new float[audio[c].length];
            enhancer.denoise(audio[c], out[c], sampleRateHz, Progress.NONE);
        }
        return out;
    }

    /** Nothing to free today: a learned model keeps its TensorFlow session for the life of the process. */
    @Override
    public void close() {
    }
}
