package dev.sonicsaviors.metrics;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The constants of P.862 and P.862.2 (Bark bands, hearing threshold, level and IRS responses, alignment filters) and the
 * parameters of the model at one rate ({@link #AT_16K}, {@link #AT_8K}): frame (32 ms), hop, 4 ms envelope blocks,
 * search buffer, padding, bands and their bins, windows. Immutable; shared by threads and by every stage.
 */
final class PesqParams {
    static final int SEARCH_BLOCKS = 75; // search buffer on each side, in 4 ms blocks
    static final int MIN_SPEECH_BLOCKS = 4;
    static final int JOIN_SPEECH_BLOCKS = 50;
    static final int MIN_UTTERANCE_BLOCKS = 50;
    static final int MAX_UTTERANCES = 50;
    static final double TARGET_POWER = 1e7;
    static final double SILENCE_OF_5_SAMPLES = 500;
    static final double BAD_FRAME = 30;
    static final double SL = 1.866055e-1;
    static final double ZWICKER_POWER = 0.23;

    /** FFT bins per Bark band at 16 kHz (31.25 Hz bins, from bin 0). */
    static final int[] BINS_16K = {
        1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4,
        3, 4, 5, 4, 5, 6, 6, 7, 8, 9, 9, 12, 12, 15, 16, 18, 21, 25, 20};
    /** Band centres (Bark). */
    static final double[] CENTRE_BARK = {
        0.078672, 0.316341, 0.636559, 0.961246, 1.290450, 1.624217, 1.962597, 2.305636, 2.653383, 3.005889,
        3.363201, 3.725371, 4.092449, 4.464486, 4.841533, 5.223642, 5.610866, 6.003256, 6.400869, 6.803755,
        7.211971, 7.625571, 8.044611, 8.469146, 8.899232, 9.334927, 9.776288, 10.223374, 10.676242, 11.134952,
        11.599563, 12.070135, 12.546731, 13.029408, 13.518232, 14.013264, 14.514566, 15.022202, 15.536238,
        16.056736, 16.583761, 17.117382, 17.657663, 18.204674, 18.758478, 19.319147, 19.886751, 20.461355,
        21.043034};
    /** Band widths (Bark). */
    static final double[] WIDTH_BARK = {
        0.157344, 0.317994, 0.322441, 0.326934, 0.331474, 0.336061, 0.340697, 0.345381, 0.350114, 0.354897,
        0.359729, 0.364611, 0.369544, 0.374529, 0.379565, 0.384653, 0.389794, 0.394989, 0.400236, 0.405538,
        0.410894, 0.416306, 0.421773, 0.427297, 0.432877, 0.438514, 0.444209, 0.449962, 0.455774, 0.461645,
        0.467577, 0.473569, 0.479621, 0.485736, 0.491912, 0.498151, 0.504454, 0.510819, 0.517250, 0.523745,
        0.530308, 0.536934, 0.543629, 0.550390, 0.557220, 0.564119, 0.571085, 0.578125, 0.585232};
    /** Power density correction per band at 16 kHz (Bark width over the summed bins' width, times 100). */
    static final double[] POW_DENS_16K = {
        100.000000, 99.999992, 100.000000, 100.000008, 100.000008, 100.000015, 99.999992, 99.999969, 50.000027,
        100.000000, 99.999969, 100.000015, 99.999947, 100.000061, 53.047077, 110.000046, 117.991989, 65.000000,
        68.760147, 69.999931, 71.428818, 75.000038, 76.843384, 80.968781, 88.646126, 63.864388, 68.155350,
        72.547775, 75.584831, 58.379192, 80.950836, 64.135651, 54.384785, 73.821884, 64.437073, 59.176456,
        65.521278, 61.399822, 58.144047, 57.004543, 64.126297, 54.311001, 61.114979, 55.077751, 56.849335,
        55.628868, 53.137054, 54.985844, 79.546974};
    /** Absolute hearing threshold per band (pitch power density units). */
    static final double[] ABS_THRESH_POWER = {
        51286152.0, 2454709.5, 70794.59375, 4897.788574, 1174.897705, 389.045166, 104.71286, 45.70882, 17.782795,
        9.772372, 4.897789, 3.090296, 1.905461, 1.258925, 0.977237, 0.724436, 0.562341, 0.457088, 0.389045,
        0.331131, 0.295121, 0.269153, 0.25704, 0.251189, 0.251189, 0.251189, 0.251189, 0.263027, 0.288403,
        0.30903, 0.338844, 0.371535, 0.398107, 0.436516, 0.467735, 0.489779, 0.501187, 0.501187, 0.512861,
        0.524807, 0.524807, 0.524807, 0.512861, 0.47863, 0.42658, 0.371535, 0.363078, 0.416869, 0.537032};
    /** Level-alignment band (Hz, dB): 350-3250 Hz pass band. */
    static final double[][] ALIGN_CURVE = {
        {0, -500}, {50, -500}, {100, -500}, {125, -500}, {160, -500}, {200, -500}, {250, -500}, {300, -500},
        {350, 0}, {400, 0}, {500, 0}, {600, 0}, {630, 0}, {800, 0}, {1000, 0}, {1250, 0}, {1600, 0}, {2000, 0},
        {2500, 0}, {3000, 0}, {3250, 0}, {3500, -500}, {4000, -500}, {5000, -500}, {6300, -500}, {8000, -500}};
    /** IRS receive response points (Hz, dB) of P.830/P.862, linearly interpolated in dB. */
    static final double[][] IRS_CURVE = {
        {0, -200}, {50, -40}, {100, -20}, {125, -12}, {160, -6}, {200, 0}, {250, 4}, {300, 6}, {350, 8},
        {400, 10}, {500, 11}, {600, 12}, {700, 12}, {800, 12}, {1000, 12}, {1300, 12}, {1600, 12}, {2000, 12},
        {2500, 12}, {3000, 12}, {3250, 12}, {3500, 4}, {4000, -200}, {5000, -200}, {6300, -200}, {8000, -200}};
    /** P.862.2 wide-band input high-pass (biquad b0, b1, b2, a1, a2). */
    static final double[] WB_HIGH_PASS = {2.740826, -5.4816519, 2.740826, -1.9444777, 0.94597794};
    /** Input filter of the time alignment at 16 kHz (P.862 standard IRS-like response, biquad sections). */
    static final double[][] ALIGN_IIR_16K = {
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
    static final double[][] ALIGN_IIR_8K = {
        {0.885535424, -0.885535424, 0.000000000, -0.771070709, 0.000000000},
        {0.895092588, 1.292907193, 0.449260174, 1.268869037, 0.442025372},
        {4.049527940, -7.865190042, 3.815662102, -1.746859852, 0.786305963},
        {0.500002353, -0.500002353, 0.000000000, 0.000000000, 0.000000000},
        {0.565002834, -0.241585934, -0.306009671, 0.259688659, 0.249979657},
        {2.115237288, 0.919935084, 1.141240051, -1.587313419, 0.665935315},
        {0.912224584, -0.224397719, -0.641121413, -0.246029464, -0.556720590},
        {0.444617727, -0.307589321, 0.141638062, -0.996391149, 0.502251622}};
    /** Bark bands of the 8 kHz model (the first 42 of the 16 kHz scale; the last one ends at 4 kHz). */
    static final int BANDS_8K = 42;
    /** FFT bins of the last 8 kHz band (bins 118 to 128 of 256). */
    static final int LAST_BINS_8K = 11;
    /** Power density correction of the last 8 kHz band. */
    static final double LAST_POW_DENS_8K = 59.248363;
    /** Pitch power density scale at 16 kHz. */
    static final double SP_16K = 6.910853e-6;
    /** Pitch power density scale at 8 kHz. */
    static final double SP_8K = 2.764344e-5;

    static final double[] ZWICKER_EXP = new double[CENTRE_BARK.length];

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
    static final ThreadLocal<java.util.HashMap<Integer, DoubleFFT_1D>> PLANS =
            ThreadLocal.withInitial(java.util.HashMap::new);

    static DoubleFFT_1D plan(int n) {
        return PLANS.get().computeIfAbsent(n, DoubleFFT_1D::new);
    }

    /**
     * Writes {@code conj(a) * b} of two packed real-FFT spectra of even length {@code n} (JTransforms' {@code realForward}
     * layout: [0] DC, [1] Nyquist, then re/im pairs) to {@code out}, which may be {@code a}; its inverse transform is the
     * cross-correlation {@code sum_j a[j] b[j + lag]}.
     */
    static void conjugateProduct(double[] a, double[] b, double[] out, int n) {
        out[0] = a[0] * b[0];
        out[1] = a[1] * b[1];
        for (int k = 1; k < n / 2; k++) {
            double ar = a[2 * k];
            double ai = a[2 * k + 1];
            double br = b[2 * k];
            double bi = b[2 * k + 1];
            out[2 * k] = ar * br + ai * bi;
            out[2 * k + 1] = ar * bi - ai * br;
        }
    }

    /** The 16 kHz model's parameters (narrow and wide band). */
    static final PesqParams AT_16K = new PesqParams(Pesq.SAMPLE_RATE);
    /** The native 8 kHz narrow-band model's parameters. */
    static final PesqParams AT_8K = new PesqParams(Pesq.NB_SAMPLE_RATE);

    final int fs;
    final int nf; // model frame (32 ms)
    final int hop;
    final int ds; // 4 ms envelope blocks
    final int sb; // search buffer (samples) on each side
    final int pad; // 320 ms
    final int alignNfft; // 64 ms alignment frames
    final int bands;
    final double sp;
    final int[] binsPerBand;
    final double[] powDens;
    final double[][] alignIir;
    final double[] window;
    final double[] alignWindow;
    final double totalWidth;

    PesqParams(int fs) {
        this.fs = fs;
        boolean wide = fs == Pesq.SAMPLE_RATE;
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
}
