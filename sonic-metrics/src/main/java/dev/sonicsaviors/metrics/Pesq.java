package dev.sonicsaviors.metrics;

import dev.sonicsaviors.dsp.RealFft;
import dev.sonicsaviors.dsp.Resampler;
import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

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

    private static final int SEARCH_BLOCKS = 75; // search buffer on each side, in 4 ms blocks
    private static final int MIN_SPEECH_BLOCKS = 4;
    private static final int JOIN_SPEECH_BLOCKS = 50;
    private static final int MIN_UTTERANCE_BLOCKS = 50;
    private static final int MAX_UTTERANCES = 50;
    private static final double TARGET_POWER = 1e7;
    private static final double SILENCE_OF_5_SAMPLES = 500;
    private static final double BAD_FRAME = 30;
    private static final double SL = 1.866055e-1;
    private static final double ZWICKER_POWER = 0.23;

    /** FFT bins per Bark band at 16 kHz (31.25 Hz bins, from bin 0). */
    private static final int[] BINS_16K = {
        1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4,
        3, 4, 5, 4, 5, 6, 6, 7, 8, 9, 9, 12, 12, 15, 16, 18, 21, 25, 20};
    /** Band centres (Bark). */
    private static final double[] CENTRE_BARK = {
        0.078672, 0.316341, 0.636559, 0.961246, 1.290450, 1.624217, 1.962597, 2.305636, 2.653383, 3.005889,
        3.363201, 3.725371, 4.092449, 4.464486, 4.841533, 5.223642, 5.610866, 6.003256, 6.400869, 6.803755,
        7.211971, 7.625571, 8.044611, 8.469146, 8.899232, 9.334927, 9.776288, 10.223374, 10.676242, 11.134952,
        11.599563, 12.070135, 12.546731, 13.029408, 13.518232, 14.013264, 14.514566, 15.022202, 15.536238,
        16.056736, 16.583761, 17.117382, 17.657663, 18.204674, 18.758478, 19.319147, 19.886751, 20.461355,
        21.043034};
    /** Band widths (Bark). */
    private static final double[] WIDTH_BARK = {
        0.157344, 0.317994, 0.322441, 0.326934, 0.331474, 0.336061, 0.340697, 0.345381, 0.350114, 0.354897,
        0.359729, 0.364611, 0.369544, 0.374529, 0.379565, 0.384653, 0.389794, 0.394989, 0.400236, 0.405538,
        0.410894, 0.416306, 0.421773, 0.427297, 0.432877, 0.438514, 0.444209, 0.449962, 0.455774, 0.461645,
        0.467577, 0.473569, 0.479621, 0.485736, 0.491912, 0.498151, 0.504454, 0.510819, 0.517250, 0.523745,
        0.530308, 0.536934, 0.543629, 0.550390, 0.557220, 0.564119, 0.571085, 0.578125, 0.585232};
    /** Power density correction per band at 16 kHz (Bark width over the summed bins' width, times 100). */
    private static final double[] POW_DENS_16K = {
        100.000000, 99.999992, 100.000000, 100.000008, 100.000008, 100.000015, 99.999992, 99.999969, 50.000027,
        100.000000, 99.999969, 100.000015, 99.999947, 100.000061, 53.047077, 110.000046, 117.991989, 65.000000,
        68.760147, 69.999931, 71.428818, 75.000038, 76.843384, 80.968781, 88.646126, 63.864388, 68.155350,
        72.547775, 75.584831, 58.379192, 80.950836, 64.135651, 54.384785, 73.821884, 64.437073, 59.176456,
        65.521278, 61.399822, 58.144047, 57.004543, 64.126297, 54.311001, 61.114979, 55.077751, 56.849335,
        55.628868, 53.137054, 54.985844, 79.546974};
    /** Absolute hearing threshold per band (pitch power density units). */
    private static final double[] ABS_THRESH_POWER = {
        51286152.0, 2454709.5, 70794.59375, 4897.788574, 1174.897705, 389.045166, 104.71286, 45.70882, 17.782795,
        9.772372, 4.897789, 3.090296, 1.905461, 1.258925, 0.977237, 0.724436, 0.562341, 0.457088, 0.389045,
        0.331131, 0.295121, 0.269153, 0.25704, 0.251189, 0.251189, 0.251189, 0.251189, 0.263027, 0.288403,
        0.30903, 0.338844, 0.371535, 0.398107, 0.436516, 0.467735, 0.489779, 0.501187, 0.501187, 0.512861,
        0.524807, 0.524807, 0.524807, 0.512861, 0.47863, 0.42658, 0.371535, 0.363078, 0.416869, 0.537032};
    /** Level-alignment band (Hz, dB): 350-3250 Hz pass band. */
    private static final double[][] ALIGN_CURVE = {
        {0, -500}, {50, -500}, {100, -500}, {125, -500}, {160, -500}, {200, -500}, {250, -500}, {300, -500},
        {350, 0}, {400, 0}, {500, 0}, {600, 0}, {630, 0}, {800, 0}, {1000, 0}, {1250, 0}, {1600, 0}, {2000, 0},
        {2500, 0}, {3000, 0}, {3250, 0}, {3500, -500}, {4000, -500}, {5000, -500}, {6300, -500}, {8000, -500}};
    /** IRS receive response points (Hz, dB) of P.830/P.862, linearly interpolated in dB. */
    private static final double[][] IRS_CURVE = {
        {0, -200}, {50, -40}, {100, -20}, {125, -12}, {160, -6}, {200, 0}, {250, 4}, {300, 6}, {350, 8},
        {400, 10}, {500, 11}, {600, 12}, {700, 12}, {800, 12}, {1000, 12}, {1300, 12}, {1600, 12}, {2000, 12},
        {2500, 12}, {3000, 12}, {3250, 12}, {3500, 4}, {4000, -200}, {5000, -200}, {6300, -200}, {8000, -200}};
    /** P.862.2 wide-band input high-pass (biquad b0, b1, b2, a1, a2). */
    private static final double[] WB_HIGH_PASS = {2.740826, -5.4816519, 2.740826, -1.9444777, 0.94597794};
    /** Input filter of the time alignment at 16 kHz (P.862 standard IRS-like response, biquad sections). */
    private static final double[][] ALIGN_IIR_16K = {
        {0.325631521, -0.086782860, -0.238848661, -1.079416490, 0.434583902},
        {0.403961804, -0.556985881, 0.153024077, -0.415115835, 0.696590244},
        {4.736162769, 3.287251046, 1.753289019, -1.859599046, 0.876284034},
        {0.365373469, 0.000000000, 0.000000000, -0.634626531, 0.000000000},
        {0.884811506, 0.000000000, 0.000000000, -0.256725271, 0.141536777},
        {0.723593055, -1.447186099, 0.723593044, -1.129587469, 0.657232737},
        {1.644910855, -1.817280902, 1.249658063, -1.778403899, 0.801724355},
        {0.633692689, -0.284644314, -0.319789663, 0.000000000, 0.000000000},
        {1.032763031, 0.268428979, 0.602913323, 0.000000000, 0.000000000},
        {1.001616361, -0.823749013, 0.439731942, -0.885778255, 0.000000000},
        {0.752472096, -0.375388990, 0.188977609, -0.077258216, 0.247230734},
        {1.023700575, 0.001661628, 0.521284240, -0.183867259, 0.354324187}};

    /** Input filter of the time alignment at 8 kHz (P.862 standard IRS-like response, biquad sections). */
    private static final double[][] ALIGN_IIR_8K = {
        {0.885535424, -0.885535424, 0.000000000, -0.771070709, 0.000000000},
        {0.895092588, 1.292907193, 0.449260174, 1.268869037, 0.442025372},
        {4.049527940, -7.865190042, 3.815662102, -1.746859852, 0.786305963},
        {0.500002353, -0.500002353, 0.000000000, 0.000000000, 0.000000000},
        {0.565002834, -0.241585934, -0.306009671, 0.259688659, 0.249979657},
        {2.115237288, 0.919935084, 1.141240051, -1.587313419, 0.665935315},
        {0.912224584, -0.224397719, -0.641121413, -0.246029464, -0.556720590},
        {0.444617727, -0.307589321, 0.141638062, -0.996391149, 0.502251622}};
    /** Bark bands of the 8 kHz model (the first 42 of the 16 kHz scale; the last one ends at 4 kHz). */
    private static final int BANDS_8K = 42;
    /** FFT bins of the last 8 kHz band (bins 118 to 128 of 256). */
    private static final int LAST_BINS_8K = 11;
    /** Power density correction of the last 8 kHz band. */
    private static final double LAST_POW_DENS_8K = 59.248363;
    /** Pitch power density scale at 16 kHz. */
    private static final double SP_16K = 6.910853e-6;
    /** Pitch power density scale at 8 kHz. */
    private static final double SP_8K = 2.764344e-5;

    private static final double[] ZWICKER_EXP = new double[CENTRE_BARK.length];

    static {
        for (int b = 0; b < CENTRE_BARK.length; b++) {
            double e = ZWICKER_POWER;
            if (CENTRE_BARK[b] < 4) {
                e *= Math.pow(Math.min(2.0, 6 / (CENTRE_BARK[b] + 2)), 0.15);
            }
            ZWICKER_EXP[b] = e;
        }
    }

    /** FFT plans by size, one set per thread (a plan's tables take longer to build than a large transform). */
    private static final ThreadLocal<java.util.HashMap<Integer, DoubleFFT_1D>> PLANS =
            ThreadLocal.withInitial(java.util.HashMap::new);

    private static DoubleFFT_1D plan(int n) {
        return PLANS.get().computeIfAbsent(n, DoubleFFT_1D::new);
    }

    /** The 16 kHz model (narrow and wide band). */
    private static final Scorer MODEL_16K = new Scorer(SAMPLE_RATE);
    /** The native 8 kHz narrow-band model. */
    private static final Scorer MODEL_8K = new Scorer(NB_SAMPLE_RATE);

    private Pesq() {}

    /** Marks an alignment frame whose spectrum was computed once and not kept. */
    private static final double[] SEEN = new double[0];

    /** Bins where one alignment frame pair's cross-correlation peaks, and the histogram weight they get. */
    private record FramePeak(int[] bins, double weight) {}

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
        Scorer model = sampleRate >= SAMPLE_RATE ? MODEL_16K : MODEL_8K;
        float[][] p = prepare(clean, degraded, sampleRate, model.fs);
        return model.score(p[0], p[1], mode);
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
        double[][] lv = MODEL_16K.leveled(p[0], p[1]);
        double[] nbRef = lv[0].clone();
        double[] nbDeg = lv[1].clone();
        java.util.concurrent.CompletableFuture<Double> nb = Parallel.start(() -> MODEL_16K.score(nbRef, nbDeg, Mode.NB));
        double wb;
        try {
            wb = MODEL_16K.score(lv[0], lv[1], Mode.WB);
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

    /** The rate-dependent parameters of P.862 and the model run at that rate; immutable, shared by threads. */
    private static final class Scorer {
        private final int fs;
        private final int nf; // model frame (32 ms)
        private final int hop;
        private final int ds; // 4 ms envelope blocks
        private final int sb; // search buffer (samples) on each side
        private final int pad; // 320 ms
        private final int alignNfft; // 64 ms alignment frames
        private final int bands;
        private final double sp;
        private final int[] binsPerBand;
        private final double[] powDens;
        private final double[][] alignIir;
        private final double[] window;
        private final double[] alignWindow;
        private final double totalWidth;

        Scorer(int fs) {
            this.fs = fs;
            boolean wide = fs == SAMPLE_RATE;
            nf = fs * 32 / 1000;
            hop = nf / 2;
            ds = fs * 4 / 1000;
            sb = SEARCH_BLOCKS * ds;
            pad = fs * 320 / 1000;
            alignNfft = fs * 64 / 1000;
            bands = wide ? BINS_16K.length : BANDS_8K;
            sp = wide ? SP_16K : SP_8K;
            binsPerBand = Arrays.copyOf(BINS_16K, bands);
            powDens = Arrays.copyOf(POW_DENS_16K, bands);
            if (!wide) {
                binsPerBand[bands - 1] = LAST_BINS_8K;
                powDens[bands - 1] = LAST_POW_DENS_8K;
            }
            alignIir = wide ? ALIGN_IIR_16K : ALIGN_IIR_8K;
            window = new double[nf];
            for (int i = 0; i < nf; i++) {
                window[i] = 0.5 * (1 - Math.cos(2 * Math.PI * i / nf));
            }
            alignWindow = new double[alignNfft];
            for (int i = 0; i < alignNfft; i++) {
                alignWindow[i] = 0.5 * (1 - Math.cos(2 * Math.PI * i / alignNfft));
            }
            double w = 0;
            for (int b = 1; b < bands; b++) {
                w += WIDTH_BARK[b];
            }
            totalWidth = w;
        }

        /** Scores one pair of equal-length signals at this rate in one mode. */
        private double score(float[] r, float[] d, Mode mode) {
            double[][] lv = leveled(r, d);
            return score(lv[0], lv[1], mode);
        }

        /**
         * The reference and degraded signals in 16-bit units, framed by the search buffers and padding ({@code ns +
         * pad} samples, {@code ns = r.length + 2 sb}) and level-aligned: the input of both modes.
         */
        private double[][] leveled(float[] r, float[] d) {
            int len = r.length;
            int ns = len + 2 * sb;
            double[] ref = new double[ns + pad];
            double[] deg = new double[ns + pad];
            for (int i = 0; i < len; i++) {
                ref[sb + i] = r[i] * 32768.0;
                deg[sb + i] = d[i] * 32768.0;
            }
            fixPowerLevel(ref, ns, "reference");
            fixPowerLevel(deg, ns, "degraded signal");
            return new double[][] {ref, deg};
        }

        /** Scores level-aligned signals (see {@link #leveled}) in one mode; both arrays are modified. */
        private double score(double[] ref, double[] deg, Mode mode) {
            int ns = ref.length - pad;
            if (mode == Mode.NB) {
                applyFilter(ref, ns, IRS_CURVE);
                applyFilter(deg, ns, IRS_CURVE);
            } else {
                wideBandInput(ref, ns);
                wideBandInput(deg, ns);
            }
            double[] alignRef = ref.clone();
            double[] alignDeg = deg.clone();
            alignmentFilter(alignRef, alignDeg, ns);
            Alignment al = new Alignment(alignRef, alignDeg, ns);
            return new Model(ref, deg, ns, al).rawScore();
        }

        // ---------------------------------------------------------------- input filters and level

        /** Scales {@code x[0, ns)} so that its 300-3250 Hz power over the signal and padding averages 10^7. */
        private void fixPowerLevel(double[] x, int ns, String what) {
            double[] f = x.clone();
            applyFilter(f, ns, ALIGN_CURVE);
            double s = 0;
            for (int i = sb; i < ns - sb + pad; i++) {
                s += f[i] * f[i];
            }
            double p = s / (ns - 2 * sb + pad);
            if (!(p > 0)) {
                throw new PesqException("the " + what + " is silent in the 300-3250 Hz band");
            }
            double g = Math.sqrt(TARGET_POWER / p);
            for (int i = 0; i < ns; i++) {
                x[i] *= g;
            }
        }

        /**
         * Zero-phase FFT filter on the signal and padding ({@code x[sb, ns - sb + pad)}), response given by (Hz, dB)
         * points, linearly interpolated in dB and normalised to 0 dB at 1 kHz.
         */
        private void applyFilter(double[] x, int ns, double[][] curve) {
            int n = ns - 2 * sb + pad;
            int p = 1;
            while (p < n) {
                p <<= 1;
            }
            double[] buf = new double[p];
            System.arraycopy(x, sb, buf, 0, n);
            DoubleFFT_1D fft = plan(p);
            fft.realForward(buf);
            double[] gains = filterGains(curve, p);
            buf[0] *= gains[0];
            buf[1] *= gains[p / 2];
            for (int k = 1; k < p / 2; k++) {
                double g = gains[k];
                buf[2 * k] *= g;
                buf[2 * k + 1] *= g;
            }
            fft.realInverse(buf, true);
            System.arraycopy(buf, 0, x, sb, n);
        }

        /** Gains of {@code applyFilter} at bins 0 to p/2 of a size-p transform, by (curve, p); computed once. */
        private final java.util.concurrent.ConcurrentHashMap<java.util.Map.Entry<double[][], Integer>, double[]>
                gainCache = new java.util.concurrent.ConcurrentHashMap<>();

        private double[] filterGains(double[][] curve, int p) {
            return gainCache.computeIfAbsent(new java.util.AbstractMap.SimpleImmutableEntry<>(curve, p), key -> {
                double ref = interpolate(curve, 1000);
                double res = (double) fs / p;
                double[] g = new double[p / 2 + 1];
                g[0] = Math.pow(10, (interpolate(curve, 0) - ref) / 20);
                g[p / 2] = Math.pow(10, (interpolate(curve, p / 2 * res) - ref) / 20);
                for (int k = 1; k < p / 2; k++) {
                    g[k] = Math.pow(10, (interpolate(curve, k * res) - ref) / 20);
                }
                return g;
            });
        }

        private double interpolate(double[][] curve, double f) {
            int lo;
            int hi;
            if (f <= curve[0][0]) {
                lo = 0;
                hi = 1;
            } else if (f >= curve[curve.length - 1][0]) {
                lo = curve.length - 2;
                hi = curve.length - 1;
            } else {
                hi = 1;
                while (f >= curve[hi][0]) {
                    hi++;
                }
                lo = hi - 1;
            }
            double f0 = curve[lo][0];
            double f1 = curve[hi][0];
            return curve[lo][1] + (f - f0) / (f1 - f0) * (curve[hi][1] - curve[lo][1]);
        }

        /** P.862.2 input filter: 16-sample fades at both ends of the signal, then the 100 Hz high-pass. */
        private void wideBandInput(double[] x, int ns) {
            for (int i = 0; i < 16; i++) {
                x[sb + i] *= i / 16.0;
                x[ns - sb - 1 - i] *= i / 16.0;
            }
            biquad(WB_HIGH_PASS, x, sb, ns - 2 * sb);
        }

        /** One biquad section (b0, b1, b2, a1, a2) over {@code x[from, from + n)}, from rest. */
        private void biquad(double[] h, double[] x, int from, int n) {
            double z1 = 0;
            double z2 = 0;
            for (int i = from; i < from + n; i++) {
                double x0 = x[i];
                double y0 = h[0] * x0 + z1;
                z1 = h[1] * x0 - h[3] * y0 + z2;
                z2 = h[2] * x0 - h[4] * y0;
                x[i] = y0;
            }
        }

        /**
         * Filter of the alignment copies, both in place: DC removal with 4 ms fades at the signal's ends, then the
         * IRS-like filter.
         */
        private void alignmentFilter(double[] a, double[] b, int ns) {
            removeDc(a, ns);
            removeDc(b, ns);
            cascade(alignIir, a, b, ns);
        }

        private void removeDc(double[] x, int ns) {
            double mean = 0;
            for (int i = sb; i < ns - sb; i++) {
                mean += x[i];
            }
            mean /= ns;
            for (int i = sb; i < ns - sb; i++) {
                x[i] -= mean;
            }
            for (int k = 0; k < ds; k++) {
                double w = (0.5 + k) / ds;
                x[sb + k] *= w;
                x[ns - sb - 1 - k] *= w;
            }
        }

        /**
         * Biquad sections (b0, b1, b2, a1, a2) in series over {@code a[0, n)} and {@code b[0, n)}, from rest, in place:
         * the same operations as one {@link #biquad} pass per section and signal, but each sample goes through all
         * sections of both signals before the next, which keeps many independent recursions in flight.
         */
        private static void cascade(double[][] sections, double[] a, double[] b, int n) {
            int m = sections.length;
            double[] c = new double[5 * m];
            for (int k = 0; k < m; k++) {
                System.arraycopy(sections[k], 0, c, 5 * k, 5);
            }
            double[] za = new double[2 * m];
            double[] zb = new double[2 * m];
            for (int i = 0; i < n; i++) {
                double xa = a[i];
                double xb = b[i];
                for (int k = 0, o = 0, z = 0; k < m; k++, o += 5, z += 2) {
                    double b0 = c[o];
                    double b1 = c[o + 1];
                    double b2 = c[o + 2];
                    double a1 = c[o + 3];
                    double a2 = c[o + 4];
                    double ya = b0 * xa + za[z];
                    za[z] = b1 * xa - a1 * ya + za[z + 1];
                    za[z + 1] = b2 * xa - a2 * ya;
                    double yb = b0 * xb + zb[z];
                    zb[z] = b1 * xb - a1 * yb + zb[z + 1];
                    zb[z + 1] = b2 * xb - a2 * yb;
                    xa = ya;
                    xb = yb;
                }
                a[i] = xa;
                b[i] = xb;
            }
        }

        // ---------------------------------------------------------------- voice activity

        /** Block energies with non-speech set to zero ({@code vad}) and log energies above the threshold. */
        private final class Vad {
            final double[] vad;
            final double[] log;

            Vad(double[] x, int ns) {
                int nw = ns / ds;
                double[] v = new double[nw];
                for (int c = 0; c < nw; c++) {
                    double s = 0;
                    for (int i = 0; i < ds; i++) {
                        double g = x[c * ds + i];
                        s += g * g;
                    }
                    v[c] = s / ds;
                }
                double thr = 0;
                for (double e : v) {
                    thr += e;
                }
                thr /= nw;
                double levelMin = 0;
                for (double e : v) {
                    levelMin = Math.max(levelMin, e);
                }
                levelMin = levelMin > 0 ? levelMin * 1e-4 : 1;
                for (int c = 0; c < nw; c++) {
                    v[c] = Math.max(v[c], levelMin);
                }
                for (int it = 0; it < 12; it++) {
                    double noise = 0;
                    double sd = 0;
                    int len = 0;
                    for (double e : v) {
                        if (e <= thr) {
                            noise += e;
                            len++;
                        }
                    }
                    if (len > 0) {
                        noise /= len;
                        for (double e : v) {
                            if (e <= thr) {
                                sd += (e - noise) * (e - noise);
                            }
                        }
                        sd = Math.sqrt(sd / len);
                    }
                    thr = 1.001 * (noise + 2 * sd);
                }
                double levelNoise = 0;
                double levelSig = 0;
                int len = 0;
                for (double e : v) {
                    if (e > thr) {
                        levelSig += e;
                        len++;
                    } else {
                        levelNoise += e;
                    }
                }
                if (len > 0) {
                    levelSig /= len;
                } else {
                    thr = -1;
                }
                levelNoise = len < nw ? levelNoise / (nw - len) : 1;
                for (int c = 0; c < nw; c++) {
                    if (v[c] <= thr) {
                        v[c] = -v[c];
                    }
                }
                v[0] = -levelMin;
                v[nw - 1] = -levelMin;
                int start = 0;
                for (int c = 1; c < nw; c++) {
                    if (v[c] > 0 && v[c - 1] <= 0) {
                        start = c;
                    }
                    if (v[c] <= 0 && v[c - 1] > 0 && c - start <= MIN_SPEECH_BLOCKS) {
                        for (int i = start; i < c; i++) {
                            v[i] = -v[i];
                        }
                    }
                }
                if (levelSig >= levelNoise * 1000) {
                    for (int c = 1; c < nw; c++) {
                        if (v[c] > 0 && v[c - 1] <= 0) {
                            start = c;
                        }
                        if (v[c] <= 0 && v[c - 1] > 0) {
                            double g = 0;
                            for (int i = start; i < c; i++) {
                                g += v[i];
                            }
                            if (g < 3 * thr * (c - start)) {
                                for (int i = start; i < c; i++) {
                                    v[i] = -v[i];
                                }
                            }
                        }
                    }
                }
                int finish = 0;
                for (int c = 1; c < nw; c++) {
                    if (v[c] > 0 && v[c - 1] <= 0) {
                        start = c;
                        if (finish > 0 && start - finish <= JOIN_SPEECH_BLOCKS) {
                            for (int i = finish; i < start; i++) {
                                v[i] = levelMin;
                            }
                        }
                    }
                    if (v[c] <= 0 && v[c - 1] > 0) {
                        finish = c;
                    }
                }
                start = 0;
                for (int c = 1; c < nw; c++) {
                    if (v[c] > 0 && v[c - 1] <= 0) {
                        start = c;
                    }
                }
                if (start == 0) {
                    for (int c = 0; c < nw; c++) {
                        v[c] = Math.abs(v[c]);
                    }
                    v[0] = -levelMin;
                    v[nw - 1] = -levelMin;
                }
                int c = 3;
                while (c < nw - 2) {
                    if (v[c] > 0 && v[c - 2] <= 0) {
                        v[c - 2] = v[c] * 0.1;
                        v[c - 1] = v[c] * 0.3;
                        c++;
                    }
                    if (v[c] <= 0 && v[c - 1] > 0) {
                        v[c] = v[c - 1] * 0.3;
                        v[c + 1] = v[c - 1] * 0.1;
                        c += 3;
                    }
                    c++;
                }
                for (int i = 0; i < nw; i++) {
                    v[i] = Math.max(0, v[i]);
                }
                if (thr <= 0) {
                    thr = levelMin;
                }
                double[] lg = new double[nw];
                for (int i = 0; i < nw; i++) {
                    lg[i] = v[i] <= thr ? 0 : Math.log(v[i] / thr);
                }
                this.vad = v;
                this.log = lg;
            }
        }

        // ---------------------------------------------------------------- time alignment

        /** Utterances of the reference with their delays (blocks of 4 ms for positions, samples for delays). */
        private final class Alignment {
            final double[] ref;
            final double[] deg;
            final int ns;
            final Vad vr;
            final Vad vd;
            int crudeDelay;
            int count;
            final int[] searchStart = new int[MAX_UTTERANCES];
            final int[] searchEnd = new int[MAX_UTTERANCES];
            final int[] delayEst = new int[MAX_UTTERANCES];
            final int[] delay = new int[MAX_UTTERANCES];
            final double[] conf = new double[MAX_UTTERANCES];
            final int[] start = new int[MAX_UTTERANCES];
            final int[] end = new int[MAX_UTTERANCES];
            private final DoubleFFT_1D fft = plan(alignNfft);
            private final double[] x1 = new double[alignNfft];
            private final double[] x2 = new double[alignNfft];
            /** Ascending indices of the reference blocks whose log envelope is non-zero. */
            private final int[] refNonZero;

            Alignment(double[] ref, double[] deg, int ns) {
                this.ref = ref;
                this.deg = deg;
                this.ns = ns;
                this.vr = new Vad(ref, ns);
                this.vd = new Vad(deg, ns);
                int nzCount = 0;
                for (double v : vr.log) {
                    if (v != 0) {
                        nzCount++;
                    }
                }
                refNonZero = new int[nzCount];
                for (int i = 0, k = 0; i < vr.log.length; i++) {
                    if (vr.log[i] != 0) {
                        refNonZero[k++] = i;
                    }
                }
                int nb = ns / ds;
                crudeDelay = crudeLag(0, nb, 0, nb) * ds;
                findSearchWindows();
                if (count == 0) {
                    throw new PesqException("no utterance found in the reference");
                }
                for (int u = 0; u < count; u++) {
                    delayEst[u] = crudeFor(searchStart[u], searchEnd[u], crudeDelay);
                    double[] fine = fine(delayEst[u], searchStart[u] * ds, searchEnd[u] * ds, true);
                    delay[u] = delayEst[u] + (int) fine[0];
                    conf[u] = fine[1];
                }
                findUtterances();
                split();
            }

            /** Crude delay (samples) of a stretch of reference blocks, searched around {@code base} samples. */
            private int crudeFor(int sStart, int sEnd, int base) {
                int startr = sStart;
                int startd = startr + base / ds;
                if (startd < 0) {
                    startr = -base / ds;
                    startd = 0;
                }
                int nr = sEnd - startr;
                int nd = nr;
                if (startd + nd > ns / ds) {
                    nd = ns / ds - startd;
                }
                return crudeLag(startr, nr, startd, nd) * ds + base;
            }

            /** Index of the first entry of the ascending {@code v} that is at least {@code x} ({@code v.length} if none). */
            private int firstAtLeast(int[] v, int x) {
                int lo = 0;
                int hi = v.length;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (v[mid] < x) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                return lo;
            }

            /**
             * Lag (blocks) maximising the cross-correlation of the log envelopes {@code vr.log[startr, startr + nr)} and
             * {@code vd.log[startd, startd + nd)}: the first lag, from {@code -(nr - 1)} up, whose sum of products (summed
             * in index order) is the largest and positive, 0 when none is positive.
             *
             * <p>The envelopes are non-negative. An FFT cross-correlation gives every lag's sum to within far less than
             * {@code 1e-8 |a| |b|} (the error of a size-p FFT is of order {@code log2(p) sqrt(p) eps |a| |b|}), so only the
             * lags within twice that of the FFT maximum can hold the exact maximum; their sums are then computed directly,
             * in the same order as a direct search, which picks the same lag bit for bit at a fraction of the cost.
             */
            private int crudeLag(int startr, int nr, int startd, int nd) {
                if (nr <= 1 || nd <= 1) {
                    return 0;
                }
                int len = nr + nd - 1;
                int p = Integer.highestOneBit(len - 1) << 1;
                double[] fa = new double[p];
                double[] fb = new double[p];
                double ea = 0;
                double eb = 0;
                for (int j = 0; j < nr; j++) {
                    double v = vr.log[startr + j];
                    fa[j] = v;
                    ea += v * v;
                }
                for (int j = 0; j < nd; j++) {
                    double v = vd.log[startd + j];
                    fb[j] = v;
                    eb += v * v;
                }
                if (ea == 0 || eb == 0) {
                    return 0; // every sum is zero
                }
                double tol = 1e-8 * Math.sqrt(ea) * Math.sqrt(eb);
                if (!Double.isFinite(tol)) {
                    return directLag(startr, nr, startd, nd, 0, len);
                }
                RealFft f = ffts.computeIfAbsent(p, RealFft::new);
                f.forward(fa);
                f.forward(fb);
                fa[0] *= fb[0];
                fa[1] *= fb[1];
                for (int k = 1; k < p / 2; k++) {
                    double ar = fa[2 * k];
                    double ai = fa[2 * k + 1];
                    double br = fb[2 * k];
                    double bi = fb[2 * k + 1];
                    fa[2 * k] = ar * br + ai * bi;
                    fa[2 * k + 1] = ar * bi - ai * br;
                }
                f.inverse(fa); // fa[lag mod p] = sum_j a[j] b[j + lag]
                double top = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    top = Math.max(top, fa[Math.floorMod(i - nr + 1, p)]);
                }
                double floor = top - 2 * tol;
                double max = 0;
                int best = nr - 1;
                for (int i = 0; i < len; i++) {
                    if (fa[Math.floorMod(i - nr + 1, p)] >= floor) {
                        double s = sumAtLag(startr, nr, startd, nd, i - nr + 1);
                        if (s > max) {
                            max = s;
                            best = i;
                        }
                    }
                }
                return best - nr + 1;
            }

            /** Transforms by size, for {@link #crudeLag}. */
            private final java.util.HashMap<Integer, RealFft> ffts = new java.util.HashMap<>();

            /** {@link #crudeLag} by direct search of the lags {@code i - nr + 1}, {@code i} in {@code [from, to)}. */
            private int directLag(int startr, int nr, int startd, int nd, int from, int to) {
                double max = 0;
                int best = nr - 1;
                for (int i = from; i < to; i++) {
                    double s = sumAtLag(startr, nr, startd, nd, i - nr + 1);
                    if (s > max) {
                        max = s;
                        best = i;
                    }
                }
                return best - nr + 1;
            }

            /** Sum of {@code a[startr + j] b[startd + j + lag]} over the overlap, j ascending, skipping zero {@code a}. */
            private double sumAtLag(int startr, int nr, int startd, int nd, int lag) {
                double[] a = vr.log;
                double[] b = vd.log;
                int[] nz = refNonZero;
                double s = 0;
                int j0 = Math.max(0, -lag);
                int j1 = Math.min(nr, nd - lag);
                // the same terms in the same order as summing a[startr + j] * b[startd + j + lag] over j in [j0, j1)
                // while skipping a == 0, visiting only the non-zero reference blocks
                int k = firstAtLeast(nz, startr + j0);
                int stop = startr + j1;
                int shift = startd - startr + lag;
                for (; k < nz.length && nz[k] < stop; k++) {
                    int idx = nz[k];
                    s += a[idx] * b[idx + shift];
                }
                return s;
            }

            /**
             * Fine delay around {@code est} from the histogram of frame-wise correlation peaks: frames of the reference
             * from {@code from} (forward) up to {@code limit}, or from {@code from} (backward) down to {@code limit}.
             * Returns {lag, confidence}.
             */
            private double[] fine(int est, int from, int limit, boolean forward) {
                double[] h = new double[alignNfft];
                int startr;
                int startd;
                if (forward) {
                    startr = from;
                    startd = startr + est;
                    if (startd < 0) {
                        startr = -est;
                        startd = 0;
                    }
                    while (startd + alignNfft <= ns && startr + alignNfft <= limit) {
                        addFrame(h, startr, startd);
                        startr += alignNfft / 4;
                        startd += alignNfft / 4;
                    }
                } else {
                    startr = from;
                    startd = startr + est;
                    if (startd + alignNfft > ns) {
                        startd = ns - alignNfft;
                        startr = startd - est;
                    }
                    while (startd >= 0 && startr >= limit) {
                        addFrame(h, startr, startd);
                        startr -= alignNfft / 4;
                        startd -= alignNfft / 4;
                    }
                }
                double hsum = 0;
                for (double v : h) {
                    hsum += v;
                }
                int kernel = alignNfft / 64;
                // the smoothed value of a bin further than the kernel from every non-zero bin is exactly 0 (h[c] + w (0 + 0)
                // terms) and never beats vmax >= 0, so only bins near a peak bin are smoothed
                boolean[] near = new boolean[alignNfft];
                for (int i = 0; i < alignNfft; i++) {
                    if (h[i] != 0) {
                        for (int k = -(kernel - 1); k < kernel; k++) {
                            near[Math.floorMod(i + k, alignNfft)] = true;
                        }
                    }
                }
                double vmax = 0;
                int imax = 0;
                for (int c = 0; c < alignNfft; c++) {
                    if (!near[c]) {
                        continue;
                    }
                    double s = h[c];
                    for (int k = 1; k < kernel; k++) {
                        double w = 1 - (double) k / kernel;
                        int lo = c - k < 0 ? c - k + alignNfft : c - k;
                        int hi = c + k >= alignNfft ? c + k - alignNfft : c + k;
                        s += w * (h[lo] + h[hi]);
                    }
                    if (s > vmax) {
                        vmax = s;
                        imax = c;
                    }
                }
                if (imax >= alignNfft / 2) {
                    imax -= alignNfft;
                }
                return new double[] {imax, hsum > 0 ? vmax / hsum : 0};
            }

            /** Peak bins and weight of each (reference, degraded) frame pair already correlated, by frame starts. */
            private final java.util.HashMap<Long, FramePeak> peaks = new java.util.HashMap<>();
            /** Spectra of reference / degraded alignment frames requested more than once, by frame start ({@link #SEEN}: once). */
            private final java.util.HashMap<Integer, double[]> refSpectra = new java.util.HashMap<>();
            private final java.util.HashMap<Integer, double[]> degSpectra = new java.util.HashMap<>();

            /** Adds the peak of one frame's cross-correlation to the histogram. */
            private void addFrame(double[] h, int startr, int startd) {
                // an odd multiplier is a bijection that spreads the starts (multiples of 4 ms blocks) over the hash bits
                long key = (((long) startr << 32) | (startd & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
                FramePeak fp = peaks.get(key);
                if (fp == null) {
                    fp = framePeak(startr, startd);
                    peaks.put(key, fp);
                }
                double w = fp.weight();
                for (int i : fp.bins()) {
                    h[i] += w;
                }
            }

            /** Scratch spectra of frames requested once so far (most frames are). */
            private final double[] refScratch = new double[alignNfft];
            private final double[] degScratch = new double[alignNfft];

            /**
             * Spectrum of the windowed frame of {@code x} at {@code start}: a frame's first request is transformed into
             * {@code scratch} (valid until the next request with it), a frame requested again is kept in {@code cache}.
             */
            private double[] spectrum(java.util.HashMap<Integer, double[]> cache, double[] scratch, double[] x,
                    int start) {
                Integer key = start * 0x9E3779B9; // a bijection, spreading the starts over the hash bits
                double[] s = cache.get(key);
                if (s != null && s != SEEN) {
                    return s;
                }
                boolean keep = s == SEEN;
                s = keep ? new double[alignNfft] : scratch;
                if (start >= 0 && start + alignNfft <= x.length) {
                    for (int i = 0; i < alignNfft; i++) {
                        s[i] = x[start + i] * alignWindow[i];
                    }
                } else {
                    for (int i = 0; i < alignNfft; i++) {
                        s[i] = sample(x, start + i) * alignWindow[i];
                    }
                }
                fft.realForward(s);
                cache.put(key, keep ? s : SEEN);
                return s;
            }

            private FramePeak framePeak(int startr, int startd) {
                double[] s1 = spectrum(refSpectra, refScratch, ref, startr);
                double[] s2 = spectrum(degSpectra, degScratch, deg, startd);
                x1[0] = s1[0] * s2[0];
                x1[1] = s1[1] * s2[1];
                for (int k = 1; k < alignNfft / 2; k++) {
                    double ar = s1[2 * k];
                    double ai = s1[2 * k + 1];
                    double br = s2[2 * k];
                    double bi = s2[2 * k + 1];
                    x1[2 * k] = ar * br + ai * bi;
                    x1[2 * k + 1] = ar * bi - ai * br;
                }
                fft.realInverse(x1, true);
                double vmax = 0;
                for (int i = 0; i < alignNfft; i++) {
                    x1[i] = Math.abs(x1[i]);
                    vmax = Math.max(vmax, x1[i]);
                }
                vmax *= 0.99;
                double w = Math.pow(vmax, 0.125);
                int n = 0;
                for (int i = 0; i < alignNfft; i++) {
                    if (x1[i] > vmax) {
                        x2[n++] = i;
                    }
                }
                int[] bins = new int[n];
                for (int i = 0; i < n; i++) {
                    bins[i] = (int) x2[i];
                }
                return new FramePeak(bins, w);
            }

            private double sample(double[] x, int i) {
                return i >= 0 && i < x.length ? x[i] : 0;
            }

            private void findSearchWindows() {
                int nw = ns / ds;
                int delStart = MIN_UTTERANCE_BLOCKS - crudeDelay / ds;
                int delEnd = (ns - crudeDelay) / ds - MIN_UTTERANCE_BLOCKS;
                boolean speech = false;
                int thisStart = 0;
                int n = 0;
                for (int c = 0; c < nw && n < MAX_UTTERANCES - 1; c++) {
                    double v = vr.vad[c];
                    if (v > 0 && !speech) {
                        speech = true;
                        thisStart = c;
                        searchStart[n] = Math.max(0, c - SEARCH_BLOCKS);
                    }
                    if ((v == 0 || c == nw - 1) && speech) {
                        speech = false;
                        searchEnd[n] = Math.min(nw - 1, c + SEARCH_BLOCKS);
                        if (c - thisStart >= MIN_UTTERANCE_BLOCKS && thisStart < delEnd && c > delStart) {
                            n++;
                        }
                    }
                }
                count = n;
            }

            private void findUtterances() {
                int nw = ns / ds;
                int delStart = MIN_UTTERANCE_BLOCKS - crudeDelay / ds;
                int delEnd = (ns - crudeDelay) / ds - MIN_UTTERANCE_BLOCKS;
                boolean speech = false;
                int thisStart = 0;
                int n = 0;
                for (int c = 0; c < nw && n < MAX_UTTERANCES - 1; c++) {
                    double v = vr.vad[c];
                    if (v > 0 && !speech) {
                        speech = true;
                        thisStart = c;
                        start[n] = c;
                    }
                    if ((v == 0 || c == nw - 1) && speech) {
                        speech = false;
                        end[n] = c;
                        if (c - thisStart >= MIN_UTTERANCE_BLOCKS && thisStart < delEnd && c > delStart) {
                            n++;
                        }
                    }
                }
                start[0] = SEARCH_BLOCKS;
                end[count - 1] = nw - SEARCH_BLOCKS;
                for (int u = 1; u < count; u++) {
                    int mid = (start[u] + end[u - 1]) / 2;
                    start[u] = mid;
                    end[u - 1] = mid;
                }
                if (start[0] * ds + delay[0] < sb) {
                    start[0] = SEARCH_BLOCKS + (ds - 1 - delay[0]) / ds;
                }
                int last = count - 1;
                if (end[last] * ds + delay[last] > ns - sb) {
                    end[last] = (ns - delay[last]) / ds - SEARCH_BLOCKS;
                }
                for (int u = 1; u < count; u++) {
                    int st = start[u] * ds + delay[u];
                    int le = end[u - 1] * ds + delay[u - 1];
                    if (st < le) {
                        int mid = (st + le) / 2;
                        start[u] = (ds - 1 + mid - delay[u]) / ds;
                        end[u - 1] = (mid - delay[u - 1]) / ds;
                    }
                }
            }

            /** Splits utterances in two where both halves align with more confidence. */
            private void split() {
                int u = 0;
                while (u < count && count < MAX_UTTERANCES - 1) {
                    int uStart = start[u];
                    int uEnd = end[u];
                    int speechStart = uStart;
                    while (speechStart < uEnd && vr.vad[speechStart] <= 0) {
                        speechStart++;
                    }
                    int speechEnd = uEnd;
                    while (speechEnd > uStart && vr.vad[speechEnd] <= 0) {
                        speechEnd--;
                    }
                    speechEnd++;
                    int uLen = speechEnd - speechStart;
                    int[] best = uLen >= 200 ? splitAlign(u, uStart, speechStart, speechEnd, uEnd) : null;
                    if (best == null) {
                        u++;
                        continue;
                    }
                    for (int s = count - 1; s > u; s--) {
                        searchStart[s + 1] = searchStart[s];
                        searchEnd[s + 1] = searchEnd[s];
                        delayEst[s + 1] = delayEst[s];
                        delay[s + 1] = delay[s];
                        conf[s + 1] = conf[s];
                        start[s + 1] = start[s];
                        end[s + 1] = end[s];
                    }
                    count++;
                    int d1 = best[1];
                    int d2 = best[3];
                    int bp = best[4];
                    delayEst[u] = best[0];
                    delay[u] = d1;
                    conf[u] = splitConf[0];
                    delayEst[u + 1] = best[2];
                    delay[u + 1] = d2;
                    conf[u + 1] = splitConf[1];
                    searchStart[u + 1] = searchStart[u];
                    searchEnd[u + 1] = searchEnd[u];
                    start[u] = uStart;
                    end[u + 1] = uEnd;
                    if (d2 < d1) {
                        end[u] = bp;
                        start[u + 1] = bp;
                    } else {
                        end[u] = bp + (d2 - d1) / (2 * ds);
                        start[u + 1] = bp - (d2 - d1) / (2 * ds);
                    }
                    if ((start[u] - SEARCH_BLOCKS) * ds + d1 < 0) {
                        start[u] = SEARCH_BLOCKS + (ds - 1 - d1) / ds;
                    }
                    if ((end[u + 1] - SEARCH_BLOCKS) * ds + d2 > ns - 2 * sb) {
                        end[u + 1] = (ns - 2 * sb - d2) / ds + SEARCH_BLOCKS;
                    }
                }
            }

            private final double[] splitConf = new double[2];

            /** Best break point of utterance {@code u}: {est1, delay1, est2, delay2, break} or null. */
            private int[] splitAlign(int u, int uStart, int speechStart, int speechEnd, int uEnd) {
                int uLen = speechEnd - speechStart;
                int delta = alignNfft / (4 * ds);
                int step = (int) ((0.801 * uLen + 40 * delta - 1) / (40 * delta)) * delta;
                int pad = Math.max(75, uLen / 10);
                int[] bps = new int[41];
                bps[0] = speechStart + pad;
                int n = 0;
                do {
                    n++;
                    bps[n] = bps[n - 1] + step;
                } while (bps[n] <= speechEnd - pad && n < 40);
                int[] best = null;
                double bestC1 = 0;
                double bestC2 = 0;
                double uConf = conf[u];
                int est = delayEst[u];
                for (int b = 0; b < n; b++) {
                    int ed1 = crudeFor(uStart, bps[b], est);
                    int ed2 = crudeFor(bps[b], uEnd, est);
                    double[] f1 = fine(ed1, uStart * ds, bps[b] * ds, true);
                    double[] f2 = fine(ed2, uEnd * ds - alignNfft, bps[b] * ds, false);
                    int d1 = ed1 + (int) f1[0];
                    int d2 = ed2 + (int) f2[0];
                    if (Math.abs(d2 - d1) >= ds && f1[1] + f2[1] > bestC1 + bestC2 && f1[1] > uConf && f2[1] > uConf) {
                        best = new int[] {ed1, d1, ed2, d2, bps[b]};
                        bestC1 = f1[1];
                        bestC2 = f2[1];
                    }
                }
                splitConf[0] = bestC1;
                splitConf[1] = bestC2;
                return best;
            }
        }

        // ---------------------------------------------------------------- perceptual model

        /** The perceptual model over the aligned model signals. */
        private final class Model {
            private final double[] ref;
            private final double[] deg;
            private final int ns;
            private final Alignment al;
            private final DoubleFFT_1D fft = plan(nf);
            private final double[] buf = new double[nf];

            Model(double[] ref, double[] deg, int ns, Alignment al) {
                this.ref = ref;
                this.deg = deg;
                this.ns = ns;
                this.al = al;
            }

            private int delayAt(int sample) {
                int u = al.count - 1;
                while (u >= 0 && al.start[u] * ds > sample) {
                    u--;
                }
                return u >= 0 ? al.delay[u] : al.delay[0];
            }

            double rawScore() {
                int total = ns + pad;
                int skipStart = 0;
                while (skipStart < ns / 2 && sumAbs5(ref, sb + skipStart) < SILENCE_OF_5_SAMPLES) {
                    skipStart++;
                }
                int skipEnd = 0;
                while (skipEnd < ns / 2 && sumAbs5(ref, ns - sb + pad - 5 - skipEnd) < SILENCE_OF_5_SAMPLES) {
                    skipEnd++;
                }
                int startFrame = skipStart / hop;
                int stopFrame = (ns - 2 * sb + pad - skipEnd) / hop - 1;
                if (stopFrame < startFrame || stopFrame < 0) {
                    throw new PesqException("no utterance found in the reference");
                }
                int frames = stopFrame + 1;
                double[][] pr = new double[frames][];
                double[][] pd = new double[frames][];
                boolean[] silent = new boolean[frames];
                for (int f = 0; f < frames; f++) {
                    int sr = sb + f * hop;
                    int sd = sr + delayAt(sr);
                    pr[f] = barkSpectrum(ref, sr);
                    pd[f] = sd > 0 && sd + nf < total ? barkSpectrum(deg, sd) : new double[bands];
                    silent[f] = audible(pr[f], 100) < 1e7;
                }
                int allFrames = (ns - 2 * sb + pad) / hop - 1;
                double[] eq = new double[bands];
                for (int b = 0; b < bands; b++) {
                    double sr = 0;
                    double sd = 0;
                    for (int f = 0; f < frames; f++) {
                        if (!silent[f]) {
                            if (pr[f][b] > 100 * ABS_THRESH_POWER[b]) {
                                sr += pr[f][b];
                            }
                            if (pd[f][b] > 100 * ABS_THRESH_POWER[b]) {
                                sd += pd[f][b];
                            }
                        }
                    }
                    double x = (sd / allFrames + 1000) / (sr / allFrames + 1000);
                    eq[b] = Math.min(100, Math.max(0.01, x));
                }
                for (int f = 0; f < frames; f++) {
                    for (int b = 0; b < bands; b++) {
                        pr[f][b] *= eq[b];
                    }
                }
                double[] dist = new double[frames];
                double[] distAsym = new double[frames];
                double[] totalRef = new double[frames];
                boolean anyBad = false;
                double oldScale = 1;
                double[] out = new double[2];
                for (int f = 0; f < frames; f++) {
                    totalRef[f] = audible(pr[f], 1);
                    oldScale = disturbance(pr[f], pd[f], f > 0, oldScale, out);
                    dist[f] = out[0];
                    distAsym[f] = out[1];
                    anyBad |= dist[f] > BAD_FRAME;
                }
                for (int u = 1; u < al.count; u++) {
                    int f1 = Math.floorDiv((al.start[u] - SEARCH_BLOCKS) * ds + al.delay[u], hop);
                    int j = Math.floorDiv((al.end[u - 1] - SEARCH_BLOCKS) * ds + al.delay[u - 1], hop);
                    int jump = al.delay[u] - al.delay[u - 1];
                    f1 = Math.max(0, Math.min(f1, j));
                    if (jump < -hop) {
                        int f2 = ((al.start[u] - SEARCH_BLOCKS) * ds + Math.abs(jump)) / hop + 1;
                        for (int f = f1; f <= f2; f++) {
                            if (f < stopFrame) {
                                dist[f] = 0;
                                distAsym[f] = 0;
                            }
                        }
                    }
                }
                if (anyBad) {
                    realignBadIntervals(pr, pd, dist, distAsym, stopFrame);
                }
                for (int f = 0; f < frames; f++) {
                    double h = Math.pow((totalRef[f] + 1e5) / 1e7, 0.04);
                    dist[f] = Math.min(45, dist[f] / h);
                    distAsym[f] = Math.min(45, distAsym[f] / h);
                }
                double[] weight = new double[frames];
                Arrays.fill(weight, 1);
                if (frames > 1000) {
                    double n = (ns - 2 * sb) / (double) hop - 1;
                    double tw = Math.min(0.5, (n - 1000) / 5500);
                    for (int f = 0; f < frames; f++) {
                        weight[f] = (1 - tw) + tw * f / frames;
                    }
                }
                double dSym = lpq(dist, weight, startFrame, stopFrame);
                double dAsym = lpq(distAsym, weight, startFrame, stopFrame);
                return 4.5 - 0.1 * dSym - 0.0309 * dAsym;
            }

            /**
             * Gain-compensates {@code g} in place and writes the symmetric and asymmetric disturbances of one frame;
             * returns the (unclamped) smoothed gain.
             */
            private double disturbance(double[] r, double[] g, boolean smooth, double oldScale, double[] out) {
                double totRef = audible(r, 1);
                double totDeg = audible(g, 1);
                double s = (totRef + 5000) / (totDeg + 5000);
                if (smooth) {
                    s = 0.2 * oldScale + 0.8 * s;
                }
                double next = s;
                s = Math.min(5, Math.max(3e-4, s));
                double[] d = new double[bands];
                double[] da = new double[bands];
                for (int b = 0; b < bands; b++) {
                    g[b] *= s;
                    double lr = loudness(r[b], b);
                    double ld = loudness(g[b], b);
                    double diff = ld - lr;
                    double m = 0.25 * Math.min(lr, ld);
                    if (diff > m) {
                        diff -= m;
                    } else if (diff < -m) {
                        diff += m;
                    } else {
                        diff = 0;
                    }
                    d[b] = diff;
                    double a = Math.pow((g[b] + 50) / (r[b] + 50), 1.2);
                    if (a > 12) {
                        a = 12;
                    } else if (a < 3) {
                        a = 0;
                    }
                    da[b] = diff * a;
                }
                out[0] = pseudoLp(d, 2);
                out[1] = pseudoLp(da, 1);
                return next;
            }

            /** Re-aligns runs of bad frames by the magnitude correlation and keeps the lower disturbances. */
            private void realignBadIntervals(double[][] pr, double[][] pd, double[] dist, double[] distAsym,
                    int stopFrame) {
                int frames = stopFrame + 1;
                int nn = ns + pad;
                double[] tweaked = new double[nn];
                for (int i = sb; i < nn - sb; i++) {
                    int j = i + delayAt(i);
                    j = Math.max(sb, Math.min(nn - sb - 1, j));
                    tweaked[i] = deg[j];
                }
                boolean[] bad = new boolean[frames];
                for (int f = 0; f < frames; f++) {
                    bad[f] = dist[f] > BAD_FRAME;
                }
                bad[0] = false;
                boolean[] smeared = new boolean[frames];
                for (int f = 2; f < stopFrame - 2; f++) {
                    boolean left = bad[f - 2] || bad[f - 1] || bad[f];
                    boolean right = bad[f] || bad[f + 1] || bad[f + 2];
                    smeared[f] = left && right;
                }
                int[] starts = new int[frames];
                int[] stops = new int[frames];
                int n = 0;
                int f = 0;
                while (f <= stopFrame) {
                    while (f <= stopFrame && !smeared[f]) {
                        f++;
                    }
                    if (f <= stopFrame) {
                        starts[n] = f;
                        while (f <= stopFrame && smeared[f]) {
                            f++;
                        }
                        if (f <= stopFrame) {
                            stops[n] = f;
                            if (stops[n] - starts[n] >= 5) {
                                n++;
                            }
                        }
                    }
                }
                if (n == 0) {
                    return;
                }
                double[] twice = tweaked.clone();
                int[] startSample = new int[n];
                int[] stopSample = new int[n];
                for (int k = 0; k < n; k++) {
                    startSample[k] = starts[k] * hop + sb;
                    stopSample[k] = startSample[k] + (stops[k] - starts[k]) * hop + nf;
                    int delay = magnitudeDelay(ref, tweaked, startSample[k], stopSample[k], 4 * nf, ns - sb + pad);
                    for (int i = startSample[k]; i < stopSample[k] && i < nn; i++) {
                        int j = Math.max(0, Math.min(ns - 1, i + delay));
                        twice[i] = tweaked[j];
                    }
                }
                double[] out = new double[2];
                for (int k = 0; k < n; k++) {
                    double oldScale = 1;
                    for (f = starts[k]; f < stops[k]; f++) {
                        int s = sb + f * hop;
                        double[] g = barkSpectrum(twice, s);
                        oldScale = disturbance(pr[f], g, f > 0, oldScale, out);
                        dist[f] = Math.min(dist[f], out[0]);
                        distAsym[f] = Math.min(distAsym[f], out[1]);
                    }
                }
            }

            /**
             * Lag in [-range, range) maximising the normalised correlation of the magnitudes of the reference stretch
             * {@code a[from, to)} and the degraded signal around it; 0 when the best correlation is below 0.5.
             */
            private int magnitudeDelay(double[] a, double[] b, int from, int to, int range, int limit) {
                int n = to - from + 2 * range;
                int p = 1;
                while (p < 2 * n) {
                    p <<= 1;
                }
                double[] x1 = new double[p];
                double[] x2 = new double[p];
                double pa = 0;
                double pb = 0;
                for (int i = 0; i < to - from; i++) {
                    double v = from + i < a.length ? a[from + i] : 0;
                    x1[range + i] = Math.abs(v);
                    pa += v * v;
                }
                for (int i = 0; i < n; i++) {
                    int j = Math.max(sb, Math.min(limit - 1, from - range + i));
                    double v = b[j];
                    x2[i] = Math.abs(v);
                    pb += v * v;
                }
                if (pa / p <= 1e-6 || pb / p <= 1e-6) {
                    return 0;
                }
                double norm = Math.sqrt(pa * pb);
                DoubleFFT_1D f = plan(p);
                f.realForward(x1);
                f.realForward(x2);
                x1[0] *= x2[0];
                x1[1] *= x2[1];
                for (int k = 1; k < p / 2; k++) {
                    double ar = x1[2 * k];
                    double ai = x1[2 * k + 1];
                    double br = x2[2 * k];
                    double bi = x2[2 * k + 1];
                    x1[2 * k] = ar * br + ai * bi;
                    x1[2 * k + 1] = ar * bi - ai * br;
                }
                f.realInverse(x1, true);
                double best = 0;
                int lag = 0;
                for (int i = -range; i < range; i++) {
                    double v = Math.abs(x1[Math.floorMod(i, p)]) / norm;
                    if (v > best) {
                        best = v;
                        lag = i;
                    }
                }
                return best < 0.5 ? 0 : lag;
            }

            /** Pitch power densities (49 Bark bands) of the Hann-windowed frame starting at {@code start}. */
            private double[] barkSpectrum(double[] x, int start) {
                for (int i = 0; i < nf; i++) {
                    int k = start + i;
                    buf[i] = k >= 0 && k < x.length ? window[i] * x[k] : 0;
                }
                fft.realForward(buf);
                double[] out = new double[bands];
                int bin = 0;
                for (int b = 0; b < bands; b++) {
                    double s = 0;
                    for (int j = 0; j < binsPerBand[b]; j++, bin++) {
                        if (bin > 0) { // the DC bin carries no pitch power
                            s += buf[2 * bin] * buf[2 * bin] + buf[2 * bin + 1] * buf[2 * bin + 1];
                        }
                    }
                    out[b] = s * powDens[b] * sp;
                }
                return out;
            }
        }

        /** Sum of the band powers above {@code factor} times the hearing threshold (bands 1..48). */
        private double audible(double[] p, double factor) {
            double s = 0;
            for (int b = 1; b < bands; b++) {
                if (p[b] > factor * ABS_THRESH_POWER[b]) {
                    s += p[b];
                }
            }
            return s;
        }

        /** Band-width weighted Lp norm over bands 1..48, scaled by the total width. */
        private double pseudoLp(double[] x, double p) {
            double s = 0;
            for (int b = 1; b < bands; b++) {
                double v = Math.abs(x[b]) * WIDTH_BARK[b];
                s += p == 1 ? v : Math.pow(v, p);
            }
            return Math.pow(s / totalWidth, 1 / p) * totalWidth;
        }
    }

    private static double sumAbs5(double[] x, int start) {
        double s = 0;
        for (int i = 0; i < 5; i++) {
            int k = start + i;
            if (k >= 0 && k < x.length) {
                s += Math.abs(x[k]);
            }
        }
        return s;
    }

    /** Zwicker loudness density (sone/Bark) of a band's pitch power density. */
    private static double loudness(double p, int b) {
        double t = ABS_THRESH_POWER[b];
        if (p <= t) {
            return 0;
        }
        double e = ZWICKER_EXP[b];
        return SL * Math.pow(t / 0.5, e) * (Math.pow(0.5 + 0.5 * p / t, e) - 1);
    }

    /** L6 over 20-frame windows (hop 10) then weighted L2 over the windows, frames {@code start..stop}. */
    private static double lpq(double[] x, double[] weight, int start, int stop) {
        double outer = 0;
        double totalWeight = 0;
        for (int s = start; s <= stop; s += 10) {
            double inner = 0;
            for (int f = s; f < s + 20; f++) {
                if (f <= stop) {
                    double v = x[f];
                    double v2 = v * v;
                    inner += v2 * v2 * v2;
                }
            }
            inner = Math.pow(inner / 20, 1.0 / 6);
            double w = weight[s - start];
            outer += w * w * inner * inner;
            totalWeight += w * w;
        }
        return Math.sqrt(outer / totalWeight);
    }
}
