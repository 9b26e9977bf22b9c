package dev.sonicsaviors.metrics;

import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.dsp.Window;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rational resampler that pystoi 0.4.1 uses (its Octave-compatible anti-aliasing design applied the way
 * {@code scipy.signal.resample_poly} applies a given window), written from that description: a Kaiser-windowed
 * sinc of half-length {@code L = ceil(52 / (28.714 * fc / 10))} taps with cutoff {@code fc = 1 / (2 max(p, q))}
 * and beta {@code 0.1102 (60 - 8.7)}, normalised to unit sum, then applied polyphase with gain {@code p} and zero
 * delay: output k is {@code p sum_j h[L + k q - j p] x[j]}, {@code ceil(n p / q)} outputs, zeros outside.
 */
final class StoiResampler {
    private StoiResampler() {}

    /** Resamples {@code x} from {@code fromRate} Hz to {@code toRate} Hz. */
    static double[] resample(double[] x, int fromRate, int toRate) {
        return resample(x, x, fromRate, toRate)[0];
    }

    /**
     * Resamples two signals of the same length from {@code fromRate} Hz to {@code toRate} Hz in one pass (the same
     * values, bit for bit, as two {@link #resample(double[], int, int)} calls); returns {x, y}, or {x, x} when
     * {@code y == x}.
     */
    static double[][] resample(double[] x, double[] y, int fromRate, int toRate) {
        if (fromRate == toRate) {
            double[] xo = x.clone();
            return new double[][] {xo, y == x ? xo : y.clone()};
        }
        Design d = polyphase(fromRate, toRate);
        int up = d.up;
        int down = d.down;
        int half = d.half;
        int n = x.length;
        long total = (long) n * up;
        int nOut = (int) (total / down + (total % down != 0 ? 1 : 0));
        boolean two = y != x;
        double[] xo = new double[nOut];
        double[] yo = two ? new double[nOut] : xo;
        // output k sums h[m - j up] x[j], m = half + k down, over j ascending with 0 <= m - j up <= 2 half and
        // 0 <= j < n; the phase's taps are stored in that order from j0, the first j of the unclipped range. Outputs k
        // and k + up share the phase (their ranges start {@code down} samples apart) and are summed side by side.
        for (int kb = 0; kb < nOut; kb += 2 * up) {
            for (int r = 0; r < up && kb + r < nOut; r++) {
                int k = kb + r;
                long m = half + (long) k * down;
                double[] taps = d.taps[(int) (m % up)];
                long j0 = ceilDiv(m - 2L * half, up);
                long j1 = j0 + down;
                if (k + up < nOut && j0 >= 0 && j1 + taps.length <= n) {
                    int b0 = (int) j0;
                    int b1 = (int) j1;
                    double x0 = 0;
                    double x1 = 0;
                    if (two) {
                        double y0 = 0;
                        double y1 = 0;
                        for (int t = 0; t < taps.length; t++) {
                            double h = taps[t];
                            x0 += h * x[b0 + t];
                            y0 += h * y[b0 + t];
                            x1 += h * x[b1 + t];
                            y1 += h * y[b1 + t];
                        }
                        yo[k] = y0;
                        yo[k + up] = y1;
                    } else {
                        for (int t = 0; t < taps.length; t++) {
                            double h = taps[t];
                            x0 += h * x[b0 + t];
                            x1 += h * x[b1 + t];
                        }
                    }
                    xo[k] = x0;
                    xo[k + up] = x1;
                } else {
                    one(x, y, xo, yo, k, taps, j0, two);
                    if (k + up < nOut) {
                        one(x, y, xo, yo, k + up, taps, j1, two);
                    }
                }
            }
        }
        return new double[][] {xo, yo};
    }

    /** Output {@code k} of x (and y when {@code two}), its first j being {@code j0}, with the sums clipped to the input. */
    private static void one(double[] x, double[] y, double[] xo, double[] yo, int k, double[] taps, long j0,
            boolean two) {
        int tLo = (int) Math.max(0, -j0);
        int tHi = (int) Math.min(taps.length - 1L, x.length - 1L - j0);
        int base = (int) j0;
        double sx = 0;
        double sy = 0;
        for (int t = tLo; t <= tHi; t++) {
            double h = taps[t];
            sx += h * x[base + t];
            if (two) {
                sy += h * y[base + t];
            }
        }
        xo[k] = sx;
        if (two) {
            yo[k] = sy;
        }
    }

    /** The filter of one rate pair split into its {@code up} phases, each in the order the sums visit it. */
    private record Design(int up, int down, int half, double[][] taps) {}

    private static final Map<Long, Design> DESIGNS = new ConcurrentHashMap<>();

    private static Design polyphase(int fromRate, int toRate) {
        int g = Resampler.gcd(toRate, fromRate);
        int up = toRate / g;
        int down = fromRate / g;
        return DESIGNS.computeIfAbsent(((long) up << 32) | down, key -> {
            double[] h = prototype(up, down);
            int half = (h.length - 1) / 2;
            double[][] taps = new double[up][];
            for (int phase = 0; phase < up; phase++) {
                // the largest index <= 2 half congruent to the phase, then down by up
                int top = 2 * half - Math.floorMod(2 * half - phase, up);
                taps[phase] = new double[top / up + 1];
                for (int t = 0, idx = top; idx >= 0; t++, idx -= up) {
                    taps[phase][t] = h[idx];
                }
            }
            return new Design(up, down, half, taps);
        });
    }

    /** Designs the unit-sum filter for an up/down ratio already reduced by the gcd, pre-multiplied by {@code up}. */
    private static double[] prototype(int up, int down) {
        double fc = 1.0 / (2 * Math.max(up, down));
        double rollOff = fc / 10;
        double rejection = 60;
        int half = (int) Math.ceil((rejection - 8) / (28.714 * rollOff));
        double beta = 0.1102 * (rejection - 8.7);
        int len = 2 * half + 1;
        double[] h = new double[len];
        double i0b = Window.besselI0(beta);
        double sum = 0;
        for (int i = 0; i < len; i++) {
            double t = i - half;
            double arg = 2 * fc * t;
            double sinc = t == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
            double r = (i - half) / (double) half;
            double win = Window.besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
            h[i] = 2 * up * fc * sinc * win;
            sum += h[i];
        }
        for (int i = 0; i < len; i++) {
            h[i] = h[i] / sum * up;
        }
        return h;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

}
