package dev.sonicsaviors.dsp;

/** Analysis windows. */
public final class Window {

    private Window() {
    }

    /** Returns the periodic Hann window of {@code n} samples, {@code 0.5 - 0.5 cos(2 pi k / n)} (scipy {@code get_window('hann', n)}). */
    public static double[] hannPeriodic(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("window length must be positive: " + n);
        }
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * k / n);
        }
        return w;
    }

    /** Returns the modified Bessel function of the first kind, order 0, of {@code x} (power series), as Kaiser windows need. */
    public static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
