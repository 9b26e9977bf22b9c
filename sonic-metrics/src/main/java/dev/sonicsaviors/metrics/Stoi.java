package dev.sonicsaviors.metrics;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Short-time objective intelligibility: STOI (Taal, Hendriks, Heusdens and Jensen, "An algorithm for
 * intelligibility prediction of time-frequency weighted noisy speech", IEEE TASLP 19(7), 2011) and its extended
 * form ESTOI (Jensen and Taal, "An algorithm for predicting the intelligibility of speech masked by modulated
 * noise maskers", IEEE/ACM TASLP 24(11), 2016), computed as pystoi 0.4.1 computes them.
 *
 * <p>Both signals are truncated to the shorter length and resampled to 10 kHz (pystoi's Kaiser-windowed
 * polyphase design, see {@link #SAMPLE_RATE}); frames of 256 samples (Hann window, 50% overlap) whose clean
 * energy lies more than 40 dB below the loudest clean frame are removed from both signals, which are then
 * overlap-added back; a 512-point STFT (same frames) is grouped into 15 one-third-octave bands from 150 Hz
 * (band envelope = root of the summed power); 30-frame segments (384 ms) are compared. STOI normalises each
 * degraded band segment to the clean one's energy, clips it at -15 dB signal-to-distortion ratio and averages
 * the correlation coefficients over bands and segments; ESTOI normalises each segment's rows (over time) then
 * columns (over bands) to zero mean and unit norm and averages the per-frame inner products.
 *
 * <p>Scores are dimensionless, about 0..1 (can be slightly negative). As in pystoi, a signal too short to give
 * one 30-frame segment after silence removal scores {@link #TOO_SHORT} (1e-5).
 */
public final class Stoi {
    /** Internal sample rate (Hz) at which the measure is computed. */
    public static final int SAMPLE_RATE = 10_000;
    /** Score returned (as pystoi does) when fewer than 30 frames remain: 1e-5. */
    public static final double TOO_SHORT = 1e-5;

    private static final int FRAME = 256;
    private static final int HOP = FRAME / 2;
    private static final int NFFT = 512;
    private static final int BANDS = 15;
    private static final double MIN_FREQ = 150;
    private static final int SEGMENT = 30;
    private static final double BETA_DB = -15;
    private static final double DYN_RANGE_DB = 40;
    private static final double EPS = Math.ulp(1.0);
    private static final double[] WINDOW = new double[FRAME];
    /** One-third-octave bands as FFT bin ranges {@code [lo, hi)}. */
    private static final int[] BAND_LO = new int[BANDS];
    private static final int[] BAND_HI = new int[BANDS];

    static {
        for (int i = 0; i < FRAME; i++) {
            WINDOW[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 1) / (FRAME + 1));
        }
        int bins = NFFT / 2 + 1;
        for (int k = 0; k < BANDS; k++) {
            BAND_LO[k] = nearestBin(MIN_FREQ * Math.pow(2, (2.0 * k - 1) / 6), bins);
            BAND_HI[k] = nearestBin(MIN_FREQ * Math.pow(2, (2.0 * k + 1) / 6), bins);
        }
    }

    private Stoi() {}

    /** Returns the STOI score (about 0..1) of {@code degraded} against {@code clean}, both at {@code sampleRate} Hz. */
    public static double compute(float[] clean, float[] degraded, int sampleRate) {
        return compute(clean, degraded, sampleRate, false);
    }

    /** Returns STOI, or ESTOI when {@code extended} is true (about 0..1), of {@code degraded} against {@code clean} at {@code sampleRate} Hz. */
    public static double compute(float[] clean, float[] degraded, int sampleRate, boolean extended) {
        return scores(clean, degraded, sampleRate, !extended, extended)[extended ? 1 : 0];
    }

    /** Returns {STOI, ESTOI}, sharing the resampling and the band envelopes; a score not wanted is NaN. */
    static double[] scores(float[] clean, float[] degraded, int sampleRate, boolean wantStoi, boolean wantEstoi) {
        Signals.checkRate(sampleRate);
        int n = Signals.commonLength(clean, degraded);
        double[][] r = StoiResampler.resample(Signals.toDouble(clean, n), Signals.toDouble(degraded, n), sampleRate,
                SAMPLE_RATE);
        double[][] xy = removeSilentFrames(r[0], r[1]);
        if (xy == null) {
            return new double[] {TOO_SHORT, TOO_SHORT};
        }
        double[][] xt = thirdOctaveEnvelopes(xy[0]);
        double[][] yt = thirdOctaveEnvelopes(xy[1]);
        int frames = xt[0].length;
        if (frames < SEGMENT) {
            return new double[] {TOO_SHORT, TOO_SHORT};
        }
        return new double[] {wantStoi ? stoi(xt, yt, frames) : Double.NaN,
                wantEstoi ? estoi(xt, yt, frames) : Double.NaN};
    }

    private static double stoi(double[][] xt, double[][] yt, int frames) {
        double clip = Math.pow(10, -BETA_DB / 20);
        double[] xs = new double[SEGMENT];
        double[] ys = new double[SEGMENT];
        double total = 0;
        int segments = frames - SEGMENT + 1;
        for (int m = SEGMENT; m <= frames; m++) {
            for (int j = 0; j < BANDS; j++) {
                double nx = 0;
                double ny = 0;
                for (int t = 0; t < SEGMENT; t++) {
                    xs[t] = xt[j][m - SEGMENT + t];
                    ys[t] = yt[j][m - SEGMENT + t];
                    nx += xs[t] * xs[t];
                    ny += ys[t] * ys[t];
                }
                double alpha = Math.sqrt(nx) / (Math.sqrt(ny) + EPS);
                double mx = 0;
                double my = 0;
                for (int t = 0; t < SEGMENT; t++) {
                    ys[t] = Math.min(ys[t] * alpha, xs[t] * (1 + clip));
                    mx += xs[t];
                    my += ys[t];
                }
                mx /= SEGMENT;
                my /= SEGMENT;
                double sxx = 0;
                double syy = 0;
                double sxy = 0;
                for (int t = 0; t < SEGMENT; t++) {
                    double a = xs[t] - mx;
                    double b = ys[t] - my;
                    sxx += a * a;
                    syy += b * b;
                    sxy += a * b;
                }
                total += sxy / ((Math.sqrt(sxx) + EPS) * (Math.sqrt(syy) + EPS));
            }
        }
        return total / ((double) segments * BANDS);
    }

    private static double estoi(double[][] xt, double[][] yt, int frames) {
        double[][] xs = new double[BANDS][SEGMENT];
        double[][] ys = new double[BANDS][SEGMENT];
        double total = 0;
        int segments = frames - SEGMENT + 1;
        for (int m = SEGMENT; m <= frames; m++) {
            for (int j = 0; j < BANDS; j++) {
                System.arraycopy(xt[j], m - SEGMENT, xs[j], 0, SEGMENT);
                System.arraycopy(yt[j], m - SEGMENT, ys[j], 0, SEGMENT);
            }
            rowColNormalize(xs);
            rowColNormalize(ys);
            double s = 0;
            for (int j = 0; j < BANDS; j++) {
                for (int t = 0; t < SEGMENT; t++) {
                    s += xs[j][t] * ys[j][t] / SEGMENT;
                }
            }
            total += s;
        }
        return total / segments;
    }

    /** Rows (bands, over time) then columns (frames, over bands) to zero mean and unit norm, in place. */
    private static void rowColNormalize(double[][] a) {
        for (int j = 0; j < BANDS; j++) {
            double mean = 0;
            for (int t = 0; t < SEGMENT; t++) {
                mean += a[j][t];
            }
            mean /= SEGMENT;
            double norm = 0;
            for (int t = 0; t < SEGMENT; t++) {
                a[j][t] -= mean;
                norm += a[j][t] * a[j][t];
            }
            norm = Math.sqrt(norm) + EPS;
            for (int t = 0; t < SEGMENT; t++) {
                a[j][t] /= norm;
            }
        }
        for (int t = 0; t < SEGMENT; t++) {
            double mean = 0;
            for (int j = 0; j < BANDS; j++) {
                mean += a[j][t];
            }
            mean /= BANDS;
            double norm = 0;
            for (int j = 0; j < BANDS; j++) {
                a[j][t] -= mean;
                norm += a[j][t] * a[j][t];
            }
            norm = Math.sqrt(norm) + EPS;
            for (int j = 0; j < BANDS; j++) {
                a[j][t] /= norm;
            }
        }
    }

    /** Drops frames whose windowed clean energy is more than 40 dB below the loudest; null when no frame exists. */
    private static double[][] removeSilentFrames(double[] x, double[] y) {
        int count = frameCount(x.length);
        if (count <= 0) {
            return null;
        }
        double[] energy = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < count; f++) {
            double s = 0;
            int o = f * HOP;
            for (int i = 0; i < FRAME; i++) {
                double v = WINDOW[i] * x[o + i];
                s += v * v;
            }
            energy[f] = 20 * Math.log10(Math.sqrt(s) + EPS);
            max = Math.max(max, energy[f]);
        }
        int kept = 0;
        for (int f = 0; f < count; f++) {
            if (max - DYN_RANGE_DB - energy[f] < 0) {
                kept++;
            }
        }
        int len = (kept - 1) * HOP + FRAME;
        double[] xo = new double[len];
        double[] yo = new double[len];
        int k = 0;
        for (int f = 0; f < count; f++) {
            if (max - DYN_RANGE_DB - energy[f] < 0) {
                int o = f * HOP;
                int p = k * HOP;
                for (int i = 0; i < FRAME; i++) {
                    xo[p + i] += WINDOW[i] * x[o + i];
                    yo[p + i] += WINDOW[i] * y[o + i];
                }
                k++;
            }
        }
        return new double[][] {xo, yo};
    }

    /** Frames starting at 0, HOP, ... strictly before {@code length - FRAME} (pystoi's range). */
    private static int frameCount(int length) {
        int last = length - FRAME;
        return last <= 0 ? 0 : (last - 1) / HOP + 1;
    }

    /** One-third-octave band envelopes {@code [band][frame]} of a 10 kHz signal. */
    private static double[][] thirdOctaveEnvelopes(double[] x) {
        int frames = Math.max(0, frameCount(x.length));
        double[][] out = new double[BANDS][frames];
        DoubleFFT_1D fft = new DoubleFFT_1D(NFFT);
        double[] buf = new double[NFFT];
        double[] power = new double[NFFT / 2 + 1];
        for (int f = 0; f < frames; f++) {
            int o = f * HOP;
            for (int i = 0; i < FRAME; i++) {
                buf[i] = WINDOW[i] * x[o + i];
            }
            java.util.Arrays.fill(buf, FRAME, NFFT, 0);
            fft.realForward(buf);
            power[0] = buf[0] * buf[0];
            power[NFFT / 2] = buf[1] * buf[1];
            for (int k = 1; k < NFFT / 2; k++) {
                power[k] = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
            }
            for (int j = 0; j < BANDS; j++) {
                double s = 0;
                for (int k = BAND_LO[j]; k < BAND_HI[j]; k++) {
                    s += power[k];
                }
                out[j][f] = Math.sqrt(s);
            }
        }
        return out;
    }

    private static int nearestBin(double freq, int bins) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int k = 0; k < bins; k++) {
            double f = k * (double) SAMPLE_RATE / NFFT;
            double d = (f - freq) * (f - freq);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }
}
