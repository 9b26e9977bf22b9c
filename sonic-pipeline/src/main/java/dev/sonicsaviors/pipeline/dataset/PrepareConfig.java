package dev.sonicsaviors.pipeline.dataset;

import dev.sonicsaviors.dsp.FeatureConfig;

/**
 * Settings of {@code sonic prepare}: how noisy/clean hybrid pairs are made.
 *
 * @param approach where the noise enters: the waveform ({@link Approach#AUDIO}) or the features ({@link Approach#FEATURES})
 * @param noiseKind what noise is added
 * @param snrMinDb lower bound of the uniform SNR draw in dB (files, pink, brown)
 * @param snrMaxDb upper bound of the uniform SNR draw in dB (files, pink, brown)
 * @param sigma standard deviation: of waveform samples for {@link NoiseKind#WHITE}, of normalised [0, 1] features for
 *     {@link NoiseKind#GAUSSIAN}
 * @param seed seed of every random choice (split, noise, offsets, SNRs)
 * @param validationFraction share of files (whole speakers) in the validation split, in [0, 1)
 * @param features feature parameters (sample rate 22,050 Hz, clip length 55,296 samples by default)
 * @param threads worker threads; 0 means all available processors
 */
public record PrepareConfig(Approach approach, NoiseKind noiseKind, double snrMinDb, double snrMaxDb, double sigma, long seed,
        double validationFraction, FeatureConfig features, int threads) {

    /** Default SNR range lower bound, dB. */
    public static final double DEFAULT_SNR_MIN_DB = -5.0;
    /** Default SNR range upper bound, dB. */
    public static final double DEFAULT_SNR_MAX_DB = 20.0;
    /** Default sigma for white (waveform) and gaussian (normalised feature) noise. */
    public static final double DEFAULT_SIGMA = 0.05;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42L;

    /** Where the noise enters. */
    public enum Approach {
        /** Noise is added to the waveform and the noisy features are recomputed from it. */
        AUDIO,
        /** Noise is added to the features of the clean audio. */
        FEATURES
    }

    /** Kind of noise. */
    public enum NoiseKind {
        /** Real noise recordings mixed at an SNR drawn uniformly from [snrMin, snrMax] dB. */
        FILES,
        /** Gaussian white noise on the waveform with standard deviation sigma (the seed project's audio noise). */
        WHITE,
        /** Pink noise (-3 dB/octave) at a random SNR. */
        PINK,
        /** Brown noise (-6 dB/octave) at a random SNR. */
        BROWN,
        /** Gaussian noise with standard deviation sigma on the normalised features (the seed project's feature noise); features approach only. */
        GAUSSIAN
    }

    /** Validates the settings. */
    public PrepareConfig {
        if (approach == null || noiseKind == null || features == null) {
            throw new IllegalArgumentException("approach, noise kind and features are required");
        }
        if (noiseKind == NoiseKind.GAUSSIAN && approach != Approach.FEATURES) {
            throw new IllegalArgumentException("gaussian noise is feature-level noise: use the features approach");
        }
        if (!(Double.isFinite(snrMinDb) && Double.isFinite(snrMaxDb) && snrMinDb <= snrMaxDb)) {
            throw new IllegalArgumentException("bad SNR range [" + snrMinDb + ", " + snrMaxDb + "] dB");
        }
        if (!(sigma >= 0 && Double.isFinite(sigma))) {
            throw new IllegalArgumentException("sigma must be a non-negative number: " + sigma);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1): " + validationFraction);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0: " + threads);
        }
    }

    /** Returns the defaults for an approach: {@code files} noise if a noise folder is given, else {@code white} (audio) or {@code gaussian} (features). */
    public static PrepareConfig defaults(Approach approach, boolean haveNoiseDir) {
        NoiseKind kind = haveNoiseDir ? NoiseKind.FILES : approach == Approach.AUDIO ? NoiseKind.WHITE : NoiseKind.GAUSSIAN;
        return new PrepareConfig(approach, kind, DEFAULT_SNR_MIN_DB, DEFAULT_SNR_MAX_DB, DEFAULT_SIGMA, DEFAULT_SEED,
                SpeakerSplit.DEFAULT_VALIDATION_FRACTION, FeatureConfig.defaults(), 0);
    }

    /** Returns a copy with another noise kind. */
    public PrepareConfig withNoiseKind(NoiseKind kind) {
        return new PrepareConfig(approach, kind, snrMinDb, snrMaxDb, sigma, seed, validationFraction, features, threads);
    }

    /** Returns a copy with another SNR range in dB. */
    public PrepareConfig withSnr(double minDb, double maxDb) {
        return new PrepareConfig(approach, noiseKind, minDb, maxDb, sigma, seed, validationFraction, features, threads);
    }

    /** Returns a copy with another sigma. */
    public PrepareConfig withSigma(double newSigma) {
        return new PrepareConfig(approach, noiseKind, snrMinDb, snrMaxDb, newSigma, seed, validationFraction, features, threads);
    }

    /** Returns a copy with another seed. */
    public PrepareConfig withSeed(long newSeed) {
        return new PrepareConfig(approach, noiseKind, snrMinDb, snrMaxDb, sigma, newSeed, validationFraction, features, threads);
    }

    /** Returns a copy with another validation fraction. */
    public PrepareConfig withValidationFraction(double fraction) {
        return new PrepareConfig(approach, noiseKind, snrMinDb, snrMaxDb, sigma, seed, fraction, features, threads);
    }

    /** Returns a copy with another worker-thread count (0 = all processors). */
    public PrepareConfig withThreads(int n) {
        return new PrepareConfig(approach, noiseKind, snrMinDb, snrMaxDb, sigma, seed, validationFraction, features, n);
    }

    /** Returns the worker-thread count to use (resolves 0 to the number of available processors). */
    public int effectiveThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Returns whether this noise kind draws an SNR. */
    public boolean usesSnr() {
        return noiseKind == NoiseKind.FILES || noiseKind == NoiseKind.PINK || noiseKind == NoiseKind.BROWN;
    }
}
