package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.dsp.Stft;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

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
    /** {@link #outsideShare} per (input rate, model rate), measured once. */
    private static final Map<List<Integer>, float[]> OUTSIDE = new ConcurrentHashMap<>();

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
        applyGains(s, 0, firstBin(sampleRate, fromHz), false);
        return stft.inverse(s, band.length);
    }

    /**
     * Returns what denoising the band outside a model's path changes, {@code denoise(band) - band}, computed from the whole
     * input {@code x} ({@code x.length} samples at {@code sampleRate} Hz) without the band itself: each bin of the input's
     * transform is weighted by {@code outside[bin]}, the share of that frequency the path does not carry (see
     * {@link #outsideShare(int, int)}), which stands for the band's transform; that is exact where the path is linear and
     * time-invariant (everywhere but in its transition band, where the resampler aliases a little). So the path's output
     * plus {@code x} minus the path's round trip plus this correction equals the path's output plus {@code denoise(band)},
     * one resampling fewer: the round trip never needs to be computed.
     *
     * @param x the input, at the input rate
     * @param sampleRate the input rate in Hz
     * @param fromHz lowest frequency in Hz the band can hold (no change below it)
     * @param outside the share of each bin outside the path, [bin] for {@link #frameSize(int)} {@code / 2 + 1} bins
     */
    public static float[] correction(float[] x, int sampleRate, double fromHz, float[] outside) {
        int nFft = frameSize(sampleRate);
        if (outside.length != nFft / 2 + 1) {
            throw new IllegalArgumentException("outside share has " + outside.length + " bins, expected " + (nFft / 2 + 1));
        }
        Stft stft = new Stft(nFft, nFft / 2);
        // Only the bins the gains can change (and the two below them, which the noise estimate averages over) are kept: the
        // change is zero below them, so the transform's lower part is never stored, weighted or inverted.
        int first = Math.max(0, Math.min(nFft / 2, firstBin(sampleRate, fromHz)));
        ComplexSpectrogram s = stft.forwardBand(x, first);
        float[][] re = s.re();
        float[][] im = s.im();
        for (int r = 0; r < re.length; r++) {
            float w = outside[first + r];
            for (int t = 0; t < re[r].length; t++) {
                re[r][t] *= w;
                im[r][t] *= w;
            }
        }
        applyGains(s, first, first, true);
        return stft.inverseBand(s, first, x.length);
    }

    /**
     * Returns the share of each bin of the {@link #frameSize(int)} transform at {@code sampleRate} Hz that a round trip
     * through {@code modelRate} Hz (two {@link Resampler}s of {@link #roundTripQuality}, as the denoiser's) does not
     * carry, {@code 1 - R(f)} with {@code R} the round trip's response: 0 in its pass band, 1 above the lower Nyquist
     * frequency. Measured once per pair of rates on seeded white noise (the cross-spectrum of output and input over their
     * auto-spectrum), so it is that resampler's exact response.
     */
    public static float[] outsideShare(int sampleRate, int modelRate) {
        return OUTSIDE.computeIfAbsent(List.of(sampleRate, modelRate), k -> measureOutside(sampleRate, modelRate)).clone();
    }

    /**
     * Returns the filter of the denoiser's round trip from {@code sampleRate} Hz through {@code modelRate} Hz:
     * {@link Resampler.Quality#SPEECH} from a higher rate (its wider transition band, about 9.5-11 kHz for a 22,050 Hz
     * model, is restored and denoised here, and the resampling costs 44 % less), {@link Resampler.Quality#HIGH} from a lower
     * one (there the transition band lies inside the speech band, 6.9-8 kHz at 16 kHz, and the model does better on it than
     * this band's Wiener gain: measured on held-out speech at 16 kHz, the shorter filter lost 0.02 PESQ WB).
     */
    static Resampler.Quality roundTripQuality(int sampleRate, int modelRate) {
        return sampleRate > modelRate ? Resampler.Quality.SPEECH : Resampler.Quality.HIGH;
    }

    /** Returns {@code x} ({@code sampleRate} Hz) through {@code modelRate} Hz and back with the filters of {@link #roundTripQuality}. */
    static float[] roundTrip(float[] x, int sampleRate, int modelRate) {
        Resampler.Quality quality = roundTripQuality(sampleRate, modelRate);
        float[] m = new Resampler(sampleRate, modelRate, quality).process(x);
        return new Resampler(modelRate, sampleRate, quality).process(m);
    }

    private static float[] measureOutside(int sampleRate, int modelRate) {
        int nFft = frameSize(sampleRate);
        SplittableRandom random = new SplittableRandom(20_261_207L);
        float[] x = new float[nFft * 256];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] y = roundTrip(x, sampleRate, modelRate);
        Stft stft = new Stft(nFft, nFft / 2);
        ComplexSpectrogram sx = stft.forward(x);
        ComplexSpectrogram sy = stft.forward(Arrays.copyOf(y, x.length));
        float[] outside = new float[sx.bins()];
        int frames = sx.frames();
        for (int k = 0; k < outside.length; k++) {
            double cross = 0;
            double auto = 0;
            for (int t = 2; t < frames - 2; t++) { // away from the signal's edges
                cross += (double) sx.re()[k][t] * sy.re()[k][t] + (double) sx.im()[k][t] * sy.im()[k][t];
                auto += (double) sx.re()[k][t] * sx.re()[k][t] + (double) sx.im()[k][t] * sx.im()[k][t];
            }
            outside[k] = (float) Math.max(0, Math.min(1, 1 - cross / auto));
        }
        return outside;
    }

    /** Returns the first bin the gains may change: two below the bin of {@code fromHz}. */
    private static int firstBin(int sampleRate, double fromHz) {
        return (int) Math.floor(fromHz * frameSize(sampleRate) / sampleRate) - 2;
    }

    /**
     * Multiplies each bin from {@code first + 2} up by its gain ({@code minusOne}: by its gain minus one, and every other bin
     * by 0, which gives the change the gains make): noise per bin as the bias-corrected quantile over time averaged over
     * five neighbouring bins from {@code first} up, then the decision-directed Wiener gain, floored at {@link #FLOOR}. Row
     * {@code r} of {@code s} holds bin {@code offset + r} (a spectrogram from {@link Stft#forwardBand} has {@code offset > 0};
     * {@code first} must then be at least {@code offset}).
     */
    private static void applyGains(ComplexSpectrogram s, int offset, int firstIn, boolean minusOne) {
        int bins = s.bins();
        int frames = s.frames();
        float[][] re = s.re();
        float[][] im = s.im();
        int first = Math.max(0, Math.min(bins, firstIn - offset));
        // Two passes over the bins with one scratch row (memory: the spectrogram and one row): noise, then gains.
        double[] row = new double[frames];
        double[] quantile = new double[bins];
        for (int k = first; k < bins; k++) {
            for (int t = 0; t < frames; t++) {
                row[t] = (double) re[k][t] * re[k][t] + (double) im[k][t] * im[k][t];
            }
            quantile[k] = quantile(row, QUANTILE) / -Math.log(1 - QUANTILE);
        }
        if (minusOne) {
            for (int k = 0; k < Math.min(bins, first + 2); k++) {
                Arrays.fill(re[k], 0f);
                Arrays.fill(im[k], 0f);
            }
        }
        for (int k = first + 2; k < bins; k++) {
            double noise = 0;
            int m = 0;
            for (int j = Math.max(first, k - 2); j <= Math.min(bins - 1, k + 2); j++) {
                noise += quantile[j];
                m++;
            }
            noise /= m;
            float[] r = re[k];
            float[] q = im[k];
            if (!(noise > 0)) {
                if (minusOne) {
                    Arrays.fill(r, 0f);
                    Arrays.fill(q, 0f);
                }
                continue;
            }
            double prev = 0;
            for (int t = 0; t < frames; t++) {
                double post = ((double) r[t] * r[t] + (double) q[t] * q[t]) / noise;
                double xi = SMOOTHING * prev + (1 - SMOOTHING) * Math.max(post - 1, 0);
                double g = xi / (1 + xi);
                prev = g * g * post;
                float gain = (float) Math.max(FLOOR, g);
                if (minusOne) {
                    gain -= 1;
                }
                r[t] *= gain;
                q[t] *= gain;
            }
        }
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
