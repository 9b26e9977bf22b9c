package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Analytic checks of the window, STFT and inverse STFT. */
class StftOracleTest {

    @Test
    void hannIsPeriodic() {
        double[] w = Window.hannPeriodic(8);
        assertThat(w[0]).isZero();
        assertThat(w[4]).isCloseTo(1.0, within(1e-15));
        assertThat(w[1]).isCloseTo(w[7], within(1e-15));
        assertThat(w[2]).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void sineLandsInItsBin() {
        int n = 2048;
        int bin = 100;
        float[] x = new float[22050];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * bin * i / n);
        }
        Stft stft = new Stft(n, 512);
        float[][] mag = stft.magnitude(x);
        int t = 20; // an interior frame
        int arg = 0;
        for (int k = 0; k < mag.length; k++) {
            if (mag[k][t] > mag[arg][t]) {
                arg = k;
            }
        }
        assertThat(arg).isEqualTo(bin);
        // periodic Hann has coherent gain 1/2: peak = A * N / 4, neighbours half of it, others ~0
        assertThat(mag[bin][t]).isCloseTo(n / 4f, within(1e-2f));
        assertThat(mag[bin + 1][t]).isCloseTo(n / 8f, within(1e-2f));
        assertThat(mag[bin + 3][t]).isLessThan(1e-2f);
    }

    @Test
    void parsevalHoldsForAFrame() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        int n = 1024;
        int hop = 256;
        Stft stft = new Stft(n, hop);
        float[][] p = stft.power(x);
        int t = 6;
        double[] w = Window.hannPeriodic(n);
        double timeEnergy = 0;
        for (int j = 0; j < n; j++) {
            double v = x[t * hop - n / 2 + j] * w[j];
            timeEnergy += v * v;
        }
        double freqEnergy = p[0][t] + p[n / 2][t];
        for (int k = 1; k < n / 2; k++) {
            freqEnergy += 2 * p[k][t];
        }
        assertThat(freqEnergy / n).isCloseTo(timeEnergy, within(1e-5 * timeEnergy));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 511, 2047, 2048, 5001, 55296, 12345})
    void inverseUndoesForward(int length) {
        SplittableRandom rng = new SplittableRandom(length);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        Stft stft = new Stft(2048, 512);
        ComplexSpectrogram s = stft.forward(x);
        assertThat(s.frames()).isEqualTo(stft.frames(length)).isEqualTo(1 + length / 512);
        assertThat(s.bins()).isEqualTo(1025);
        float[] y = stft.inverse(s, length);
        assertThat(y).hasSize(length);
        double err = 0;
        for (int i = 0; i < length; i++) {
            err = Math.max(err, Math.abs(y[i] - x[i]));
        }
        assertThat(err).isLessThan(1e-5);
    }

    @Test
    void inverseFixesLength() {
        float[] x = new float[3000];
        x[10] = 1f;
        Stft stft = new Stft(512, 128);
        float[] longer = stft.inverse(stft.forward(x), 4000);
        assertThat(longer).hasSize(4000);
        assertThat(longer[10]).isCloseTo(1f, within(1e-5f));
        assertThat(longer[3999]).isZero();
        assertThat(stft.inverse(stft.forward(x), 50)[10]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void rejectsOddFft() {
        assertThatThrownBy(() -> new Stft(2047, 512)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void powerToDbWithoutClip() {
        float[][] p = {{1f, 1e-3f, 0f}};
        float[][] db = PowerToDb.convert(p, 1.0, 1e-10, Double.NaN);
        assertThat(db[0][0]).isZero();
        assertThat(db[0][1]).isCloseTo(-30f, within(1e-4f));
        assertThat(db[0][2]).isCloseTo(-100f, within(1e-4f));
        assertThat(PowerToDb.convert(p, 1.0, 1e-10, 20)[0][2]).isCloseTo(-20f, within(1e-4f));
        assertThat(PowerToDb.convertRefMax(new float[][] {{4f, 2f}}, 1e-10, 0)[0][1]).isCloseTo(-3.0103f, within(1e-4f));
    }

    /** The band transform is the full transform's upper rows, and its inverse the full inverse with the rows below zeroed, exactly. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 197, 511, 512})
    void bandTransformsAreTheUpperRowsOfTheFullOnes(int fromBin) {
        SplittableRandom random = new SplittableRandom(fromBin);
        float[] x = new float[5_003];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        Stft stft = new Stft(1024, 512);
        ComplexSpectrogram full = stft.forward(x);
        ComplexSpectrogram band = stft.forwardBand(x, fromBin);
        assertThat(band.bins()).isEqualTo(full.bins() - fromBin);
        for (int r = 0; r < band.bins(); r++) {
            assertThat(band.re()[r]).containsExactly(full.re()[fromBin + r]);
            assertThat(band.im()[r]).containsExactly(full.im()[fromBin + r]);
        }
        for (int k = 0; k < fromBin; k++) {
            java.util.Arrays.fill(full.re()[k], 0f);
            java.util.Arrays.fill(full.im()[k], 0f);
        }
        assertThat(stft.inverseBand(band, fromBin, x.length)).containsExactly(stft.inverse(full, x.length));
        assertThatThrownBy(() -> stft.forwardBand(x, 513)).isInstanceOf(IllegalArgumentException.class);
        if (fromBin > 0) { // the full spectrogram has more rows than the band from fromBin
            assertThatThrownBy(() -> stft.inverseBand(full, fromBin, x.length)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
