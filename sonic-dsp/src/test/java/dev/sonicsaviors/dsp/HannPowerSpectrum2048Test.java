package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the six-step power spectrum against a naive DFT and against {@link Stft}, and the fast feature path on odd lengths. */
class HannPowerSpectrum2048Test {

    private static final int N = 2048;

    /** Power of the periodic-Hann-windowed frame by a naive O(N^2) DFT with exact angle reduction. */
    private static double[] naivePower(double[] x) {
        double[] w = Window.hannPeriodic(N);
        double[] p = new double[N / 2 + 1];
        for (int k = 0; k <= N / 2; k++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < N; j++) {
                double a = -2.0 * Math.PI * (((long) j * k) % N) / N;
                sr += x[j] * w[j] * Math.cos(a);
                si += x[j] * w[j] * Math.sin(a);
            }
            p[k] = sr * sr + si * si;
        }
        return p;
    }

    /** Runs the transform on frame {@code x} placed at offset {@code start} of the de-interleaved arrays. */
    private static double[] fastPower(HannPowerSpectrum2048 f, double[] x, int start) {
        double[] even = new double[start + N / 2 + 3];
        double[] odd = new double[even.length];
        java.util.Arrays.fill(even, 7.0);
        java.util.Arrays.fill(odd, -7.0);
        for (int j = 0; j < N / 2; j++) {
            even[start + j] = x[2 * j];
            odd[start + j] = x[2 * j + 1];
        }
        double[] p = new double[N / 2 + 1];
        f.power(even, odd, start, p);
        return p;
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void matchesNaiveDftOnNoiseAndTones() {
        SplittableRandom rng = new SplittableRandom(7);
        HannPowerSpectrum2048 f = new HannPowerSpectrum2048();
        for (int trial = 0; trial < 3; trial++) {
            double[] x = new double[N];
            for (int j = 0; j < N; j++) {
                x[j] = trial == 0 ? rng.nextDouble() * 2 - 1 : Math.sin(2 * Math.PI * (37.25 * trial) * j / N) + 1e-3 * (rng.nextDouble() - 0.5);
            }
            double[] expected = naivePower(x);
            double[] actual = fastPower(f, x, 5 * trial);
            double scale = max(expected);
            for (int k = 0; k <= N / 2; k++) {
                assertThat(Math.abs(actual[k] - expected[k])).as("bin %d", k).isLessThanOrEqualTo(1e-12 * scale);
            }
        }
    }

    @Test
    void impulsesGiveTheWindowPowerAtEveryBin() {
        HannPowerSpectrum2048 f = new HannPowerSpectrum2048();
        double[] w = Window.hannPeriodic(N);
        for (int pos : new int[] {0, 1, 511, 1024, 1025, 2047}) {
            double[] x = new double[N];
            x[pos] = 1.0;
            double[] p = fastPower(f, x, 0);
            for (int k = 0; k <= N / 2; k++) {
                assertThat(p[k]).isCloseTo(w[pos] * w[pos], org.assertj.core.data.Offset.offset(1e-15));
            }
        }
        double[] zero = fastPower(f, new double[N], 1);
        assertThat(max(zero)).isZero();
    }

    @Test
    void agreesWithStftFramePower() {
        SplittableRandom rng = new SplittableRandom(9);
        float[] signal = new float[9000];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        Stft stft = new Stft(N, 512);
        HannPowerSpectrum2048 f = new HannPowerSpectrum2048();
        int half = (signal.length + N) / 2;
        double[] even = new double[half];
        double[] odd = new double[half];
        for (int i = 0; i < signal.length; i++) {
            int p = i + N / 2;
            if ((p & 1) == 0) {
                even[p / 2] = signal[i];
            } else {
                odd[p / 2] = signal[i];
            }
        }
        double[] buf = new double[N];
        double[] ref = new double[N / 2 + 1];
        double[] got = new double[N / 2 + 1];
        for (int t = 0; t < stft.frames(signal.length) && 256 * t + N / 2 <= half; t++) {
            stft.framePower(signal, t, buf, ref);
            f.power(even, odd, 256 * t, got);
            double scale = max(ref);
            for (int k = 0; k <= N / 2; k++) {
                assertThat(Math.abs(got[k] - ref[k])).isLessThanOrEqualTo(1e-12 * scale);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 511, 512, 513, 1023, 2047, 2049, 3001, 55296, 60001})
    void featurePathMatchesGenericStftOnAnyLength(int length) {
        SplittableRandom rng = new SplittableRandom(length);
        float[] y = new float[length];
        for (int i = 0; i < length; i++) {
            y[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        HybridFeatures hf = new HybridFeatures(FeatureConfig.defaults());
        float[][] fast = hf.melPower(y);
        float[][] generic = hf.filterBank().apply(new Stft(N, 512).power(y));
        assertThat(fast[0]).hasSize(1 + length / 512);
        float top = Fixtures.max(generic);
        assertThat(Fixtures.excess(fast, generic, 1e-6, 1e-9 * top)).isLessThanOrEqualTo(0);
        // A reused extractor gives the same answer after a longer signal grew its buffers.
        hf.melPower(new float[70000]);
        assertThat(hf.melPower(y)).isDeepEqualTo(fast);
    }
}
