package dev.sonicsaviors.dsp;

import java.util.Arrays;

/**
 * Noise power spectral density estimates from the power of a noisy STFT, {@code [bin][frame]} as {@code |X|^2}:
 * the mean of the quietest frames (one spectrum for the whole clip) and a non-causal minimum-statistics tracker
 * (one spectrum per frame), both after Martin, "Noise power spectral density estimation based on optimal smoothing
 * and minimum statistics" (IEEE TSAP 2001), simplified to a fixed smoothing constant and a fixed bias factor.
 */
public final class NoiseEstimate {

    private NoiseEstimate() {
    }

    /** Returns the power {@code re^2 + im^2} of {@code s}, {@code [bin][frame]}. */
    public static float[][] power(ComplexSpectrogram s) {
        int nb = s.bins();
        int nf = s.frames();
        float[][] p = new float[nb][nf];
        for (int k = 0; k < nb; k++) {
            float[] re = s.re()[k];
            float[] im = s.im()[k];
            float[] row = p[k];
            for (int t = 0; t < nf; t++) {
                row[t] = re[t] * re[t] + im[t] * im[t];
            }
        }
        return p;
    }

    /**
     * Returns the noise power per bin ({@code double[bin]}, units of {@code power}) as the mean of {@code power[k][t]}
     * over the {@code fraction} (0..1] of frames with the least total power (at least one frame).
     */
    public static double[] quietestFrames(float[][] power, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
        }
        int nb = power.length;
        int nf = nb == 0 ? 0 : power[0].length;
        double[] noise = new double[nb];
        if (nf == 0) {
            return noise;
        }
        double[] energy = new double[nf];
        for (float[] row : power) {
            for (int t = 0; t < nf; t++) {
                energy[t] += row[t];
            }
        }
        Integer[] order = new Integer[nf];
        for (int t = 0; t < nf; t++) {
            order[t] = t;
        }
        Arrays.sort(order, (a, b) -> Double.compare(energy[a], energy[b]));
        int count = Math.max(1, (int) Math.round(fraction * nf));
        for (int k = 0; k < nb; k++) {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += power[k][order[i]];
            }
            noise[k] = sum / count;
        }
        return noise;
    }

    /**
     * Returns a per-frame noise power {@code [bin][frame]} by minimum statistics: the power is smoothed over time by a
     * first-order recursion with constant {@code smoothing} (0..1), the minimum of the smoothed power is taken over a
     * window of {@code window} frames centred on each frame (clipped at the ends), and multiplied by {@code bias} (>= 1)
     * to undo the minimum's downward bias.
     */
    public static float[][] minimumStatistics(float[][] power, int window, double smoothing, double bias) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least one frame: " + window);
        }
        if (!(smoothing >= 0 && smoothing < 1) || !(bias >= 1)) {
            throw new IllegalArgumentException("need 0 <= smoothing < 1 and bias >= 1");
        }
        int nb = power.length;
        int nf = nb == 0 ? 0 : power[0].length;
        float[][] out = new float[nb][nf];
        double[] smooth = new double[nf];
        int[] deque = new int[nf];
        int before = window / 2;
        int after = window - 1 - before;
        for (int k = 0; k < nb; k++) {
            float[] row = power[k];
            if (nf == 0) {
                continue;
            }
            // Start the recursion at the mean of the first few frames so the first minimum is not a single periodogram value.
            int warm = Math.min(nf, 8);
            double s = 0;
            for (int t = 0; t < warm; t++) {
                s += row[t];
            }
            s /= warm;
            for (int t = 0; t < nf; t++) {
                s = smoothing * s + (1 - smoothing) * row[t];
                smooth[t] = s;
            }
            // Sliding minimum over [t - before, t + after] with a monotonic deque of frame indices.
            int head = 0;
            int tail = 0;
            int next = 0;
            for (int t = 0; t < nf; t++) {
                int hi = Math.min(nf - 1, t + after);
                while (next <= hi) {
                    while (tail > head && smooth[deque[tail - 1]] >= smooth[next]) {
                        tail--;
                    }
                    deque[tail++] = next++;
                }
                while (deque[head] < t - before) {
                    head++;
                }
                out[k][t] = (float) (bias * smooth[deque[head]]);
            }
        }
        return out;
    }
}
