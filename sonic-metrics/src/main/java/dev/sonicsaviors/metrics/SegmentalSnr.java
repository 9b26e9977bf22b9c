package dev.sonicsaviors.metrics;

/**
 * Segmental SNR in dB: the mean over all frames of the per-frame SNR, clipped to [-10, 35] dB.
 *
 * <p>Frames are {@code L = round(0.03 fs)} samples (30 ms) with a hop of {@code floor(L / 4)} (75% overlap),
 * starting at sample 0 and lying wholly inside the signal; each is weighted by the Hann window
 * {@code w[n] = 0.5 (1 - cos(2 pi n / (L + 1)))}, n = 1..L. The frame SNR is
 * {@code 10 log10(sum (w r)^2 / sum (w (r - e))^2)}; a frame with a silent reference counts as -10 dB, a frame
 * with no error (and a non-silent reference) as 35 dB. No silence removal. Both signals are truncated to the
 * shorter length; a signal shorter than one frame gives {@code NaN}.
 */
public final class SegmentalSnr {
    /** Lowest per-frame SNR (dB). */
    public static final double MIN_DB = -10;
    /** Highest per-frame SNR (dB). */
    public static final double MAX_DB = 35;

    private SegmentalSnr() {}

    /** Returns the segmental SNR (dB) of {@code degraded} against {@code clean}, both at {@code sampleRate} Hz. */
    public static double compute(float[] clean, float[] degraded, int sampleRate) {
        Signals.checkRate(sampleRate);
        int n = Signals.commonLength(clean, degraded);
        int len = (int) Math.round(0.03 * sampleRate);
        int hop = Math.max(1, len / 4);
        double[] w = new double[len];
        for (int i = 0; i < len; i++) {
            double wi = 0.5 * (1 - Math.cos(2 * Math.PI * (i + 1) / (len + 1)));
            w[i] = wi * wi;
        }
        double sum = 0;
        int frames = 0;
        for (int start = 0; start + len <= n; start += hop) {
            double s = 0;
            double e = 0;
            for (int i = 0; i < len; i++) {
                double r = clean[start + i];
                double d = r - degraded[start + i];
                s += w[i] * r * r;
                e += w[i] * d * d;
            }
            double db;
            if (s == 0) {
                db = MIN_DB;
            } else if (e == 0) {
                db = MAX_DB;
            } else {
                db = Math.min(MAX_DB, Math.max(MIN_DB, 10 * Math.log10(s / e)));
            }
            sum += db;
            frames++;
        }
        return frames == 0 ? Double.NaN : sum / frames;
    }
}
