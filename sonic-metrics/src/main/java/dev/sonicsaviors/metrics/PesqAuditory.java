package dev.sonicsaviors.metrics;

import static dev.sonicsaviors.metrics.PesqParams.ABS_THRESH_POWER;
import static dev.sonicsaviors.metrics.PesqParams.SL;
import static dev.sonicsaviors.metrics.PesqParams.ZWICKER_EXP;
import static dev.sonicsaviors.metrics.PesqParams.plan;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Stage 3 of PESQ, the auditory transform: pitch power densities in Bark bands of 32 ms Hann frames, compensation of
 * the system's frequency response, audible power, and Zwicker loudness. One instance per scoring call (it keeps an FFT
 * buffer); not for sharing between threads.
 */
final class PesqAuditory {
    private final int nf;
    private final int bands;
    private final double sp;
    private final int[] binsPerBand;
    private final double[] powDens;
    private final double[] window;
    private final DoubleFFT_1D fft;
    private final double[] buf;

    /** Creates the stage for the model rate of {@code p}. */
    PesqAuditory(PesqParams p) {
        this.nf = p.nf;
        this.bands = p.bands;
        this.sp = p.sp;
        this.binsPerBand = p.binsPerBand;
        this.powDens = p.powDens;
        this.window = p.window;
        this.fft = plan(nf);
        this.buf = new double[nf];
    }

    /**
     * Removes the system's linear frequency response: scales each band of the reference frames {@code pr} by the ratio
     * of the degraded to the reference power averaged over the audible frames ({@code [frame][band]}; clamped to
     * [0.01, 100]), in place.
     */
    void compensateFrequencyResponse(double[][] pr, double[][] pd, boolean[] silent, int frames, int allFrames) {
        double[] eq = new double[bands];
        for (int b = 0; b < bands; b++) {
            double sr = 0;
            double sd = 0;
            for (int f = 0; f < frames; f++) {
                if (!silent[f]) {
                    if (pr[f][b] > 100 * ABS_THRESH_POWER[b]) {
                        sr += pr[f][b];
                    }
                    if (pd[f][b] > 100 * ABS_THRESH_POWER[b]) {
                        sd += pd[f][b];
                    }
                }
            }
            double x = (sd / allFrames + 1000) / (sr / allFrames + 1000);
            eq[b] = Math.min(100, Math.max(0.01, x));
        }
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < bands; b++) {
                pr[f][b] *= eq[b];
            }
        }
    }

    /** Pitch power densities (49 Bark bands) of the Hann-windowed frame starting at {@code start}. */
    double[] barkSpectrum(double[] x, int start) {
        for (int i = 0; i < nf; i++) {
            int k = start + i;
            buf[i] = k >= 0 && k < x.length ? window[i] * x[k] : 0;
        }
        fft.realForward(buf);
        double[] out = new double[bands];
        int bin = 0;
        for (int b = 0; b < bands; b++) {
            double s = 0;
            for (int j = 0; j < binsPerBand[b]; j++, bin++) {
                if (bin > 0) { // the DC bin carries no pitch power
                    s += buf[2 * bin] * buf[2 * bin] + buf[2 * bin + 1] * buf[2 * bin + 1];
                }
            }
            out[b] = s * powDens[b] * sp;
        }
        return out;
    }

    /** Sum of the band powers above {@code factor} times the hearing threshold (bands 1..48). */
    double audible(double[] p, double factor) {
        double s = 0;
        for (int b = 1; b < bands; b++) {
            if (p[b] > factor * ABS_THRESH_POWER[b]) {
                s += p[b];
            }
        }
        return s;
    }

    /** Zwicker loudness density (sone/Bark) of a band's pitch power density. */
    static double loudness(double p, int b) {
        double t = ABS_THRESH_POWER[b];
        if (p <= t) {
            return 0;
        }
        double e = ZWICKER_EXP[b];
        return SL * Math.pow(t / 0.5, e) * (Math.pow(0.5 + 0.5 * p / t, e) - 1);
    }
}
