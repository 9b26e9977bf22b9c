package dev.sonicsaviors.api;

import java.util.Objects;

/**
 * How to load a denoiser: the model and how strongly to apply it.
 *
 * @param model a built-in model name ({@code default}, {@code wiener}, {@code specsub}; see {@link Denoisers#names()}) or a
 *              model folder written by {@code sonic train-denoiser} or {@code sonic train}
 * @param strength in [0, 1]: each gain g becomes {@code 1 - strength (1 - g)}; 0 returns the input, 1 the full effect
 * @param reconstruction how the waveform is rebuilt from the masked spectrogram
 */
public record DenoiseOptions(String model, double strength, Reconstruction reconstruction) {

    /** Ways of rebuilding the waveform from the masked spectrogram. */
    public enum Reconstruction {
        /** Inverse STFT with the noisy phase (fast; the default). */
        MASK,
        /** Griffin-Lim phase reconstruction started from the noisy phase (32 iterations; slower). */
        GRIFFIN_LIM
    }

    /** Checks that the model is named and the strength lies in [0, 1]. */
    public DenoiseOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reconstruction, "reconstruction");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in [0, 1]: " + strength);
        }
    }

    /** Returns the options for {@code model} at full strength with {@link Reconstruction#MASK}. */
    public static DenoiseOptions of(String model) {
        return new DenoiseOptions(model, 1, Reconstruction.MASK);
    }

    /** Returns a copy with {@code strength} in [0, 1]. */
    public DenoiseOptions withStrength(double strength) {
        return new DenoiseOptions(model, strength, reconstruction);
    }

    /** Returns a copy with {@code reconstruction}. */
    public DenoiseOptions withReconstruction(Reconstruction reconstruction) {
        return new DenoiseOptions(model, strength, reconstruction);
    }
}
