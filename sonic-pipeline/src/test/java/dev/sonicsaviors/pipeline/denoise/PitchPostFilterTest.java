package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pitch comb of {@link PitchPostFilter} against its transfer function on a voiced signal, its gating and its settings. */
class PitchPostFilterTest {

    private static final int RATE = 22050;
    private static final int N_FFT = 512;
    /** A 150 Hz voice: 147 samples per period. */
    private static final double F0 = RATE / 147.0;

    /** Six harmonics of {@link #F0} (amplitudes 0.2 / h) plus tones of amplitudes {@code a[i]} at {@code hz[i]}. */
    private static float[] voiceWith(int n, double[] a, double... hz) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double v = 0;
            for (int h = 1; h <= 6; h++) {
                v += 0.2 / h * Math.cos(2 * Math.PI * h * F0 * i / RATE + 0.7 * h);
            }
            for (int j = 0; j < hz.length; j++) {
                v += a[j] * Math.sin(2 * Math.PI * hz[j] * i / RATE);
            }
            x[i] = (float) v;
        }
        return x;
    }

    /** Amplitude of the component at {@code hz} over the middle half of {@code x} (projection on cosine and sine). */
    private static double amplitude(float[] x, double hz) {
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        double c = 0;
        double s = 0;
        for (int i = from; i < to; i++) {
            c += x[i] * Math.cos(2 * Math.PI * hz * i / RATE);
            s += x[i] * Math.sin(2 * Math.PI * hz * i / RATE);
        }
        return 2 * Math.hypot(c, s) / (to - from);
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        Arrays.fill(w, 1f);
        return w;
    }

    private static double db(double a, double b) {
        return 20 * Math.log10(a / b);
    }

    /**
     * The comb {@code (y[n - T] + 2 y[n] + y[n + T]) / 4} has the response {@code (1 + cos(2 pi f T)) / 2}: 1 at the harmonics,
     * 0 half way between them (1.5 and 6.5 x F0), 1/2 a quarter of the way (1.25 x F0); the change is that response minus 1,
     * times the frame's voicing weight (the correlation at the period is about 0.92 here, so about 0.84). The 1.25 x F0 tone,
     * stronger than the other two together, also keeps the tracker at the period rather than at twice it (which tones half
     * way between harmonics favour: they repeat after two periods).
     */
    @Test
    void cancelsWhatLiesHalfWayBetweenHarmonicsAndKeepsTheHarmonics() {
        float[] x = voiceWith(RATE, new double[] {0.06, 0.02, 0.02}, 1.25 * F0, 1.5 * F0, 6.5 * F0);
        float[] y = x.clone();
        PitchPostFilter p = new PitchPostFilter(PitchPostFilter.Settings.defaults(), RATE, N_FFT);
        p.apply(y, ones(x.length / (N_FFT / 2) + 1));
        assertThat(db(amplitude(y, 1.5 * F0), amplitude(x, 1.5 * F0))).as("225 Hz").isLessThan(-12);
        assertThat(db(amplitude(y, 6.5 * F0), amplitude(x, 6.5 * F0))).as("975 Hz").isLessThan(-12);
        assertThat(db(amplitude(y, 1.25 * F0), amplitude(x, 1.25 * F0))).as("187.5 Hz").isBetween(-6.0, -3.5);
        for (int h = 1; h <= 6; h++) {
            assertThat(db(amplitude(y, h * F0), amplitude(x, h * F0))).as("harmonic %d", h).isCloseTo(0, within(0.5));
        }
    }

    @Test
    void leavesTheBandAboveItsEdgeAlone() {
        double hz = 20.5 * F0; // 3,075 Hz: between harmonics, above the 2 kHz edge
        float[] x = voiceWith(RATE, new double[] {0.04, 0.03}, 1.25 * F0, hz);
        float[] y = x.clone();
        new PitchPostFilter(PitchPostFilter.Settings.defaults(), RATE, N_FFT).apply(y, ones(x.length / (N_FFT / 2) + 1));
        assertThat(db(amplitude(y, hz), amplitude(x, hz))).isCloseTo(0, within(0.05));
    }

    @Test
    void framesTheMaskLeftAloneAndAZeroStrengthAreUnchanged() {
        float[] x = voiceWith(RATE, new double[] {0.03}, 1.5 * F0);
        int frames = x.length / (N_FFT / 2) + 1;
        float[] y = x.clone();
        new PitchPostFilter(PitchPostFilter.Settings.defaults(), RATE, N_FFT).apply(y, new float[frames]);
        assertThat(y).containsExactly(x);
        PitchPostFilter.Settings off = new PitchPostFilter.Settings(0, 1000, 2000, 0.5, 0.5);
        new PitchPostFilter(off, RATE, N_FFT).apply(y, ones(frames));
        assertThat(y).containsExactly(x);
    }

    @Test
    void weighsEachFrameByTheShareOfItsLowBandTheMaskRemoved() {
        PitchPostFilter p = new PitchPostFilter(PitchPostFilter.Settings.defaults(), RATE, N_FFT);
        float[] w = p.noiseWeights(new double[] {1, 1, 1, 0, 2}, new double[] {1, 0.75, 0.2, 0, 3});
        assertThat(w[0]).isEqualTo(0f);
        assertThat(w[1]).isCloseTo(0.5f, within(1e-6f));
        assertThat(w[2]).isEqualTo(1f);
        assertThat(w[3]).isEqualTo(0f);
        assertThat(w[4]).isEqualTo(0f);
        // Energies below the 2 kHz edge only (bins 0..46 at 43 Hz): a bin above it does not count.
        float[][] re = new float[257][2];
        float[][] im = new float[257][2];
        re[10][0] = 3;
        im[10][0] = 4;
        re[200][1] = 5;
        double[] e = p.lowBandEnergies(new ComplexSpectrogram(re, im));
        assertThat(e).containsExactly(25, 0);
    }

    @Test
    void readsItsSettingsFromModelMetadata() {
        assertThat(PitchPostFilter.Settings.fromMetadata(Map.of("card", "x"))).isNull();
        assertThat(PitchPostFilter.Settings.fromMetadata(null)).isNull();
        PitchPostFilter.Settings d = PitchPostFilter.Settings.defaults();
        assertThat(PitchPostFilter.Settings.fromMetadata(Map.of("postFilter", d.toMetadata()))).isEqualTo(d);
        Map<String, Object> partial = new HashMap<>();
        partial.put("strength", 0.5);
        assertThat(PitchPostFilter.Settings.fromMetadata(Map.of("postFilter", partial)))
                .isEqualTo(new PitchPostFilter.Settings(0.5, d.fullHz(), d.zeroHz(), d.voicing(), d.removedForFull()));
        assertThatThrownBy(() -> PitchPostFilter.Settings.fromMetadata(Map.of("postFilter", Map.of("strength", "high"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postFilter.strength");
        assertThatThrownBy(() -> new PitchPostFilter.Settings(1.5, 1000, 2000, 0.5, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PitchPostFilter.Settings(1, 2000, 2000, 0.5, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PitchPostFilter.Settings(1, 1000, 2000, 1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PitchPostFilter.Settings(1, 1000, 2000, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
