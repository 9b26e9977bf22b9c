package dev.sonicsaviors.dsp.noise;

import dev.sonicsaviors.dsp.RealFft;
import java.util.SplittableRandom;

/**
 * Varies a training mixture the way users' recordings vary, beyond the noise itself ({@link NoiseAugmentation}): room
 * reverberation of the speech (a measured impulse response), low-frequency rumble added to the noise (white noise through a
 * fourth-order low-pass at 40-300 Hz, sometimes with mains hum), the recording level (very quiet with 16-bit quantisation, or
 * loud enough to clip), a band-limited source (8 or 16 kHz material, whose spectrum ends at 4 or 8 kHz), a nearly clean
 * recording (a mixture at 20-45 dB SNR, which the denoiser should pass almost unchanged) and the colour a microphone gives the
 * speech (a random equaliser on the speech, kept in the clean target: the denoiser should remove noise, not the colour), or
 * the thin sound of a small or distant microphone (a high-pass at 300-2,000 Hz on the speech, also kept in the target).
 *
 * @param reverbProbability chance of convolving the speech with a random impulse response, in [0, 1]
 * @param rumbleProbability chance of adding rumble to the noise, in [0, 1]
 * @param rumbleMaxDb highest rumble level relative to the noise, in dB; uniform in [-10, this]
 * @param quietProbability chance of a quiet recording (peak -55..-25 dBFS, then 16-bit quantised), in [0, 1]
 * @param clipProbability chance of a loud recording (peak 1.0-1.6 of full scale, hard-clipped at 1), in [0, 1]
 * @param narrowBandProbability chance of a source band-limited to 3.4-4 kHz (telephone and 8 kHz files), in [0, 1]
 * @param wideBandProbability chance of a source band-limited to 7-8 kHz (16 kHz files), in [0, 1]
 * @param nearCleanProbability chance of mixing at an SNR uniform in [{@value #NEAR_CLEAN_MIN_DB}, {@value #NEAR_CLEAN_MAX_DB}] dB
 *     instead of the training range, in [0, 1]
 * @param speechEqProbability chance of colouring the speech with a random {@link Equaliser}, in [0, 1]
 * @param thinMicProbability chance of thinning the speech with a random {@link HighPass}, in [0, 1]
 */
public record MixtureAugmentation(double reverbProbability, double rumbleProbability, double rumbleMaxDb, double quietProbability,
                                  double clipProbability, double narrowBandProbability, double wideBandProbability,
                                  double nearCleanProbability, double speechEqProbability, double thinMicProbability) {

    /** Longest impulse response used, in seconds (the tail beyond is cut with a 50 ms fade). */
    public static final double MAX_RIR_SECONDS = 1.0;
    /** Lowest SNR of a nearly clean mixture, in dB. */
    public static final double NEAR_CLEAN_MIN_DB = 20;
    /** Highest SNR of a nearly clean mixture, in dB. */
    public static final double NEAR_CLEAN_MAX_DB = 45;
    /** Largest gain of the speech equaliser's two shelves, in dB (uniform in +-this). */
    public static final double SPEECH_EQ_SHELF_DB = 10;
    /** Largest gain of the speech equaliser's peaking band, in dB (uniform in +-this). */
    public static final double SPEECH_EQ_PEAK_DB = 6;
    /** Lowest corner of the thin microphone's high-pass, in Hz. */
    public static final double THIN_MIC_MIN_HZ = 300;
    /** Highest corner of the thin microphone's high-pass, in Hz. */
    public static final double THIN_MIC_MAX_HZ = 2000;

    /** Validates the probabilities (each in [0, 1], the two band limits together at most 1) and the rumble level. */
    public MixtureAugmentation {
        for (double p : new double[] {reverbProbability, rumbleProbability, quietProbability, clipProbability, narrowBandProbability,
                wideBandProbability, nearCleanProbability, speechEqProbability, thinMicProbability}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("bad mixture augmentation probability: " + p);
            }
        }
        if (narrowBandProbability + wideBandProbability > 1 || quietProbability + clipProbability > 1 || !(rumbleMaxDb >= -10)
                || Double.isInfinite(rumbleMaxDb)) {
            throw new IllegalArgumentException("bad mixture augmentation: " + this);
        }
    }

    /** Same as the canonical constructor with no coloured speech ({@code speechEqProbability} 0) and no thin microphone. */
    public MixtureAugmentation(double reverbProbability, double rumbleProbability, double rumbleMaxDb, double quietProbability,
                               double clipProbability, double narrowBandProbability, double wideBandProbability,
                               double nearCleanProbability) {
        this(reverbProbability, rumbleProbability, rumbleMaxDb, quietProbability, clipProbability, narrowBandProbability,
                wideBandProbability, nearCleanProbability, 0, 0);
    }

    /** Same as the canonical constructor with no nearly clean mixtures, no coloured speech and no thin microphone (all three 0). */
    public MixtureAugmentation(double reverbProbability, double rumbleProbability, double rumbleMaxDb, double quietProbability,
                               double clipProbability, double narrowBandProbability, double wideBandProbability) {
        this(reverbProbability, rumbleProbability, rumbleMaxDb, quietProbability, clipProbability, narrowBandProbability,
                wideBandProbability, 0);
    }

    /** Returns no augmentation (draws no random numbers). */
    public static MixtureAugmentation none() {
        return new MixtureAugmentation(0, 0, -10, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Returns this augmentation with {@code p} (in [0, 1]) as the chance of a nearly clean mixture. */
    public MixtureAugmentation withNearCleanProbability(double p) {
        return new MixtureAugmentation(reverbProbability, rumbleProbability, rumbleMaxDb, quietProbability, clipProbability,
                narrowBandProbability, wideBandProbability, p, speechEqProbability, thinMicProbability);
    }

    /** Returns this augmentation with {@code p} (in [0, 1]) as the chance of speech coloured by a random {@link Equaliser}. */
    public MixtureAugmentation withSpeechEqProbability(double p) {
        return new MixtureAugmentation(reverbProbability, rumbleProbability, rumbleMaxDb, quietProbability, clipProbability,
                narrowBandProbability, wideBandProbability, nearCleanProbability, p, thinMicProbability);
    }

    /** Returns this augmentation with {@code p} (in [0, 1]) as the chance of speech thinned by a random {@link HighPass}. */
    public MixtureAugmentation withThinMicProbability(double p) {
        return new MixtureAugmentation(reverbProbability, rumbleProbability, rumbleMaxDb, quietProbability, clipProbability,
                narrowBandProbability, wideBandProbability, nearCleanProbability, speechEqProbability, p);
    }

    /**
     * Returns this augmentation with {@code p} (in [0, 1]) as the chance of a narrow-band (3.4-4 kHz) source; the chance of a
     * 7-8 kHz source is lowered to {@code 1 - p} where the two would exceed 1 ({@code p = 1}: every mixture narrow band).
     */
    public MixtureAugmentation withNarrowBandProbability(double p) {
        return new MixtureAugmentation(reverbProbability, rumbleProbability, rumbleMaxDb, quietProbability, clipProbability, p,
                Math.min(wideBandProbability, 1 - p), nearCleanProbability, speechEqProbability, thinMicProbability);
    }

    /**
     * Returns the training default: reverberation 20 %, rumble 35 % (up to 20 dB above the noise), quiet 10 %, clipping 5 %,
     * 4 kHz band 12 %, 8 kHz band 12 %, no nearly clean mixtures.
     */
    public static MixtureAugmentation defaults() {
        return new MixtureAugmentation(0.2, 0.35, 20, 0.1, 0.05, 0.12, 0.12);
    }

    /** Returns true when nothing is ever applied. */
    public boolean isNone() {
        return reverbProbability == 0 && rumbleProbability == 0 && quietProbability == 0 && clipProbability == 0
                && narrowBandProbability == 0 && wideBandProbability == 0 && nearCleanProbability == 0 && speechEqProbability == 0
                && thinMicProbability == 0;
    }

    /**
     * What one draw decided for a mixture.
     *
     * @param rir index of the impulse response to apply, or -1
     * @param rumbleDb rumble level relative to the noise in dB, or NaN for none
     * @param rumbleHz rumble low-pass corner in Hz
     * @param humHz mains hum fundamental in Hz (50 or 60), or 0 for none
     * @param peakDbfs level of the noisy mixture's peak in dBFS, or NaN to leave the level as it is
     * @param bandHz highest frequency of the source in Hz, or +infinity for the full band
     * @param snrDb mixing SNR in dB of a nearly clean mixture, or NaN for the caller's usual range
     * @param speechEq the equaliser that colours the speech, or null for none
     * @param thinMic the high-pass that thins the speech (after the equaliser), or null for none
     */
    public record Draw(int rir, double rumbleDb, double rumbleHz, int humHz, double peakDbfs, double bandHz, double snrDb,
                       Equaliser speechEq, HighPass thinMic) {
    }

    /**
     * A microphone's colour: a low shelf at 300 Hz, a high shelf at 3 kHz and a peaking band ({@link NoiseAugmentation#equalise}).
     *
     * @param lowDb gain of the low shelf in dB
     * @param highDb gain of the high shelf in dB
     * @param peakHz centre of the peaking band in Hz
     * @param peakDb gain of the peaking band in dB
     * @param q quality of the peaking band
     */
    public record Equaliser(double lowDb, double highDb, double peakHz, double peakDb, double q) {

        /** Returns a copy of {@code x} ({@code sampleRate} Hz) through this equaliser. */
        public float[] apply(float[] x, int sampleRate) {
            float[] out = x.clone();
            NoiseAugmentation.equalise(out, sampleRate, lowDb, highDb, peakHz, peakDb, q);
            return out;
        }
    }

    /**
     * A small or distant microphone's thin sound: a Butterworth high-pass of order 1 (6 dB per octave) or 2 (12 dB per
     * octave), bilinear transform, unit gain at the top of the band.
     *
     * @param cornerHz the -3 dB corner in Hz
     * @param order 1 or 2
     */
    public record HighPass(double cornerHz, int order) {

        /** Validates the corner (positive, finite) and the order (1 or 2). */
        public HighPass {
            if (!(cornerHz > 0) || Double.isInfinite(cornerHz) || (order != 1 && order != 2)) {
                throw new IllegalArgumentException("bad high-pass: " + cornerHz + " Hz, order " + order);
            }
        }

        /** Returns a copy of {@code x} ({@code sampleRate} Hz) through this high-pass (corner held below 0.45 x the rate). */
        public float[] apply(float[] x, int sampleRate) {
            float[] out = x.clone();
            double k = Math.tan(Math.PI * Math.min(cornerHz, 0.45 * sampleRate) / sampleRate);
            if (order == 1) {
                double a0 = 1 + k;
                NoiseAugmentation.biquad(out, new double[] {1 / a0, -1 / a0, 0, (k - 1) / a0, 0});
            } else {
                double q = Math.sqrt(0.5);
                double a0 = 1 + k / q + k * k;
                NoiseAugmentation.biquad(out, new double[] {1 / a0, -2 / a0, 1 / a0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0});
            }
            return out;
        }
    }

    /** Draws the choices for one mixture from {@code r} with {@code rirs} impulse responses available (none drawn when 0). */
    public Draw draw(SplittableRandom r, int rirs) {
        if (isNone()) {
            return new Draw(-1, Double.NaN, 0, 0, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, null, null);
        }
        int rir = rirs > 0 && r.nextDouble() < reverbProbability ? r.nextInt(rirs) : -1;
        boolean rumble = r.nextDouble() < rumbleProbability;
        double rumbleDb = r.nextDouble(-10, rumbleMaxDb + 1e-9);
        double rumbleHz = 40 * Math.pow(300 / 40.0, r.nextDouble());
        int hum = r.nextDouble() < 0.25 ? (r.nextBoolean() ? 50 : 60) : 0;
        double level = r.nextDouble();
        double peak = level < quietProbability ? r.nextDouble(-55, -25)
                : level < quietProbability + clipProbability ? 20 * Math.log10(r.nextDouble(1.0, 1.6)) : Double.NaN;
        double band = r.nextDouble();
        double bandHz = band < narrowBandProbability ? r.nextDouble(3400, 4000)
                : band < narrowBandProbability + wideBandProbability ? r.nextDouble(7000, 8000) : Double.POSITIVE_INFINITY;
        // drawn last, and only when enabled, so that augmentations without it draw the same numbers as before it existed
        double snr = nearCleanProbability > 0 && r.nextDouble() < nearCleanProbability
                ? r.nextDouble(NEAR_CLEAN_MIN_DB, NEAR_CLEAN_MAX_DB) : Double.NaN;
        // the same for the speech equaliser, after it
        Equaliser eq = speechEqProbability > 0 && r.nextDouble() < speechEqProbability
                ? new Equaliser(r.nextDouble(-SPEECH_EQ_SHELF_DB, SPEECH_EQ_SHELF_DB), r.nextDouble(-SPEECH_EQ_SHELF_DB, SPEECH_EQ_SHELF_DB),
                        500 * Math.pow(12, r.nextDouble()), r.nextDouble(-SPEECH_EQ_PEAK_DB, SPEECH_EQ_PEAK_DB), r.nextDouble(0.7, 2.0))
                : null;
        // and the thin microphone after both
        HighPass thin = thinMicProbability > 0 && r.nextDouble() < thinMicProbability
                ? new HighPass(THIN_MIC_MIN_HZ * Math.pow(THIN_MIC_MAX_HZ / THIN_MIC_MIN_HZ, r.nextDouble()), r.nextBoolean() ? 1 : 2)
                : null;
        return new Draw(rir, rumble ? rumbleDb : Double.NaN, rumbleHz, rumble ? hum : 0, peak, bandHz, snr, eq, thin);
    }

    /**
     * Returns {@code speech} convolved with {@code rir} (both at the same rate), aligned so that the response's strongest tap
     * (the direct sound) stays in place, and cut to the speech's length; the response is cut to {@link #MAX_RIR_SECONDS}.
     */
    public static float[] reverberate(float[] speech, float[] rir, int sampleRate) {
        int peak = 0;
        for (int i = 1; i < rir.length; i++) {
            if (Math.abs(rir[i]) > Math.abs(rir[peak])) {
                peak = i;
            }
        }
        int start = Math.max(0, peak - sampleRate / 1000);
        int len = Math.min(rir.length - start, (int) (MAX_RIR_SECONDS * sampleRate));
        double norm = Math.abs(rir[peak]) > 0 ? 1 / Math.abs(rir[peak]) : 1;
        int fade = rir.length - start > len ? Math.min(len / 2, sampleRate / 20) : 0; // only a cut response is faded out
        double[] h = new double[len];
        for (int i = 0; i < len; i++) {
            double w = i >= len - fade ? 0.5 * (1 + Math.cos(Math.PI * (i - (len - fade) + 1) / (fade + 1))) : 1;
            h[i] = rir[start + i] * norm * w;
        }
        int shift = peak - start;
        int n = Integer.highestOneBit(Math.max(2, speech.length + len) - 1) << 1;
        RealFft fft = new RealFft(n);
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < speech.length; i++) {
            a[i] = speech[i];
        }
        System.arraycopy(h, 0, b, 0, len);
        fft.forward(a);
        fft.forward(b);
        a[0] *= b[0];
        a[1] *= b[1];
        for (int k = 2; k < n; k += 2) {
            double re = a[k] * b[k] - a[k + 1] * b[k + 1];
            double im = a[k] * b[k + 1] + a[k + 1] * b[k];
            a[k] = re;
            a[k + 1] = im;
        }
        fft.inverse(a);
        float[] out = new float[speech.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a[i + shift];
        }
        return out;
    }

    /**
     * Returns {@code length} samples of rumble at {@code sampleRate} Hz: seeded white noise through a fourth-order
     * Butterworth low-pass at {@code cornerHz} (two RBJ biquads), plus, when {@code humHz > 0}, mains hum (fundamental and
     * three harmonics with random phases) at a random level within 10 dB of the rumble; unit mean square.
     */
    public static float[] rumble(SplittableRandom r, int length, int sampleRate, double cornerHz, int humHz) {
        int warm = sampleRate / 10;
        float[] x = new float[length + warm];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        lowPass(x, sampleRate, cornerHz, 0.5412);
        lowPass(x, sampleRate, cornerHz, 1.3066);
        float[] out = new float[length];
        System.arraycopy(x, warm, out, 0, length);
        scaleToUnit(out);
        if (humHz > 0) {
            double level = Math.pow(10, r.nextDouble(-10, 10) / 20);
            float[] hum = new float[length];
            for (int h = 1; h <= 4; h++) {
                double phase = r.nextDouble(0, 2 * Math.PI);
                double amp = 1.0 / h;
                double w = 2 * Math.PI * humHz * h / sampleRate;
                for (int i = 0; i < length; i++) {
                    hum[i] += (float) (amp * Math.sin(w * i + phase));
                }
            }
            scaleToUnit(hum);
            for (int i = 0; i < length; i++) {
                out[i] += (float) (level * hum[i]);
            }
            scaleToUnit(out);
        }
        return out;
    }

    /**
     * Returns a copy of {@code noise} ({@code sampleRate} Hz) with the rumble {@code d} decided added at {@code d.rumbleDb()}
     * relative to the noise's RMS (relative to full scale when the noise is silent), or {@code noise} itself when {@code d}
     * has no rumble; draws the rumble's samples from {@code r}.
     */
    public static float[] withRumble(float[] noise, SplittableRandom r, int sampleRate, Draw d) {
        if (Double.isNaN(d.rumbleDb())) {
            return noise;
        }
        float[] rumble = rumble(r, noise.length, sampleRate, d.rumbleHz(), d.humHz());
        double rms = Math.sqrt(NoiseAugmentation.meanSquare(noise));
        double gr = (rms > 1e-6 ? rms : 1) * Math.pow(10, d.rumbleDb() / 20);
        float[] out = noise.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (gr * rumble[i]);
        }
        return out;
    }

    /**
     * Sets the level of a mixture so that the noisy signal's peak is {@code peakDbfs} (both signals scaled alike), then, for a
     * peak below full scale, quantises the noisy signal to 16 bits, and for one above, clips it to [-1, 1]; the clean signal
     * is scaled but neither quantised nor clipped.
     */
    public static void setLevel(float[] clean, float[] noisy, double peakDbfs) {
        double peak = 0;
        for (float v : noisy) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (!(peak > 0)) {
            return;
        }
        double g = Math.pow(10, peakDbfs / 20) / peak;
        for (int i = 0; i < noisy.length; i++) {
            clean[i] = (float) (clean[i] * g);
            double y = noisy[i] * g;
            noisy[i] = (float) (peakDbfs < 0 ? Math.rint(y * 32768) / 32768 : Math.max(-1, Math.min(1, y)));
        }
    }

    private static void lowPass(float[] x, int rate, double f0, double q) {
        double w = 2 * Math.PI * Math.min(f0, 0.45 * rate) / rate;
        double alpha = Math.sin(w) / (2 * q);
        double cos = Math.cos(w);
        double a0 = 1 + alpha;
        double b0 = (1 - cos) / 2 / a0;
        NoiseAugmentation.biquad(x, new double[] {b0, (1 - cos) / a0, b0, -2 * cos / a0, (1 - alpha) / a0});
    }

    private static void scaleToUnit(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        double g = s > 0 ? Math.sqrt(x.length / s) : 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * g);
        }
    }
}
