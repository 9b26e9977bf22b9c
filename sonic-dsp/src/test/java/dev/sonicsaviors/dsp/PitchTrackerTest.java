package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PitchTrackerTest {

    private static final int RATE = 22050;

    /** A periodic signal of {@code period} samples: six harmonics with falling amplitudes and fixed phases. */
    private static float[] harmonic(int n, double period) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double v = 0;
            for (int h = 1; h <= 6; h++) {
                v += Math.cos(2 * Math.PI * h * i / period + 0.7 * h) / h;
            }
            x[i] = (float) (0.2 * v);
        }
        return x;
    }

    /**
     * A periodic signal correlates fully at every multiple of its period; the tracker takes the lag of the highest
     * correlation, so any multiple in range is its answer (a comb at twice the period still passes every harmonic).
     */
    @ParameterizedTest(name = "period {0} samples")
    @ValueSource(ints = {55, 98, 147, 221, 380})
    void findsAMultipleOfThePeriodOfAPeriodicSignal(int period) {
        PitchTracker p = new PitchTracker(1024, 50, 400);
        float[] x = harmonic(RATE, period);
        PitchTracker.Track t = p.track(x, 256, x.length / 256 + 1);
        int[] lags = t.lags();
        float[] r = t.correlations();
        // Frames whose window lies inside the signal (the edges see zeros and a partial window).
        for (int f = 4; f < lags.length - 6; f++) {
            assertThat(lags[f] % period).as("frame %d: lag %d", f, lags[f]).isZero();
            assertThat(r[f]).as("frame %d", f).isGreaterThan(0.99f);
        }
    }

    @Test
    void agreesWithTheDefinitionComputedDirectly() {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] x = harmonic(6000, 131.5);
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (0.3 * rnd.nextGaussian());
        }
        int window = 512;
        int minLag = 40;
        int maxLag = 300;
        int hop = 200;
        PitchTracker.Track t = new PitchTracker(window, minLag, maxLag).track(x, hop, 31);
        for (int f = 0; f < 31; f++) {
            long start = (long) f * hop - window / 2;
            double best = -2;
            int bestLag = -1;
            double ea = 0;
            for (int n = 0; n < window; n++) {
                ea += at(x, start + n) * at(x, start + n);
            }
            for (int lag = minLag; lag <= maxLag; lag++) {
                double num = 0;
                double eb = 0;
                for (int n = 0; n < window; n++) {
                    num += at(x, start + n) * at(x, start + n + lag);
                    eb += at(x, start + n + lag) * at(x, start + n + lag);
                }
                double r = num / Math.sqrt(ea * eb);
                if (r > best) {
                    best = r;
                    bestLag = lag;
                }
            }
            assertThat(t.lags()[f]).as("frame %d", f).isEqualTo(bestLag);
            assertThat((double) t.correlations()[f]).as("frame %d", f).isCloseTo(best, within(1e-5));
        }
    }

    private static double at(float[] x, long i) {
        return i >= 0 && i < x.length ? x[(int) i] : 0;
    }

    @Test
    void noiseIsNotPeriodic() {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] x = new float[RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] r = new PitchTracker(1024, 50, 400).track(x, 256, 80).correlations();
        double mean = 0;
        for (int f = 4; f < 80; f++) {
            mean += r[f] / 76.0;
        }
        assertThat(mean).isLessThan(0.2);
    }

    @Test
    void silenceShortInputAndUnwantedFramesGiveZeroCorrelation() {
        PitchTracker p = new PitchTracker(1024, 50, 400);
        PitchTracker.Track silent = p.track(new float[3000], 256, 12);
        for (int f = 0; f < 12; f++) {
            assertThat(silent.lags()[f]).isEqualTo(50);
            assertThat(silent.correlations()[f]).isEqualTo(0f);
        }
        float[] shortInput = harmonic(37, 20);
        PitchTracker.Track s = p.track(shortInput, 256, 3);
        for (float r : s.correlations()) {
            assertThat(Float.isNaN(r)).isFalse();
            assertThat(r).isBetween(-1f, 1f);
        }
        float[] x = harmonic(8000, 147);
        PitchTracker.Track some = p.track(x, 256, new boolean[] {false, false, false, false, false, true, false});
        assertThat(some.lags()).containsExactly(50, 50, 50, 50, 50, some.lags()[5], 50);
        assertThat(some.lags()[5] % 147).isZero();
        assertThat(some.correlations()[4]).isEqualTo(0f);
        assertThat(some.correlations()[5]).isGreaterThan(0.99f);
        assertThat(p.track(x, 256, 0).lags()).isEmpty();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new PitchTracker(1023, 50, 400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PitchTracker(1024, 0, 400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PitchTracker(1024, 50, 49)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PitchTracker(1024, 50, 400).track(new float[10], 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
