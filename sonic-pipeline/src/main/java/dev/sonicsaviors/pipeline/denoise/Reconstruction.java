package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.GriffinLim;
import dev.sonicsaviors.dsp.MelFilterBank;
import dev.sonicsaviors.dsp.MelInverse;
import dev.sonicsaviors.dsp.Mfcc;
import dev.sonicsaviors.dsp.Stft;

/**
 * The seed's two routes from predicted features back to audio: mel power to a linear magnitude by non-negative least
 * squares and then Griffin-Lim (librosa's {@code mel_to_audio}), and MFCC to mel power first ({@code mfcc_to_audio}).
 */
public final class Reconstruction {
    /** Griffin-Lim iterations, as librosa's default. */
    public static final int ITERATIONS = 32;
    /** Griffin-Lim momentum, as librosa's default. */
    public static final double MOMENTUM = 0.99;

    private final FeatureConfig config;
    private final MelFilterBank filterBank;
    private final Mfcc mfcc;

    /** Creates the inverse path for the given feature parameters. */
    public Reconstruction(FeatureConfig config) {
        this.config = config;
        this.filterBank = MelFilterBank.slaney(config.sampleRate(), config.nFft(), config.nMels());
        this.mfcc = new Mfcc(config.nMels(), config.nMfcc());
    }

    /** Returns audio ({@code clipSamples} samples at the feature rate) from mel power {@code [band][frame]}; the seed sets the random initial phase. */
    public float[] fromMelPower(float[][] melPower, long seed) {
        float[][] magnitude = MelInverse.melToStft(melPower, filterBank, 2.0);
        Stft stft = new Stft(config.nFft(), config.hopLength());
        return GriffinLim.reconstruct(magnitude, stft, config.clipSamples(), ITERATIONS, MOMENTUM, seed);
    }

    /** Returns audio from MFCC {@code [coef][frame]}: inverse DCT to dB mel (ref 1.0), to power, then {@link #fromMelPower}. */
    public float[] fromMfcc(float[][] coefficients, long seed) {
        return fromMelPower(Mfcc.dbToPower(mfcc.toMelDb(coefficients)), seed);
    }

    /** Returns the mel power rows {@code 0..nMels-1} of a raw hybrid {@code [row][frame]}. */
    public float[][] melRows(float[][] hybrid) {
        float[][] out = new float[config.nMels()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = hybrid[b].clone();
        }
        return out;
    }

    /** Returns the MFCC rows {@code nMels..} of a raw hybrid {@code [row][frame]}. */
    public float[][] mfccRows(float[][] hybrid) {
        float[][] out = new float[config.nMfcc()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = hybrid[config.nMels() + k].clone();
        }
        return out;
    }
}
