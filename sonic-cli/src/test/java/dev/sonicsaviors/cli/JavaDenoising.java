package dev.sonicsaviors.cli;

import dev.sonicsaviors.pipeline.ChunkedEnhancer;
import dev.sonicsaviors.pipeline.DenoiserRegistry;
import dev.sonicsaviors.pipeline.Progress;
import java.io.IOException;

/**
 * The Java denoising path the quality tests take: a model by name or folder through {@link DenoiserRegistry}, run by a
 * {@link ChunkedEnhancer} with the defaults of {@code sonic denoise} (full strength, mask reconstruction).
 *
 * <p>Kept to one method so that it can be switched to the public API ({@code Denoisers.load(name)} and its
 * {@code denoise(float[][] audio, int sampleRateHz)}) in one place.
 */
final class JavaDenoising {
    private JavaDenoising() {
    }

    /** Returns {@code audio} ({@code [channel][sample]} at {@code sampleRateHz}) denoised by {@code modelNameOrFolder}, same layout. */
    static float[][] denoise(String modelNameOrFolder, float[][] audio, int sampleRateHz) throws IOException {
        ChunkedEnhancer e = DenoiserRegistry.builtIn().denoiser(modelNameOrFolder, 1.0, ChunkedEnhancer.Reconstruct.MASK);
        float[][] out = new float[audio.length][];
        for (int c = 0; c < audio.length; c++) {
            out[c] = new float[audio[c].length];
            e.denoise(audio[c], out[c], sampleRateHz, Progress.NONE);
        }
        return out;
    }
}
