package dev.sonicsaviors.dsp;

import dev.sonicsaviors.dsp.noise.SyntheticSpeech;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Spectral subtraction, the Wiener filter and their noise estimates on synthetic speech-like signals in white noise. */
class SpectralBaselinesTest {
    static final int RATE = 22050;

    static float[] whiteNoise(int n, double sigma, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (sigma * rng.nextGaussian());
        }
        return x;
    }

    /** SNR of {@code estimate} against {@code clean} in dB. */
    static double snrDb(float[] clean, float[] estimate) {
        double s = 0;
        double e = 0;
        for (int i = 0; i < clean.length; i++) {
            s += (double) clean[i] * clean[i];
            double d = estimate[i] - clean[i];
            e += d * d;
        }
        return 10 * Math.log10(s / e);
    }

    static float[] mix(float[] a, float[] b) {
        float[] y = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    static float[] applyGains(Stft stft, ComplexSpectrogram s, float[][] g, int length) {
        float[][] re = new float[s.bins()][s.frames()];
        float[][] im = new float[s.bins()][s.frames()];
        for (int k = 0; k < s.bins(); k++) {
            for (int t = 0; t < s.frames(); t++) {
                re[k][t] = s.re()[k][t] * g[k][t];
                im[k][t] = s.im()[k][t] * g[k][t];
            }
        }
        return stft.inverse(new ComplexSpectrogram(re, im), length);
    }

    @Test
    void minimumStatisticsIsUnbiasedOnWhiteNoise() {
        Stft stft = new Stft(512, 128);
        float[][] p = NoiseEstimate.power(stft.forward(whiteNoise(RATE * 20, 0.05, 7)));
        float[][] n = NoiseEstimate.minimumStatistics(p, 258, 0.85, 2.65);
        double ratio = 0;
        int count = 0;
        for (int k = 5; k < p.length - 5; k++) {
            double mean = 0;
            for (float v : p[k]) {
                mean += v;
            }
            mean /= p[k].length;
            for (int t = 300; t < p[k].length - 300; t++) {
                ratio += n[k][t] / mean;
                count++;
            }
        }
        ratio /= count;
        System.out.printf("minimum statistics / true noise power: %.3f%n", ratio);
        assertThat(ratio).isBetween(0.85, 1.15);
    }

    @Test
    void quietestFramesFindTheNoiseFloorBetweenSyllables() {
        Stft stft = new Stft(512, 128);
        float[] noise = whiteNoise(RATE * 5, 0.02, 3);
        float[][] p = NoiseEstimate.power(stft.forward(mix(SyntheticSpeech.voiced(RATE * 5, RATE, 1), noise)));
        double[] n = NoiseEstimate.quietestFrames(p, 0.1);
        float[][] pn = NoiseEstimate.power(stft.forward(noise));
        double est = 0;
        double truth = 0;
        for (int k = 1; k < p.length - 1; k++) {
            est += n[k];
            for (float v : pn[k]) {
                truth += v / pn[k].length;
            }
        }
        assertThat(est / truth).isBetween(0.7, 1.1);
    }

    @Test
    void bothBaselinesImproveSnrAndStayInTheirGainRange() {
        int n = RATE * 6;
        float[] clean = SyntheticSpeech.voiced(n, RATE, 5);
        for (double sigma : new double[] {0.02, 0.05}) {
            float[] noisy = mix(clean, whiteNoise(n, sigma, 11));
            Stft stft = new Stft(512, 128);
            ComplexSpectrogram s = stft.forward(noisy);
            double before = snrDb(clean, noisy);
            SpectralSubtraction ss = SpectralSubtraction.defaults();
            WienerFilter wf = WienerFilter.defaults(128.0 / RATE);
            float[][] gs = ss.gains(s);
            float[][] gw = wf.gains(s);
            assertRange(gs, (float) ss.gainFloor());
            assertRange(gw, (float) wf.gainFloor());
            double afterSs = snrDb(clean, applyGains(stft, s, gs, n));
            double afterW = snrDb(clean, applyGains(stft, s, gw, n));
            System.out.printf("sigma %.2f: SNR %.1f dB -> specsub %.1f dB, wiener %.1f dB%n", sigma, before, afterSs, afterW);
            assertThat(afterSs).isGreaterThan(before + 3);
            assertThat(afterW).isGreaterThan(before + 3);
        }
    }

    static void assertRange(float[][] g, float floor) {
        for (float[] row : g) {
            for (float v : row) {
                assertThat(v).isBetween(floor, 1f);
            }
        }
    }

    @Test
    void silenceAndEmptyInputsAreHandled() {
        Stft stft = new Stft(512, 128);
        ComplexSpectrogram zero = stft.forward(new float[4000]);
        assertRange(SpectralSubtraction.defaults().gains(zero), 0.1f);
        assertRange(WienerFilter.defaults(0.01).gains(zero), 0.1f);
        ComplexSpectrogram empty = new ComplexSpectrogram(new float[257][0], new float[257][0]);
        assertThat(WienerFilter.defaults(0.01).gains(empty)).hasNumberOfRows(257);
        assertThat(SpectralSubtraction.defaults().gains(empty)).hasNumberOfRows(257);
    }
}
