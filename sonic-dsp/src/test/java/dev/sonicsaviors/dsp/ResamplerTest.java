package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResamplerTest {
    private static final int[] RATES = {8000, 11025, 16000, 22050, 22051, 24000, 32000, 44100, 48000, 96000};

    /** A sine of {@code amp * sin(2 pi f t + phase)} sampled at {@code rate} Hz for {@code n} samples. */
    static float[] tone(double f, double amp, double phase, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * f * i / rate + phase));
        }
        return x;
    }

    /** Least-squares fit of a sin + b cos at {@code f} Hz over {@code y[from..to)}; returns {amplitude, phase}. */
    static double[] fit(float[] y, int from, int to, double f, int rate) {
        double ss = 0;
        double cc = 0;
        double sc = 0;
        double ys = 0;
        double yc = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * f * i / rate;
            double s = Math.sin(w);
            double c = Math.cos(w);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += y[i] * s;
            yc += y[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return new double[] {Math.hypot(a, b), Math.atan2(b, a)};
    }

    static double rms(float[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) y[i] * y[i];
        }
        return Math.sqrt(s / (to - from));
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"44100, 22050", "48000, 22050", "16000, 22050", "8000, 22050"})
    void passBandRippleUnderOneTenthDb(int from, int to) {
        passBandRippleUnderOneTenthDb(new Resampler(from, to), from, to, 0.9);
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"44100, 22050", "48000, 22050", "22050, 48000", "16000, 22050", "22050, 16000", "8000, 22050"})
    void speechQualityPassBandRippleUnderOneTenthDb(int from, int to) {
        passBandRippleUnderOneTenthDb(new Resampler(from, to, Resampler.Quality.SPEECH), from, to, 0.86);
    }

    /** Tones from 50 Hz to {@code edge} x the lower Nyquist frequency keep their level within 0.1 dB. */
    private static void passBandRippleUnderOneTenthDb(Resampler r, int from, int to, double edge) {
        double nyquist = Math.min(from, to) / 2.0;
        int n = from / 2; // 0.5 s
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int k = 0; k <= 30; k++) {
            double f = 50 + k * (edge * nyquist - 50) / 30;
            float[] y = r.process(tone(f, 0.5, 0.3, from, n));
            int m = y.length;
            double gainDb = 20 * Math.log10(fit(y, m / 5, m - m / 5, f, to)[0] / 0.5);
            min = Math.min(min, gainDb);
            max = Math.max(max, gainDb);
        }
        assertThat(max - min).as("ripple in dB").isLessThan(0.1);
        assertThat(Math.max(Math.abs(max), Math.abs(min))).as("gain error in dB").isLessThan(0.1);
    }

    @Test
    void stopBandTwelveKilohertzIsEightyDbDown() {
        float[] x = tone(12000, 0.5, 0, 44100, 44100);
        float[] y = Resampler.resample(x, 44100, 22050);
        int m = y.length;
        double in = rms(x, 0, x.length);
        double out = rms(y, 200, m - 200);
        assertThat(20 * Math.log10(out / in)).isLessThan(-80);
    }

    /** Stop-band edges tested, as multiples of the lower Nyquist frequency (the class promises 80 dB beyond about 1.08). */
    private static final double[] STOP_BAND = {1.1, 1.25, 1.5, 1.75, 1.95};

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @MethodSource("commonRatePairs")
    void stopBandIsEightyDbDownForEveryRatePair(int from, int to) {
        stopBandIsDown(new Resampler(from, to), from, to, STOP_BAND, -80);
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @MethodSource("commonRatePairs")
    void speechQualityStopBandIsSeventyDbDownForEveryRatePair(int from, int to) {
        stopBandIsDown(new Resampler(from, to, Resampler.Quality.SPEECH), from, to, STOP_BAND, -70);
    }

    /** Tones at each of {@code stopBand} x the lower Nyquist frequency leave less than {@code limitDb} in the output. */
    private static void stopBandIsDown(Resampler r, int from, int to, double[] stopBand, double limitDb) {
        if (from == to) {
            return; // a copy (equalRatesReturnACopy)
        }
        double nyquist = Math.min(from, to) / 2.0;
        int n = from / 4; // 0.25 s
        for (double k : stopBand) {
            double level;
            if (from > to) {
                // down-sampling: a tone at k x the output Nyquist must not alias into the output
                double f = k * nyquist;
                if (f >= 0.99 * from / 2.0) {
                    continue;
                }
                float[] x = tone(f, 0.5, 0.4, from, n);
                float[] y = r.process(x);
                level = rms(y, y.length / 5, y.length - y.length / 5) / rms(x, 0, x.length);
            } else {
                // up-sampling: a tone at (2 - k) x the input Nyquist has its first image at k x that Nyquist; whatever is
                // left after removing the tone itself (images, aliased or not) must lie below limitDb
                double f = (2 - k) * nyquist;
                float[] y = r.process(tone(f, 0.5, 0.4, from, n));
                int a = y.length / 5;
                int b = y.length - a;
                double[] fit = fit(y, a, b, f, to);
                float[] residual = new float[y.length];
                float[] t = tone(f, fit[0], fit[1], to, y.length);
                for (int i = a; i < b; i++) {
                    residual[i] = y[i] - t[i];
                }
                level = rms(residual, a, b) / (0.5 / Math.sqrt(2));
            }
            assertThat(20 * Math.log10(level)).as("%d -> %d Hz, %.2f x Nyquist", from, to, k).isLessThan(limitDb);
        }
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"44100, 22050", "22050, 44100", "48000, 22050", "16000, 22050", "8000, 22050", "22050, 22051",
            "96000, 11025"})
    void frequencyAndPhaseArePreservedWithoutDelay(int from, int to) {
        double f = 997;
        double phase = 0.7;
        float[] y = Resampler.resample(tone(f, 0.5, phase, from, from / 4), from, to);
        float[] expected = tone(f, 0.5, phase, to, y.length);
        int edge = y.length / 5;
        for (int i = edge; i < y.length - edge; i++) {
            assertThat((double) Math.abs(y[i] - expected[i])).as("sample %d", i).isLessThan(1e-4);
        }
        double[] a = fit(y, edge, y.length - edge, f, to);
        assertThat(a[1]).isCloseTo(phase, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void impulseIsCentredOnItsInputTime() {
        float[] x = new float[101];
        x[50] = 1;
        float[] y = Resampler.resample(x, 16000, 32000);
        int peak = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i] > y[peak]) {
                peak = i;
            }
        }
        assertThat(peak).isEqualTo(100);
        assertThat(y[99]).isCloseTo(y[101], org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void awkwardLengths() {
        Resampler r = new Resampler(44100, 22050);
        assertThat(r.process(new float[0])).isEmpty();
        assertThat(r.outputLength(0)).isZero();
        assertThat(r.process(new float[] {1f})).hasSize(1);
        assertThat(r.outputLength(7)).isEqualTo(4);
        float[] y7 = r.process(new float[] {1, 1, 1, 1, 1, 1, 1});
        assertThat(y7).hasSize(4);
        for (float v : y7) {
            assertThat(v).isFinite().isBetween(-0.2f, 1.2f); // a band-limited step rings (Gibbs) but stays bounded
        }
        assertThat(y7[1]).isGreaterThan(0.8f);
        Resampler up = new Resampler(8000, 22050);
        assertThat(up.process(new float[] {0.5f})).hasSize(3); // ceil(22050 / 8000)
        // cutoff 0.985 x Nyquist: the centre tap is about 0.985, not 1
        assertThat(up.process(new float[] {0.5f})[0]).isCloseTo(0.5f, org.assertj.core.data.Offset.offset(0.01f));
        assertThat(up.outputLength(7)).isEqualTo(20); // ceil(7 * 22050 / 8000) = ceil(19.29)
        assertThat(new Resampler(22050, 22051).process(new float[7])).hasSize(8);
    }

    @Test
    void equalRatesReturnACopy() {
        float[] x = {0.1f, -0.2f, 0.3f};
        float[] y = Resampler.resample(x, 16000, 16000);
        assertThat(y).containsExactly(x).isNotSameAs(x);
        assertThatThrownBy(() -> new Resampler(0, 16000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dcIsPreservedAwayFromTheEdges() {
        float[] x = new float[4000];
        java.util.Arrays.fill(x, 0.25f);
        for (int to : new int[] {8000, 22051, 44100}) {
            float[] y = Resampler.resample(x, 11025, to);
            for (int i = y.length / 4; i < 3 * y.length / 4; i++) {
                assertThat(y[i]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    static List<Arguments> commonRatePairs() {
        List<Arguments> out = new ArrayList<>();
        for (int a : RATES) {
            for (int b : RATES) {
                out.add(Arguments.of(a, b));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @MethodSource("commonRatePairs")
    void commonRatesKeepAToneAndTheLength(int from, int to) {
        int n = from / 10 + 3;
        double f = 440;
        float[] y = Resampler.resample(tone(f, 0.5, 0.2, from, n), from, to);
        assertThat(y).hasSize((int) Math.ceil((double) n * to / from));
        float[] expected = tone(f, 0.5, 0.2, to, y.length);
        int edge = y.length / 4;
        for (int i = edge; i < y.length - edge; i++) {
            assertThat((double) Math.abs(y[i] - expected[i])).as("sample %d", i).isLessThan(2e-4);
        }
    }

    @Test
    @Tag("slow")
    void oneHourAt48kHzTakesSeconds() {
        float[] x = new float[48000 * 3600];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.01);
        }
        long t0 = System.nanoTime();
        float[] y = Resampler.resample(x, 48000, 22050);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(y).hasSize(22050 * 3600);
        assertThat(seconds).as("seconds for 1 h of 48 kHz audio").isLessThan(20);
    }
}
