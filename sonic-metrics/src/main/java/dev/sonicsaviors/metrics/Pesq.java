package dev.sonicsaviors.metrics;

import dev.sonicsaviors.dsp.Resampler;
import java.util.Arrays;

/**
 * Perceptual evaluation of speech quality, written in Java from the published descriptions of ITU-T P.862 (narrow band,
 * mapped to MOS-LQO by P.862.1) and P.862.2 (wide band), and of Rix, Hollier, Hekstra and Beerends, "PESQ, the new ITU
 * standard for end-to-end speech quality assessment", J. AES 50(10), 2002 (part I: time alignment, part II:
 * psychoacoustic model).
 *
 * <p>Rates: the model runs at 16 kHz for input at 16 kHz or above (WB and NB; other rates are resampled to 16 kHz) and,
 * for NB only, natively at 8 kHz for input below 16 kHz (other rates are resampled to 8 kHz) with the P.862 8 kHz
 * parameters: 256-sample frames, 42 Bark bands (the first 41 of the 16 kHz scale plus a last band of 11 bins ending at
 * 4 kHz, with its own power density correction), the 8 kHz pitch power scale {@code Sp}, the IRS and level filters
 * evaluated at 8 kHz, the 8 kHz alignment input filter (8 biquads), 4 ms envelope blocks of 32 samples and 64 ms
 * (512-sample) alignment frames; all durations (search buffer, padding, frames, search windows) are the same in time at
 * both rates.
 *
 * <p>Steps, at the model rate: both signals are truncated to the shorter length and framed by 300 ms of silence on each
 * side (the search buffer) plus 320 ms of padding at the end; each is scaled so that its power in the 300-3250 Hz band
 * averages 10^7 in 16-bit units; the model copies then pass the IRS receive filter (NB, normalised to 0 dB at 1 kHz) or
 * the P.862.2 100 Hz high-pass (WB).
 *
 * <p>Time alignment works on copies with the DC removed and a 100 Hz high-pass: a voice activity detector gives 4 ms
 * log-energy envelopes; the crude delay of the whole file is the peak of their cross-correlation; the reference's
 * utterances (speech runs of at least 200 ms, joined across pauses under 200 ms) each get a crude delay from their own
 * envelopes and a fine delay from a histogram of the peaks of 64 ms frame-wise waveform cross-correlations (weighted,
 * smoothed, with a confidence); an utterance of at least 800 ms is split in two at the break point that gives both
 * parts a higher confidence and delays at least 4 ms apart.
 *
 * <p>The perceptual model takes 32 ms Hann frames (50% overlap) between the first and last non-silent samples of the
 * reference, groups their power spectra into 49 (16 kHz) or 42 (8 kHz) Bark bands, removes the linear frequency
 * response (from the averages over the audible frames) and the slow gain changes of the system (smoothed ratio of the
 * audible frame powers), maps power to Zwicker loudness, and forms per frame the symmetric (L2 over bands) and
 * asymmetric (L1, weighted by the asymmetry factor) disturbances with a masking dead zone. Frames lost at a delay
 * decrease are ignored; runs of bad frames (disturbance above 30) are realigned by the correlation of the signal
 * magnitudes and keep the lower disturbance. Disturbances are aggregated over 320 ms windows (L6) and over time (L2)
 * into d_sym and d_asym, and the raw score is {@code 4.5 - 0.1 d_sym - 0.0309 d_asym}. The result is the MOS-LQO:
 * P.862.1 {@code 0.999 + 4 / (1 + exp(-1.4945 x + 4.6607))} for {@link Mode#NB}, P.862.2 {@code 0.999 + 4 / (1 +
 * exp(-1.3669 x + 3.8224))} for {@link Mode#WB}.
 *
 * <p>Stages, each a package-private class that can be run and tested on its own: {@link PesqParams} (the standard's
 * constants and the parameters at 16 or 8 kHz), {@link PesqLevel} (level and IRS filtering), {@link PesqAlignment} with
 * {@link PesqVad} (time alignment), {@link PesqAuditory} (auditory transform) and {@link PesqDisturbance} (disturbance
 * and aggregation); this class checks the input, resamples and runs them in order.
 *
 * <p>Validation: the 16 kHz model matches the ITU reference on the fixture; the 8 kHz model has no reference scores to
 * compare with and is checked for consistency (8 kHz NB on down-sampled fixture pairs against the reference 16 kHz NB
 * scores, see {@code Pesq8kTest}).
 */
public final class Pesq {

    /** Which standard to apply. */
    public enum Mode {
        /** P.862.2 wide band (needs at least 16 kHz input); result mapped by the P.862.2 function. */
        WB,
        /** P.862 narrow band with the IRS receive filter; result mapped to MOS-LQO by P.862.1. */
        NB
    }

    /** Sample rate (Hz) of the wide-band model and of the narrow-band model for input at 16 kHz or above. */
    public static final int SAMPLE_RATE = 16_000;
    /** Sample rate (Hz) of the native narrow-band model for input below 16 kHz. */
    public static final int NB_SAMPLE_RATE = 8_000;
    /** Shortest input accepted (samples at 16 kHz): 0.25 s; the same duration applies at 8 kHz. */
    public static final int MIN_SAMPLES = SAMPLE_RATE / 4;

    private Pesq() {}

    /**
     * Returns the PESQ MOS-LQO (about 1.0 to 4.6 for WB, 1.0 to 4.55 for NB) of {@code degraded} against
     * {@code clean}, both at {@code sampleRate} Hz.
     *
     * @param clean the reference signal
     * @param degraded the signal to score
     * @param sampleRate the sample rate of both (Hz)
     * @param mode wide or narrow band
     * @return the MOS-LQO
     * @throws PesqException when the pair cannot be scored (too short, silent, no utterance, WB below 16 kHz)
     */
    public static double compute(float[] clean, float[] degraded, int sampleRate, Mode mode) {
        return mapToMos(rawScore(clean, degraded, sampleRate, mode), mode);
    }

    /**
     * Maps a raw P.862 score to MOS-LQO with P.862.1 (NB) or P.862.2 (WB).
     *
     * @param raw the raw score
     * @param mode which mapping
     * @return the MOS-LQO
     */
    public static double mapToMos(double raw, Mode mode) {
        return mode == Mode.WB
                ? 0.999 + 4.0 / (1.0 + Math.exp(-1.3669 * raw + 3.8224))
                : 0.999 + 4.0 / (1.0 + Math.exp(-1.4945 * raw + 4.6607));
    }

    /**
     * Returns the raw P.862 score {@code 4.5 - 0.1 d_sym - 0.0309 d_asym} (before the MOS-LQO mapping).
     *
     * @param clean the reference signal
     * @param degraded the signal to score
     * @param sampleRate the sample rate of both (Hz)
     * @param mode wide or narrow band
     * @return the raw score
     * @throws PesqException when the pair cannot be scored
     */
    public static double rawScore(float[] clean, float[] degraded, int sampleRate, Mode mode) {
        Signals.checkRate(sampleRate);
        if (mode == null) {
            throw new IllegalArgumentException("PESQ mode must not be null");
        }
        if (mode == Mode.WB && sampleRate < SAMPLE_RATE) {
            throw new PesqException("wide-band PESQ needs a sample rate of at least 16000 Hz, got " + sampleRate
                    + " Hz");
        }
        PesqParams model = sampleRate >= SAMPLE_RATE ? PesqParams.AT_16K : PesqParams.AT_8K;
        float[][] p = prepare(clean, degraded, sampleRate, model.fs);
        return score(model, p[0], p[1], mode);
    }

    /**
     * Returns the raw scores {WB, NB} of a pair at 16 kHz or above, sharing the resampling.
     *
     * @throws PesqException when the pair cannot be scored
     */
    static double[] rawBoth(float[] clean, float[] degraded, int sampleRate) {
        Signals.checkRate(sampleRate);
        if (sampleRate < SAMPLE_RATE) {
            throw new PesqException("wide-band PESQ needs a sample rate of at least 16000 Hz, got " + sampleRate
                    + " Hz");
        }
        float[][] p = prepare(clean, degraded, sampleRate, SAMPLE_RATE);
        double[][] lv = level(PesqParams.AT_16K).leveled(p[0], p[1]);
        double[] nbRef = lv[0].clone();
        double[] nbDeg = lv[1].clone();
        java.util.concurrent.CompletableFuture<Double> nb = Parallel.start(() -> score(PesqParams.AT_16K, nbRef, nbDeg, Mode.NB));
        double wb;
        try {
            wb = score(PesqParams.AT_16K, lv[0], lv[1], Mode.WB);
        } catch (RuntimeException e) {
            nb.cancel(false);
            throw e;
        }
        return new double[] {wb, Parallel.join(nb)};
    }

    /** Truncates both to the shorter length and resamples them to {@code modelRate}. */
    private static float[][] prepare(float[] clean, float[] degraded, int sampleRate, int modelRate) {
        int n = Signals.commonLength(clean, degraded);
        float[] r = Arrays.copyOf(clean, n);
        float[] d = Arrays.copyOf(degraded, n);
        if (sampleRate != modelRate) {
            Resampler rs = new Resampler(sampleRate, modelRate);
            r = rs.process(r);
            d = rs.process(d);
        }
        int len = Math.min(r.length, d.length);
        if (len < modelRate / 4) {
            throw new PesqException("input too short for PESQ: " + Math.round(1000.0 * len / modelRate)
                    + " ms, needs at least 250 ms");
        }
        return new float[][] {Arrays.copyOf(r, len), Arrays.copyOf(d, len)};
    }

    /** The level stage at 16 kHz. */
    private static final PesqLevel LEVEL_16K = new PesqLevel(PesqParams.AT_16K);
    /** The level stage at 8 kHz. */
    private static final PesqLevel LEVEL_8K = new PesqLevel(PesqParams.AT_8K);

    private static PesqLevel level(PesqParams p) {
        return p == PesqParams.AT_16K ? LEVEL_16K : LEVEL_8K;
    }

    /** Scores one pair of equal-length signals at the model rate of {@code p} in one mode. */
    private static double score(PesqParams p, float[] r, float[] d, Mode mode) {
        double[][] lv = level(p).leveled(r, d);
        return score(p, lv[0], lv[1], mode);
    }

    /** Scores level-aligned signals (see {@link PesqLevel#leveled}) in one mode, stage by stage; both arrays are modified. */
    private static double score(PesqParams p, double[] ref, double[] deg, Mode mode) {
        PesqLevel level = level(p);
        int ns = ref.length - p.pad;
        level.inputFilter(ref, deg, ns, mode);
        double[] alignRef = ref.clone();
        double[] alignDeg = deg.clone();
        level.alignmentFilter(alignRef, alignDeg, ns);
        PesqAlignment al = new PesqAlignment(p, alignRef, alignDeg, ns);
        return new PesqDisturbance(p, ref, deg, ns, al).rawScore();
    }
}
