package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.PitchTracker;
import dev.sonicsaviors.dsp.RealFft;
import dev.sonicsaviors.dsp.Window;
import java.util.Map;

/**
 * A pitch comb post-filter for masked speech (after the pitch filter of RNNoise, Valin 2018, and the comb filters of Lim and
 * Oppenheim 1979): a mask gain per 43 Hz bin cannot remove the noise between the harmonics of a low voice, which lie two to
 * four bins apart, so in voiced frames the masked signal {@code y} is replaced, below {@link Settings#zeroHz}, by the
 * average {@code (y[n - T] + 2 y[n] + y[n + T]) / 4} over its pitch period {@code T} (which passes the harmonics and cancels
 * what lies half way between them).
 *
 * <p>Each frame of the STFT's framing (periodic Hann, 50 % overlap) gets the change {@code w (p - y)}, windowed, weighted per
 * bin (1 up to {@link Settings#fullHz}, falling linearly to 0 at {@link Settings#zeroHz}) and overlap-added, with
 * {@code w = strength x voicing x noise}: {@code voicing = clamp((r - v0) / (1 - v0), 0, 1)} for the frame's normalised
 * autocorrelation {@code r} at the period ({@link PitchTracker}, periods of 2.3-18 ms, 55-441 Hz) and the threshold
 * {@code v0 = }{@link Settings#voicing}, and {@code noise = min(1, removed / }{@link Settings#removedForFull}{@code )}
 * for the share of the frame's energy below {@code zeroHz} that the mask removed: a frame the mask left alone (clean
 * speech) is left alone here too.
 *
 * <p>Instances hold scratch buffers and are <b>not thread-safe</b>; {@link ChunkedEnhancer} makes one per segment.
 */
public final class PitchPostFilter {

    /** Shortest period tracked, in seconds (441 Hz). */
    public static final double MIN_PERIOD_SECONDS = 1.0 / 441;
    /** Longest period tracked, in seconds (55 Hz). */
    public static final double MAX_PERIOD_SECONDS = 1.0 / 55;
    /** Window over which the periodicity is measured, in seconds (46 ms at 22,050 Hz: 1,024 samples). */
    public static final double WINDOW_SECONDS = 1024.0 / 22050;
    /** Key of the settings in a model's {@code model.json} metadata. */
    public static final String METADATA_KEY = "postFilter";

    /**
     * Settings of the post-filter.
     *
     * @param strength scale of the change, in [0, 1] (0: off)
     * @param fullHz frequency up to which the comb acts fully, in Hz
     * @param zeroHz frequency from which it does not act, in Hz ({@code > fullHz})
     * @param voicing normalised autocorrelation below which a frame counts as unvoiced, in [0, 1)
     * @param removedForFull share of a frame's energy below {@code zeroHz} removed by the mask at which the comb acts fully, in (0, 1]
     */
    public record Settings(double strength, double fullHz, double zeroHz, double voicing, double removedForFull) {
        /** Validates the ranges. */
        public Settings {
            if (!(strength >= 0 && strength <= 1) || !(fullHz >= 0 && zeroHz > fullHz) || Double.isInfinite(zeroHz)
                    || !(voicing >= 0 && voicing < 1) || !(removedForFull > 0 && removedForFull <= 1)) {
                throw new IllegalArgumentException("post-filter needs strength in [0, 1], 0 <= fullHz < zeroHz, voicing in [0, 1)"
                        + " and removedForFull in (0, 1]");
            }
        }

        /** Returns the settings chosen on the held-out set: full strength, 1-2 kHz taper, voicing 0.5, full at half removed. */
        public static Settings defaults() {
            return new Settings(1.0, 1000, 2000, 0.5, 0.5);
        }

        /**
         * Returns the settings of a model's metadata entry {@value #METADATA_KEY} ({@code strength}, {@code fullHz},
         * {@code zeroHz}, {@code voicing}, {@code removedForFull}; missing keys take {@link #defaults()}'s values), or null
         * when the metadata has no such entry.
         */
        public static Settings fromMetadata(Map<String, Object> metadata) {
            Object o = metadata == null ? null : metadata.get(METADATA_KEY);
            if (!(o instanceof Map<?, ?> m)) {
                return null;
            }
            Settings d = defaults();
            return new Settings(number(m, "strength", d.strength), number(m, "fullHz", d.fullHz), number(m, "zeroHz", d.zeroHz),
                    number(m, "voicing", d.voicing), number(m, "removedForFull", d.removedForFull));
        }

        /** Returns this as a metadata entry (the keys of {@link #fromMetadata}). */
        public Map<String, Object> toMetadata() {
            return Map.of("kind", "pitch-comb", "strength", strength, "fullHz", fullHz, "zeroHz", zeroHz, "voicing", voicing,
                    "removedForFull", removedForFull);
        }

        private static double number(Map<?, ?> m, String key, double fallback) {
            Object v = m.get(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException(METADATA_KEY + "." + key + " is not a number: " + v);
            }
            return n.doubleValue();
        }
    }

    private final Settings settings;
    private final int nFft;
    private final int hop;
    private final double[] window;
    private final double[] binWeight;
    private final int zeroBin;
    private final PitchTracker tracker;
    private final RealFft fft;
    private final double[] frame;

    /** Creates the filter for STFT frames of {@code nFft} samples (even, hop {@code nFft / 2}) at {@code rate} Hz. */
    public PitchPostFilter(Settings settings, int rate, int nFft) {
        if (nFft < 4 || Integer.bitCount(nFft) != 1 || rate < 1000) {
            throw new IllegalArgumentException("need a power-of-two nFft >= 4 and a rate >= 1000 Hz");
        }
        this.settings = settings;
        this.nFft = nFft;
        this.hop = nFft / 2;
        this.window = Window.hannPeriodic(nFft);
        int bins = nFft / 2 + 1;
        this.binWeight = new double[bins];
        int zb = 0;
        for (int k = 0; k < bins; k++) {
            double f = (double) k * rate / nFft;
            binWeight[k] = f <= settings.fullHz() ? 1 : Math.max(0, (settings.zeroHz() - f) / (settings.zeroHz() - settings.fullHz()));
            if (binWeight[k] > 0) {
                zb = k + 1;
            }
        }
        this.zeroBin = zb;
        int w = 2 * (int) Math.round(WINDOW_SECONDS * rate / 2);
        this.tracker = new PitchTracker(Math.max(2, w), Math.max(1, (int) Math.round(MIN_PERIOD_SECONDS * rate)),
                Math.max(1, (int) Math.round(MAX_PERIOD_SECONDS * rate)));
        this.fft = new RealFft(nFft);
        this.frame = new double[nFft];
    }

    /** Returns the settings. */
    public Settings settings() {
        return settings;
    }

    /**
     * Returns each frame's energy below {@code zeroHz} (the bins the comb acts on) of {@code s} ({@code [bin][frame]}, this
     * filter's framing), in squared sample units.
     */
    public double[] lowBandEnergies(ComplexSpectrogram s) {
        int nf = s.frames();
        int top = Math.min(zeroBin, s.bins());
        double[] e = new double[nf];
        for (int k = 0; k < top; k++) {
            float[] re = s.re()[k];
            float[] im = s.im()[k];
            for (int t = 0; t < nf; t++) {
                e[t] += re[t] * re[t] + im[t] * im[t];
            }
        }
        return e;
    }

    /**
     * Returns each frame's noise weight in [0, 1]: the share of its energy below {@code zeroHz} that masking removed
     * ({@code before} and {@code after} from {@link #lowBandEnergies}) over {@code removedForFull}, capped at 1.
     */
    public float[] noiseWeights(double[] before, double[] after) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("energies differ in length");
        }
        float[] w = new float[before.length];
        for (int t = 0; t < w.length; t++) {
            double removed = before[t] > 1e-20 ? Math.max(0, 1 - after[t] / before[t]) : 0;
            w[t] = (float) Math.min(1, removed / settings.removedForFull());
        }
        return w;
    }

    /**
     * Filters {@code y} (this filter's rate) in place, frame {@code t} (centred at {@code t * nFft / 2}) weighted by
     * {@code noiseWeights[t]} (in [0, 1], from {@link #noiseWeights}, possibly scaled down); frames beyond the array get no
     * change.
     */
    public void apply(float[] y, float[] noiseWeights) {
        int frames = noiseWeights.length;
        double strength = settings.strength();
        if (strength == 0 || frames == 0) {
            return;
        }
        boolean[] wanted = new boolean[frames];
        boolean any = false;
        for (int t = 0; t < frames; t++) {
            wanted[t] = noiseWeights[t] > 0;
            any |= wanted[t];
        }
        if (!any) {
            return;
        }
        PitchTracker.Track track = tracker.track(y, hop, wanted);
        int[] lags = track.lags();
        float[] corr = track.correlations();
        float[] change = new float[y.length];
        double v0 = settings.voicing();
        for (int t = 0; t < frames; t++) {
            double voiced = Math.max(0, Math.min(1, (corr[t] - v0) / (1 - v0)));
            double w = strength * voiced * noiseWeights[t];
            if (w <= 0) {
                continue;
            }
            int lag = lags[t];
            int start = t * hop - nFft / 2;
            for (int n = 0; n < nFft; n++) {
                int i = start + n;
                double d = 0.25 * (at(y, i - lag) + at(y, i + lag)) - 0.5 * at(y, i);
                frame[n] = window[n] * d;
            }
            fft.forward(frame);
            frame[0] *= w * binWeight[0];
            frame[1] *= w * binWeight[nFft / 2];
            for (int k = 1; k < nFft / 2; k++) {
                double g = w * binWeight[k];
                frame[2 * k] *= g;
                frame[2 * k + 1] *= g;
            }
            fft.inverse(frame);
            for (int n = 0; n < nFft; n++) {
                int i = start + n;
                if (i >= 0 && i < change.length) {
                    change[i] += (float) frame[n];
                }
            }
        }
        for (int i = 0; i < y.length; i++) {
            y[i] += change[i];
        }
    }

    private static double at(float[] y, int i) {
        return i >= 0 && i < y.length ? y[i] : 0;
    }
}
