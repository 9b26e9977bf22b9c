package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

/** Checks {@link RealFft} against a naive O(N^2) DFT, its own inverse and JTransforms' packed layout. */
class RealFftTest {

    private static double[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble() * 2 - 1;
        }
        return x;
    }

    /** Naive DFT of real x, packed like JTransforms (a[0] = Re X0, a[1] = Re X[n/2], then Re/Im pairs). */
    private static double[] naivePacked(double[] x) {
        int n = x.length;
        double[] out = new double[n];
        for (int k = 0; k <= n / 2; k++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < n; j++) {
                // Exact reduction of j*k mod n keeps the reference accurate for large n.
                double a = -2.0 * Math.PI * (((long) j * k) % n) / n;
                sr += x[j] * Math.cos(a);
                si += x[j] * Math.sin(a);
            }
            if (k == 0) {
                out[0] = sr;
            } else if (k == n / 2) {
                out[1] = sr;
            } else {
                out[2 * k] = sr;
                out[2 * k + 1] = si;
            }
        }
        return out;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void matchesNaiveDftForAllPowersOfTwoUpTo4096() {
        for (int n = 2; n <= 4096; n *= 2) {
            double[] x = random(n, n);
            double[] expected = naivePacked(x);
            double[] a = x.clone();
            new RealFft(n).forward(a);
            assertThat(maxDiff(a, expected) / maxAbs(expected)).as("n = %d", n).isLessThan(1e-9);
        }
    }

    @Test
    void inverseUndoesForward() {
        for (int n = 2; n <= 4096; n *= 2) {
            double[] x = random(n, 1000 + n);
            RealFft fft = new RealFft(n);
            double[] a = x.clone();
            fft.forward(a);
            fft.inverse(a);
            assertThat(maxDiff(a, x) / maxAbs(x)).as("n = %d", n).isLessThan(1e-12);
        }
    }

    @Test
    void inverseMatchesNaiveInverseDft() {
        for (int n = 2; n <= 1024; n *= 2) {
            // A random packed spectrum is a valid half spectrum of some real signal; the naive DFT of the result must give it back.
            double[] spec = random(n, 7 * n);
            double[] a = spec.clone();
            new RealFft(n).inverse(a);
            double[] back = naivePacked(a);
            assertThat(maxDiff(back, spec) / maxAbs(spec)).as("n = %d", n).isLessThan(1e-9);
        }
    }

    @Test
    void reusedInstanceGivesIdenticalResults() {
        RealFft fft = new RealFft(2048);
        double[] x = random(2048, 3);
        double[] a = x.clone();
        fft.forward(a);
        double[] b = x.clone();
        fft.forward(b);
        assertThat(b).isEqualTo(a);
    }

    @Test
    void agreesWithJTransformsPackedLayout() {
        for (int n = 2; n <= 8192; n *= 2) {
            double[] x = random(n, 11 * n);
            double[] ours = x.clone();
            new RealFft(n).forward(ours);
            double[] theirs = x.clone();
            new DoubleFFT_1D(n).realForward(theirs);
            assertThat(maxDiff(ours, theirs) / maxAbs(theirs)).as("n = %d", n).isLessThan(1e-12);
            new RealFft(n).inverse(ours);
            new DoubleFFT_1D(n).realInverse(theirs, true);
            assertThat(maxDiff(ours, theirs) / maxAbs(theirs)).as("inverse n = %d", n).isLessThan(1e-12);
        }
    }

    @Test
    void rejectsOtherSizes() {
        assertThatThrownBy(() -> new RealFft(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RealFft(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RealFft(12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RealFft(8).forward(new double[4])).isInstanceOf(IllegalArgumentException.class);
    }
}
