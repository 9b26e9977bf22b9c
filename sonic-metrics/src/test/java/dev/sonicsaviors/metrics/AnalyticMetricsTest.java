package dev.sonicsaviors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Analytic cases: scaled copies, identical signals, known noise levels. */
class AnalyticMetricsTest {

    private static float[] speechLike(int n, int fs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / fs;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t); // 3 Hz syllable-like envelope
            x[i] = (float) (env * (0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 1330 * t)
                    + 0.05 * rng.nextGaussian()));
        }
        return x;
    }

    @Test
    void siSdrOfScaledCopyIsInfinite() {
        float[] x = speechLike(16000, 16000, 1);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * 0.5f; // exact in binary floating point
        }
        assertThat(SiSdr.compute(x, y)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Snr.compute(x, x)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void siSdrIgnoresGainAndOffsetOfTheEstimate() {
        float[] x = speechLike(16000, 16000, 2);
        float[] noise = speechLike(16000, 16000, 3);
        float[] y = new float[x.length];
        float[] z = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + 0.1f * noise[(i * 7) % x.length];
            z[i] = 3 * y[i] + 0.25f;
        }
        assertThat(SiSdr.compute(x, z)).isCloseTo(SiSdr.compute(x, y), within(1e-4));
    }

    @Test
    void snrOfKnownNoiseLevel() {
        int n = 48000;
        float[] x = speechLike(n, 16000, 4);
        SplittableRandom rng = new SplittableRandom(5);
        double[] noise = new double[n];
        double px = 0;
        double pn = 0;
        for (int i = 0; i < n; i++) {
            noise[i] = rng.nextGaussian();
            px += (double) x[i] * x[i];
            pn += noise[i] * noise[i];
        }
        double target = 12.5; // dB
        double g = Math.sqrt(px / pn / Math.pow(10, target / 10));
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (x[i] + g * noise[i]);
        }
        assertThat(Snr.compute(x, y)).isCloseTo(target, within(0.01));
        // segSNR of a constant-level noise on a stationary-ish signal is finite and within the clip range
        assertThat(SegmentalSnr.compute(x, y, 16000)).isBetween(-10.0, 35.0);
    }

    @Test
    void segmentalSnrOfPerfectCopyIsTheCap() {
        float[] x = speechLike(8000, 16000, 6);
        x[0] += 1e-3f; // keep every frame non-silent
        assertThat(SegmentalSnr.compute(x, x, 16000)).isEqualTo(SegmentalSnr.MAX_DB);
    }

    @Test
    void stoiOfIdenticalSignalsIsOne() {
        float[] x = speechLike(3 * 16000, 16000, 7);
        assertThat(Stoi.compute(x, x, 16000)).isCloseTo(1.0, within(1e-9));
        assertThat(Estoi.compute(x, x, 16000)).isCloseTo(1.0, within(1e-9));
        assertThat(Stoi.compute(x, x, 22050)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void stoiOfTooShortInputIsPystoiFloor() {
        float[] x = speechLike(2000, 16000, 8);
        assertThat(Stoi.compute(x, x, 16000)).isEqualTo(Stoi.TOO_SHORT);
    }
}
