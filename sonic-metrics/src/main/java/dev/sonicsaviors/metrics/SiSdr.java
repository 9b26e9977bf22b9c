package dev.sonicsaviors.metrics;

/**
 * Scale-invariant signal-to-distortion ratio in dB (Le Roux, Wisdom, Erdogan and Hershey, "SDR - half-baked or
 * well done?", ICASSP 2019): both signals are made zero-mean, the target is the projection of the estimate on
 * the reference, {@code t = (<est, ref> / <ref, ref>) ref}, and SI-SDR = {@code 10 log10(|t|^2 / |est - t|^2)}.
 *
 * <p>Both signals are truncated to the shorter length. A scaled copy of the reference (any non-zero gain) has
 * no residual and gives {@code +Infinity} (not capped); a zero-energy reference gives {@code NaN}.
 */
public final class SiSdr {
    private SiSdr() {}

    /** Returns the SI-SDR (dB) of {@code degraded} against the reference {@code clean}. */
    public static double compute(float[] clean, float[] degraded) {
        int n = Signals.commonLength(clean, degraded);
        double mr = 0;
        double me = 0;
        for (int i = 0; i < n; i++) {
            mr += clean[i];
            me += degraded[i];
        }
        mr /= n;
        me /= n;
        double rr = 0;
        double er = 0;
        for (int i = 0; i < n; i++) {
            double r = clean[i] - mr;
            rr += r * r;
            er += (degraded[i] - me) * r;
        }
        double alpha = er / rr;
        double tt = 0;
        double nn = 0;
        for (int i = 0; i < n; i++) {
            double t = alpha * (clean[i] - mr);
            double d = (degraded[i] - me) - t;
            tt += t * t;
            nn += d * d;
        }
        return 10 * Math.log10(tt / nn);
    }
}
