package dev.sonicsaviors.dsp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

class NoiseTest {

    private static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s / x.length);
    }

    private static double power(float[] x) {
        double r = rms(x);
        return r * r;
    }

    /** Slope in dB/octave of the power spectrum, from a least-squares fit of octave-band mean power against log2 frequency. */
    private static double slopeDbPerOctave(float[] x) {
        int n = x.length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = x[i];
        }
        new DoubleFFT_1D(n).realForward(a);
        int bands = 0;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int lo = 16; lo * 2 <= n / 2; lo *= 2) {
            double p = 0;
            for (int k = lo; k < 2 * lo; k++) {
                p += a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
            }
            p /= lo;
            double xo = Math.log(lo) / Math.log(2);
            double y = 10 * Math.log10(p);
            sx += xo;
            sy += y;
            sxx += xo * xo;
            sxy += xo * y;
            bands++;
        }
        return (bands * sxy - sx * sy) / (bands * sxx - sx * sx);
    }

    @Test
    void generatorsAreSeededWithUnitRms() {
        for (NoiseColor c : NoiseColor.values()) {
            float[] a = ColoredNoise.generate(c, 10_001, 7);
            assertThat(a).containsExactly(ColoredNoise.generate(c, 10_001, 7));
            assertThat(a).isNotEqualTo(ColoredNoise.generate(c, 10_001, 8));
            assertThat(rms(a)).isCloseTo(1.0, within(1e-5));
        }
        assertThat(ColoredNoise.pink(0, 1)).isEmpty();
        assertThat(rms(ColoredNoise.brown(3, 1))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void spectralSlopes() {
        int n = 1 << 16;
        assertThat(slopeDbPerOctave(ColoredNoise.white(n, 1))).isCloseTo(0.0, within(0.3));
        assertThat(slopeDbPerOctave(ColoredNoise.pink(n, 2))).isCloseTo(-3.01, within(0.3));
        assertThat(slopeDbPerOctave(ColoredNoise.brown(n, 3))).isCloseTo(-6.02, within(0.3));
    }

    @Test
    void addWhiteHasSigma() {
        float[] x = new float[200_000];
        float[] y = NoiseMixer.addWhite(x, 0.05, 11);
        assertThat(rms(y)).isCloseTo(0.05, within(0.0005));
        assertThat(y).containsExactly(NoiseMixer.addWhite(x, 0.05, 11));
        assertThat(x).containsOnly(0f);
    }

    @Test
    void mixAtSnrIsExact() {
        float[] speech = ColoredNoise.pink(55_296, 1);
        for (int i = 0; i < speech.length; i++) {
            speech[i] *= 0.1f;
        }
        float[] noise = ColoredNoise.white(100_000, 2);
        for (double snr : new double[] {-5, 0, 7.5, 20}) {
            NoiseMixer.Mix m = NoiseMixer.mixAtSnr(speech, noise, snr, new SplittableRandom(3));
            double ps = power(speech);
            double pn = power(m.addedNoise());
            assertThat(10 * Math.log10(ps / pn)).isCloseTo(snr, within(1e-4));
            assertThat(m.snrDb()).isCloseTo(snr, within(1e-9));
            assertThat(m.offset()).isBetween(0, noise.length - speech.length);
            for (int i = 0; i < speech.length; i += 997) {
                assertThat(m.mixed()[i]).isCloseTo(speech[i] + m.addedNoise()[i], within(1e-6f));
                assertThat((double) m.addedNoise()[i]).isCloseTo(m.gain() * noise[m.offset() + i], within(1e-6));
            }
        }
        NoiseMixer.Mix a = NoiseMixer.mixAtSnr(speech, noise, 5, new SplittableRandom(9));
        NoiseMixer.Mix b = NoiseMixer.mixAtSnr(speech, noise, 5, new SplittableRandom(9));
        assertThat(a.mixed()).containsExactly(b.mixed());
        assertThat(a.offset()).isEqualTo(b.offset());
    }

    @Test
    void shortNoiseIsLooped() {
        float[] speech = ColoredNoise.white(1000, 1);
        float[] noise = {1f, -1f, 2f, -2f, 0.5f, -0.5f, 3f};
        NoiseMixer.Mix m = NoiseMixer.mixAtSnr(speech, noise, 0, new SplittableRandom(4));
        for (int i = 0; i < speech.length; i++) {
            double expected = m.gain() * noise[(m.offset() + i) % noise.length];
            assertThat((double) m.addedNoise()[i]).isCloseTo(expected, within(1e-6));
        }
        assertThat(10 * Math.log10(power(speech) / power(m.addedNoise()))).isCloseTo(0.0, within(1e-4));
    }

    @Test
    void silentSpeechGivesFloorAndNoNaN() {
        float[] speech = new float[4096];
        float[] noise = ColoredNoise.white(8192, 5);
        NoiseMixer.Mix m = NoiseMixer.mixAtSnr(speech, noise, 10, new SplittableRandom(1));
        assertThat(m.silentSpeech()).isTrue();
        assertThat(10 * Math.log10(power(m.addedNoise()))).isCloseTo(-110.0, within(1e-3));
        for (float v : m.mixed()) {
            assertThat(Float.isFinite(v)).isTrue();
        }
        NoiseMixer.Mix z = NoiseMixer.mixAtSnr(ColoredNoise.white(100, 1), new float[50], 0, new SplittableRandom(1));
        assertThat(z.gain()).isZero();
        assertThat(z.addedNoise()).containsOnly(0f);
    }

    @Test
    void featureNoiseSigmaAndClip() {
        float[][] x = new float[148][109];
        float[][] y = FeatureNoise.addGaussian(x, 0.05, 3);
        double s = 0;
        for (float[] r : y) {
            for (float v : r) {
                s += v * v;
            }
        }
        assertThat(Math.sqrt(s / (148 * 109))).isCloseTo(0.05, within(0.002));
        assertThat(FeatureNoise.addGaussian(x, 0.05, 3)).isDeepEqualTo(y);
        float[][] c = FeatureNoise.addGaussianClipped(x, 0.5, 3, 0, 1);
        for (float[] r : c) {
            for (float v : r) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }
}
