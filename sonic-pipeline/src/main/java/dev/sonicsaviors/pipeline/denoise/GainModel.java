package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;

/**
 * A speech-enhancement model that works as a time-frequency mask: given the STFT of a noisy chunk at {@link #sampleRate()} Hz
 * (centred, periodic Hann, {@link #nFft()} samples per frame, {@link #hopLength()} samples per hop, as
 * {@link dev.sonicsaviors.dsp.Stft}), it returns one magnitude gain per bin and frame. Called from one thread at a time.
 */
public interface GainModel {

    /** Returns a short name for messages, such as {@code wiener}. */
    String name();

    /** Returns the sample rate in Hz the model works at. */
    int sampleRate();

    /** Returns the STFT frame size in samples (even). */
    int nFft();

    /** Returns the STFT hop in samples. */
    int hopLength();

    /**
     * Returns the model to run on input recorded at {@code inputRateHz} Hz: this one, unless the model carries a companion
     * trained for that kind of input (a narrow-band model for 8 kHz recordings, see {@link MaskGainModel}).
     */
    default GainModel forInputRate(int inputRateHz) {
        return this;
    }

    /** Returns the gains {@code [bin][frame]}, each in [0, 1], for the noisy STFT {@code noisy} ({@code [bin][frame]}, {@code nFft / 2 + 1} bins). */
    float[][] gains(ComplexSpectrogram noisy);

    /**
     * Returns true when the model computes the enhanced STFT itself ({@link #enhance}: a complex output, such as a deep filter
     * that changes phase), false when it only scales each bin by a gain (the default).
     */
    default boolean complexOutput() {
        return false;
    }

    /**
     * Returns the enhanced STFT ({@code [bin][frame]}, same shape) of the noisy STFT {@code noisy} for a model whose
     * {@link #complexOutput} is true; the default throws {@link UnsupportedOperationException}.
     */
    default ComplexSpectrogram enhance(ComplexSpectrogram noisy) {
        throw new UnsupportedOperationException(name() + " returns gains, not an enhanced STFT");
    }

    /**
     * Returns the pitch post-filter to run after masking ({@link PitchPostFilter}; for a model of gains, not one with a
     * {@link #complexOutput}), as the model folder's metadata names it, or null for none (the default).
     */
    default PitchPostFilter.Settings postFilter() {
        return null;
    }
}
