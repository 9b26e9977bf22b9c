package dev.sonicsaviors.dsp;

/**
 * Hybrid features of one clip as in the training data: rows {@code 0..nMels-1} are the Slaney mel power spectrogram (power 2), rows
 * {@code nMels..nMels+nMfcc-1} are the MFCCs (librosa {@code feature.mfcc} defaults), {@code [row][frame]}.
 *
 * <p>With the project's 2048-sample FFT (and an even hop) the power spectra come from a vectorisation-friendly six-step FFT
 * ({@code HannPowerSpectrum2048}); other sizes use {@link Stft}. An instance keeps scratch buffers (the de-interleaved padded
 * signal, one frame's spectrum and bands, the dB and DCT work arrays) so repeated calls allocate nothing but their results: it is
 * <b>not thread-safe</b>; use one instance per thread (the pipeline keeps one per worker in a {@link ThreadLocal}).
 */
public final class HybridFeatures {

    private static final double AMIN = 1e-10;
    private static final double TOP_DB = 80.0;

    private final FeatureConfig config;
    private final Stft stft;
    private final MelFilterBank filterBank;
    private final Mfcc mfcc;
    /** Power spectra for {@code nFft == 2048} and an even hop, else {@code null} (then {@link #stft} frames). */
    private final HannPowerSpectrum2048 fast;
    private final double[] frame;
    private final double[] power;
    private final double[] bands;
    private double[] acc;
    private double[][] dbScratch;
    private double[][] dctSum;
    private double[][] dctDiff;
    /** The centred (zero-padded) signal at even and odd positions, grown on demand. */
    private double[] evenSamples = new double[0];
    private double[] oddSamples = new double[0];

    /** Creates an extractor for {@code config} (precomputes the window, FFT tables, mel bank and DCT matrix). */
    public HybridFeatures(FeatureConfig config) {
        this.config = config;
        this.stft = new Stft(config.nFft(), config.hopLength());
        this.filterBank = MelFilterBank.slaney(config.sampleRate(), config.nFft(), config.nMels());
        this.mfcc = new Mfcc(config.nMels(), config.nMfcc());
        this.fast = config.nFft() == HannPowerSpectrum2048.N && config.hopLength() % 2 == 0 ? new HannPowerSpectrum2048() : null;
        this.frame = new double[config.nFft()];
        this.power = new double[config.bins()];
        this.bands = new double[config.nMels()];
        allocateDbScratch(config.frames());
    }

    private void allocateDbScratch(int frames) {
        int nm = config.nMels();
        this.acc = new double[frames];
        this.dbScratch = new double[nm][frames];
        this.dctSum = new double[nm / 2][frames];
        this.dctDiff = new double[nm / 2][frames];
    }

    /** Returns the configuration. */
    public FeatureConfig config() {
        return config;
    }

    /** Returns the mel filter bank in use. */
    public MelFilterBank filterBank() {
        return filterBank;
    }

    /** Returns the mel power spectrogram {@code [band][frame]} of {@code signal} (any length; {@code 1 + length / hop} frames). */
    public float[][] melPower(float[] signal) {
        float[][] out = new float[config.nMels()][stft.frames(signal.length)];
        melPowerInto(signal, out);
        return out;
    }

    private void melPowerInto(float[] signal, float[][] out) {
        int nf = stft.frames(signal.length);
        int nm = config.nMels();
        int halfHop = config.hopLength() / 2;
        if (fast != null) {
            deinterleave(signal, ((nf - 1) * config.hopLength() + config.nFft()) / 2);
        }
        for (int t = 0; t < nf; t++) {
            if (fast != null) {
                fast.power(evenSamples, oddSamples, t * halfHop, power);
            } else {
                stft.framePower(signal, t, frame, power);
            }
            filterBank.applyFrame(power, bands);
            for (int b = 0; b < nm; b++) {
                out[b][t] = (float) bands[b];
            }
        }
    }

    /**
     * Writes the centred signal (nFft / 2 zeros, {@code signal}, zeros) at even positions to {@code evenSamples[0..half)} and at odd
     * positions to {@code oddSamples[0..half)}; nFft / 2 is even, so signal sample {@code 2j} lands in even slot {@code j + nFft / 4}.
     */
    private void deinterleave(float[] signal, int half) {
        if (evenSamples.length < half) {
            evenSamples = new double[half];
            oddSamples = new double[half];
        }
        double[] ev = evenSamples;
        double[] od = oddSamples;
        int pad = Math.min(config.nFft() / 4, half);
        java.util.Arrays.fill(ev, 0, pad, 0.0);
        java.util.Arrays.fill(od, 0, pad, 0.0);
        int pairs = Math.min(signal.length / 2, half - pad);
        for (int j = 0; j < pairs; j++) {
            ev[pad + j] = signal[2 * j];
            od[pad + j] = signal[2 * j + 1];
        }
        int next = pad + pairs;
        if (next < half && 2 * pairs < signal.length) {
            ev[next] = signal[2 * pairs];
            od[next] = 0.0;
            next++;
        }
        java.util.Arrays.fill(ev, next, half, 0.0);
        java.util.Arrays.fill(od, next, half, 0.0);
    }

    /** Returns the MFCCs {@code [coef][frame]} of a mel power spectrogram {@code [band][frame]}: power_to_db(ref 1, amin 1e-10, top_db 80 dB), then DCT-II ortho. */
    public float[][] mfccFromMelPower(float[][] melPower) {
        int nf = melPower.length == 0 ? 0 : melPower[0].length;
        float[][] out = new float[config.nMfcc()][nf];
        mfccInto(melPower, nMelsRows(melPower), out, 0);
        return out;
    }

    private int nMelsRows(float[][] melPower) {
        if (melPower.length != config.nMels()) {
            throw new IllegalArgumentException("mel spectrogram has " + melPower.length + " bands, expected " + config.nMels());
        }
        return melPower.length;
    }

    private void mfccInto(float[][] melPower, int nm, float[][] out, int rowOffset) {
        int nf = melPower[0].length;
        if (acc.length < nf) {
            allocateDbScratch(nf);
        }
        double[][] db = dbScratch;
        float aminF = (float) AMIN;
        float max = Float.NEGATIVE_INFINITY;
        for (int b = 0; b < nm; b++) {
            float[] in = melPower[b];
            double[] o = db[b];
            for (int t = 0; t < nf; t++) {
                float v = PowerToDb.dbOf(in[t], aminF);
                o[t] = v;
                if (v > max) {
                    max = v;
                }
            }
        }
        double floor = max - (float) TOP_DB;
        for (int b = 0; b < nm; b++) {
            double[] o = db[b];
            for (int t = 0; t < nf; t++) {
                o[t] = Math.max(o[t], floor);
            }
        }
        mfcc.fromDbInto(db, nf, dctSum, dctDiff, acc, out, rowOffset);
    }

    /**
     * Returns the hybrid features {@code [row][frame]} ({@code nMels + nMfcc} rows, {@code frames()} frames) of a clip of exactly
     * {@code clipSamples} samples.
     *
     * @throws IllegalArgumentException if the clip has another length
     */
    public float[][] compute(float[] clip) {
        if (clip.length != config.clipSamples()) {
            throw new IllegalArgumentException("clip has " + clip.length + " samples, expected " + config.clipSamples());
        }
        int nm = config.nMels();
        float[][] out = new float[config.hybridRows()][config.frames()];
        float[][] mel = java.util.Arrays.copyOf(out, nm);
        melPowerInto(clip, mel);
        mfccInto(mel, nm, out, nm);
        return out;
    }
}
