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
    }

    /** A stationary signal (three steady tones, no envelope) of {@code n} samples at 16 kHz. */
    private static float[] steadyTones(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16000.0;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 1330 * t + 1)
                    + 0.1 * Math.sin(2 * Math.PI * 3100 * t + 2));
        }
        return x;
    }

    /** Writes {@code x} plus white Gaussian noise into {@code y[from..to)}, the noise scaled so that this stretch alone has {@code snrDb}. */
    private static void addNoiseAt(float[] x, float[] y, int from, int to, double snrDb, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] noise = new double[to - from];
        double px = 0;
        double pn = 0;
        for (int i = from; i < to; i++) {
            noise[i - from] = rng.nextGaussian();
            px += (double) x[i] * x[i];
            pn += noise[i - from] * noise[i - from];
        }
        double g = Math.sqrt(px / pn / Math.pow(10, snrDb / 10));
        for (int i = from; i < to; i++) {
            y[i] = (float) (x[i] + g * noise[i - from]);
        }
    }

    @Test
    void segmentalSnrOfStationaryNoiseOnAStationarySignalIsTheSnr() {
        // oracle: every 30 ms frame sees the same signal and noise powers, so each frame SNR, and their mean, is the
        // global SNR (up to the frame-to-frame spread of the noise power over 480 samples, well below 0.2 dB in the mean)
        float[] x = steadyTones(3 * 16000);
        for (double target : new double[] {-3, 5, 12.5, 25}) {
            float[] y = new float[x.length];
            addNoiseAt(x, y, 0, x.length, target, 11);
            assertThat(Snr.compute(x, y)).isCloseTo(target, within(0.01));
            assertThat(SegmentalSnr.compute(x, y, 16000)).as("segSNR at %s dB", target).isCloseTo(target, within(0.2));
        }
    }

    @Test
    void segmentalSnrAveragesDecibelsOverFramesWhereSnrAveragesPower() {
        // first half 20 dB, second half 0 dB: segSNR is the mean of the frames' dB, about 10 dB; the global SNR is
        // 10 log10(2 / (0.01 + 1)) = 2.97 dB
        float[] x = steadyTones(4 * 16000);
        float[] y = new float[x.length];
        addNoiseAt(x, y, 0, x.length / 2, 20, 12);
        addNoiseAt(x, y, x.length / 2, x.length, 0, 13);
        assertThat(Snr.compute(x, y)).isCloseTo(10 * Math.log10(2 / 1.01), within(0.05));
        assertThat(SegmentalSnr.compute(x, y, 16000)).isCloseTo(10.0, within(0.3));
    }

    @Test
    void segmentalSnrClipsEveryFrameToItsRange() {
        float[] x = steadyTones(16000);
        float[] loud = new float[x.length];
        addNoiseAt(x, loud, 0, x.length, -20, 14); // every frame near -20 dB: clipped to -10
        assertThat(SegmentalSnr.compute(x, loud, 16000)).isEqualTo(SegmentalSnr.MIN_DB);
        float[] quiet = new float[x.length];
        addNoiseAt(x, quiet, 0, x.length, 50, 15); // every frame near 50 dB: clipped to 35
        assertThat(SegmentalSnr.compute(x, quiet, 16000)).isEqualTo(SegmentalSnr.MAX_DB);
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
