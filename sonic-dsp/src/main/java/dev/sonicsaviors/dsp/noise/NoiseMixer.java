package dev.sonicsaviors.dsp.noise;

import java.util.SplittableRandom;

/**
 * Adds noise to a waveform: white noise by standard deviation (the seed project's audio-level noise) or a noise recording at an exact
 * signal-to-noise ratio.
 */
public final class NoiseMixer {

    /**
     * Speech power (mean square, full scale 1.0) below which a clip counts as silent: 1e-10, i.e. -100 dBFS. The noise of a silent clip is
     * scaled against this floor, so it lands at {@code -100 - snrDb} dBFS (practically no noise) and no NaN or infinity appears.
     */
    public static final double SILENCE_POWER_FLOOR = 1e-10;

    private NoiseMixer() {
    }

    /**
     * Result of {@link #mixAtSnr}: the mixture, the scaled noise that was added, where in the noise it started and the gain applied.
     *
     * @param mixed speech plus scaled noise, same length as the speech (samples)
     * @param addedNoise the scaled noise segment that was added, same length as the speech (samples)
     * @param offset index of the noise sample added to speech sample 0
     * @param gain amplitude factor applied to the noise (linear)
     * @param speechPower mean square of the speech over the clip (full scale 1.0)
     * @param noisePower mean square of the scaled noise over the clip
     * @param silentSpeech true when the speech power was below {@link #SILENCE_POWER_FLOOR} and the floor was used instead
     */
    public record Mix(float[] mixed, float[] addedNoise, int offset, double gain, double speechPower, double noisePower, boolean silentSpeech) {

        /** Returns the achieved SNR {@code 10 log10(speechPower / noisePower)} in dB (infinite when no noise was added). */
        public double snrDb() {
            return 10.0 * Math.log10(Math.max(speechPower, SILENCE_POWER_FLOOR) / noisePower);
        }
    }

    /** Returns {@code x + N(0, sigma^2)} sample by sample (the seed's audio-level noise), drawn from {@code seed}; {@code x} is unchanged. */
    public static float[] addWhite(float[] x, double sigma, long seed) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sigma must be non-negative: " + sigma);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] + sigma * rng.nextGaussian());
        }
        return out;
    }

    /**
     * Mixes {@code noise} into {@code speech} so that {@code 10 log10(Ps/Pn) = snrDb} over the speech clip.
     *
     * <p>The noise starts at a random offset drawn from {@code rng}: within {@code [0, noise.length - speech.length]} when the noise is at
     * least as long as the speech, otherwise anywhere, with the noise looped to cover the clip. {@code Ps} and {@code Pn} are mean squares
     * over the whole clip (padding included). Silent speech is measured against {@link #SILENCE_POWER_FLOOR}; all-zero noise gives gain 0.
     *
     * @throws IllegalArgumentException if the noise is empty or the SNR is not finite
     */
    public static Mix mixAtSnr(float[] speech, float[] noise, double snrDb, SplittableRandom rng) {
        if (noise.length == 0) {
            throw new IllegalArgumentException("noise is empty");
        }
        if (!Double.isFinite(snrDb)) {
            throw new IllegalArgumentException("SNR must be finite: " + snrDb);
        }
        int n = speech.length;
        int offset = noise.length >= n ? rng.nextInt(noise.length - n + 1) : rng.nextInt(noise.length);
        double[] seg = new double[n];
        double pn = 0;
        double ps = 0;
        int j = offset;
        for (int i = 0; i < n; i++) {
            double v = noise[j];
            seg[i] = v;
            pn += v * v;
            ps += (double) speech[i] * speech[i];
            if (++j == noise.length) {
                j = 0;
            }
        }
        pn = n > 0 ? pn / n : 0;
        ps = n > 0 ? ps / n : 0;
        boolean silent = ps < SILENCE_POWER_FLOOR;
        double ref = silent ? SILENCE_POWER_FLOOR : ps;
        double gain = pn > 0 ? Math.sqrt(ref / (pn * Math.pow(10.0, snrDb / 10.0))) : 0.0;
        float[] mixed = new float[n];
        float[] added = new float[n];
        for (int i = 0; i < n; i++) {
            double v = gain * seg[i];
            added[i] = (float) v;
            mixed[i] = (float) (speech[i] + v);
        }
        return new Mix(mixed, added, offset, gain, ps, gain * gain * pn, silent);
    }
}
