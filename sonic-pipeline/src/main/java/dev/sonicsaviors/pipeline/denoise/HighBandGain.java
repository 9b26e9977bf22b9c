package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.Stft;

/**
 * Denoises the part of a signal that a model working at a lower sample rate cannot see (above about 10 kHz for a 22,050 Hz
 * model at 44.1 or 48 kHz; the resampler's transition band at other rates), so that it is kept and cleaned instead of deleted.
 *
 * <p>The band is the exact complement of the model's path ({@code x} minus its round trip through the model's rate), so with
 * unit gains the output is the input. It is transformed at the input rate (about 21 ms frames, half overlap) and each bin gets
 * a decision-directed Wiener gain (a priori SNR smoothed over time, factor 0.9) against a noise spectrum estimated per segment
 * (each bin's 20 % quantile over time, bias-corrected and averaged over five neighbouring bins), floored at the learned model's
 * gain floor. The learned model's gains on the band below are not used: measured on full-band speech with white and pink
 * noise, limiting the gains by them removed 6-8 dB of the speech in the band, as the model is cautious near its upper edge.
 */
public final class HighBandGain {

    /** Lowest gain, as the learned model's floor (-26 dB). */
    public static final float FLOOR = 0.05f;
    private static final double SMOOTHING = 0.9;
    /** Share of frames below the noise estimate's order statistic: the noise power of a bin is its 20 % quantile over the segment, bias-corrected for exponentially distributed periodogram values. */
    private static final double QUANTILE = 0.2;

    private HighBandGain() {
    }

    /**
     * Returns the STFT size in samples used at {@code sampleRate} Hz: the power of two nearest to 21.3 ms (1,024 at 48 kHz,
     * 512 at 22,050 Hz), at least 64.
     */
    public static int frameSize(int sampleRate) {
        int n = Integer.highestOneBit(Math.max(64, (int) Math.round(sampleRate * 0.0213)));
        return sampleRate * 0.0213 > 1.5 * n ? 2 * n : n;
    }

    /**
     * Returns {@code band} (the input's content outside the model's path, {@code band.length} samples at {@code sampleRate} Hz)
     * with its noise reduced.
     *
     * @param band the high band, at the input rate
     * @param sampleRate the input rate in Hz
     * @param fromHz lowest frequency in Hz the band can hold (bins below it are left as they are: the band is empty there)
     */
    public static float[] denoise(float[] band, int sampleRate, double fromHz) {
        int nFft = frameSize(sampleRate);
        Stft stft = new Stft(nFft, nFft / 2);
        ComplexSpectrogram s = stft.forward(band);
        int bins = s.bins();
        int frames = s.frames();
        float[][] re = s.re();
        float[][] im = s.im();
        // Two passes over the bins with one scratch row (memory: the spectrogram and one row): noise, then gains.
        double[] row = new double[frames];
        double[] quantile = new double[bins];
        int first = Math.max(0, Math.min(bins, (int) Math.floor(fromHz * nFft / sampleRate) - 2));
        for (int k = first; k < bins; k++) {
            for (int t = 0; t < frames; t++) {
                row[t] = (double) re[k][t] * re[k][t] + (double) im[k][t] * im[k][t];
            }
            quantile[k] = quantile(row, QUANTILE) / -Math.log(1 - QUANTILE);
        }
        for (int k = first + 2; k < bins; k++) {
            double noise = 0;
            int m = 0;
            for (int j = Math.max(first, k - 2); j <= Math.min(bins - 1, k + 2); j++) {
                noise += quantile[j];
                m++;
            }
            noise /= m;
            if (!(noise > 0)) {
                continue;
            }
            float[] r = re[k];
            float[] q = im[k];
            double prev = 0;
            for (int t = 0; t < frames; t++) {
                double post = ((double) r[t] * r[t] + (double) q[t] * q[t]) / noise;
                double xi = SMOOTHING * prev + (1 - SMOOTHING) * Math.max(post - 1, 0);
                double g = xi / (1 + xi);
                prev = g * g * post;
                float gain = (float) Math.max(FLOOR, g);
                r[t] *= gain;
                q[t] *= gain;
            }
        }
        return stft.inverse(s, band.length);
    }

    /** Returns the {@code q} quantile of {@code p} (the order statistic at {@code floor(q n)}, by selection; reorders it). */
    static double quantile(double[] p, double q) {
        int want = Math.min(p.length - 1, (int) (q * p.length));
        int lo = 0;
        int hi = p.length - 1;
        while (lo < hi) {
            double pivot = p[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (p[i] < pivot) {
                    i++;
                }
                while (p[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = p[i];
                    p[i] = p[j];
                    p[j] = t;
                    i++;
                    j--;
                }
            }
            if (want <= j) {
                hi = j;
            } else if (want >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return p[want];
    }
}
