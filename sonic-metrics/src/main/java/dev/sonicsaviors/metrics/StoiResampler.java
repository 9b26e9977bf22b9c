package dev.sonicsaviors.metrics;

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
  private static final Map<Long, double[]> FILTERS = new ConcurrentHashMap<>();

  private StoiResampler() {}

  /** Resamples {@code x} from {@code fromRate} Hz to {@code toRate} Hz. */
  static double[] resample(double[] x, int fromRate, int toRate) {
    if (fromRate == toRate) {
      return x.clone();
    }
    int g = gcd(toRate, fromRate);
    int up = toRate / g;
    int down = fromRate / g;
    double[] h = FILTERS.computeIfAbsent(((long) up << 32) | down, k -> design(up, down));
    int half = (h.length - 1) / 2;
    int n = x.length;
    long total = (long) n * up;
    int nOut = (int) (total / down + (total % down != 0 ? 1 : 0));
    double[] y = new double[nOut];
    for (int k = 0; k < nOut; k++) {
      long m = half + (long) k * down;
      // j such that 0 <= m - j*up <= 2*half
      long jLo = Math.max(0, ceilDiv(m - 2L * half, up));
      long jHi = Math.min(n - 1L, Math.floorDiv(m, (long) up));
      double s = 0;
      int idx = (int) (m - jLo * up);
      for (long j = jLo; j <= jHi; j++, idx -= up) {
        s += h[idx] * x[(int) j];
      }
      y[k] = s;
    }
    return y;
  }

  /** Designs the unit-sum filter for an up/down ratio already reduced by the gcd, pre-multiplied by {@code up}. */
  private static double[] design(int up, int down) {
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

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
