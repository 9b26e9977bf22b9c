package dev.sonicsaviors.dsp;

/**
 * Feature-extraction parameters: sample rate (Hz), FFT size and hop (samples), mel bands, MFCC count and clip length (samples).
 *
 * @param sampleRate sample rate in Hz
 * @param nFft FFT size (and window length) in samples, even
 * @param hopLength hop between frames in samples
 * @param nMels number of mel bands
 * @param nMfcc number of MFCC coefficients kept
 * @param clipSamples length of one clip in samples
 */
public record FeatureConfig(int sampleRate, int nFft, int hopLength, int nMels, int nMfcc, int clipSamples) {

    /** Validates that every parameter is positive, nFft is even and nMfcc does not exceed nMels. */
    public FeatureConfig {
        if (sampleRate <= 0 || nFft <= 0 || hopLength <= 0 || nMels <= 0 || nMfcc <= 0 || clipSamples <= 0) {
            throw new IllegalArgumentException("all feature parameters must be positive");
        }
        if (nFft % 2 != 0) {
            throw new IllegalArgumentException("nFft must be even: " + nFft);
        }
        if (nMfcc > nMels) {
            throw new IllegalArgumentException("nMfcc (" + nMfcc + ") must not exceed nMels (" + nMels + ")");
        }
    }

    /** Returns the project defaults: 22,050 Hz, n_fft 2048, hop 512 samples, 128 mels, 20 MFCCs, 55,296-sample clips. */
    public static FeatureConfig defaults() {
        return new FeatureConfig(22050, 2048, 512, 128, 20, 55296);
    }

    /** Returns the number of centred STFT frames of one clip, {@code 1 + clipSamples / hopLength} (109 by default). */
    public int frames() {
        return 1 + clipSamples / hopLength;
    }

    /** Returns the number of one-sided frequency bins, {@code nFft / 2 + 1}. */
    public int bins() {
        return nFft / 2 + 1;
    }

    /** Returns the number of rows of a hybrid feature matrix, {@code nMels + nMfcc} (148 by default). */
    public int hybridRows() {
        return nMels + nMfcc;
    }
}
