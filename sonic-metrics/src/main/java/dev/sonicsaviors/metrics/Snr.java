package dev.sonicsaviors.metrics;

/**
 * Signal-to-noise ratio in dB: {@code 10 log10(|ref|^2 / |ref - est|^2)}, where the noise is everything in the
 * estimate that differs from the reference (no scaling, no mean removal, no alignment).
 *
 * <p>Both signals are truncated to the shorter length. An exact copy gives {@code +Infinity}; an all-zero
 * reference with a non-zero error gives {@code -Infinity}; two all-zero signals give {@code NaN}.
 */
public final class Snr {
    private Snr() {}

    /** Returns the SNR (dB) of {@code degraded} against the reference {@code clean}. */
    public static double compute(float[] clean, float[] degraded) {
        int n = Signals.commonLength(clean, degraded);
        double s = 0;
        double e = 0;
        for (int i = 0; i < n; i++) {
            double r = clean[i];
            double d = r - degraded[i];
            s += r * r;
            e += d * d;
        }
        return 10 * Math.log10(s / e);
    }
}
