package dev.sonicsaviors.metrics;

import static dev.sonicsaviors.metrics.PesqParams.BAD_FRAME;
import static dev.sonicsaviors.metrics.PesqParams.SEARCH_BLOCKS;
import static dev.sonicsaviors.metrics.PesqParams.SILENCE_OF_5_SAMPLES;
import static dev.sonicsaviors.metrics.PesqParams.WIDTH_BARK;
import static dev.sonicsaviors.metrics.PesqParams.plan;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Stage 4 of PESQ, disturbance and aggregation: per frame, the gain-compensated loudness difference with a masking dead
 * zone (symmetric, L2 over bands) and its asymmetry-weighted form (L1); frames lost at a delay decrease are ignored, runs
 * of bad frames realigned; then L6 over 320 ms windows and L2 over time give d_sym and d_asym and the raw score
 * {@code 4.5 - 0.1 d_sym - 0.0309 d_asym}. One instance per scoring call.
 */
final class PesqDisturbance {
    private final int nf;
    private final int hop;
    private final int ds;
    private final int sb;
    private final int pad;
    private final int bands;
    private final double totalWidth;
    private final PesqAuditory aud;
    private final double[] ref;
    private final double[] deg;
    private final int ns;
    private final PesqAlignment al;

    /** Runs this stage on the given signals at the model rate of {@code p}. */
    PesqDisturbance(PesqParams p, double[] ref, double[] deg, int ns, PesqAlignment al) {
        this.nf = p.nf;
        this.hop = p.hop;
        this.ds = p.ds;
        this.sb = p.sb;
        this.pad = p.pad;
        this.bands = p.bands;
        this.totalWidth = p.totalWidth;
        this.aud = new PesqAuditory(p);
        this.ref = ref;
        this.deg = deg;
        this.ns = ns;
        this.al = al;
    }

    private int delayAt(int sample) {
        int u = al.count - 1;
        while (u >= 0 && al.start[u] * ds > sample) {
            u--;
        }
        return u >= 0 ? al.delay[u] : al.delay[0];
    }

    double rawScore() {
        int total = ns + pad;
        int skipStart = 0;
        while (skipStart < ns / 2 && sumAbs5(ref, sb + skipStart) < SILENCE_OF_5_SAMPLES) {
            skipStart++;
        }
        int skipEnd = 0;
        while (skipEnd < ns / 2 && sumAbs5(ref, ns - sb + pad - 5 - skipEnd) < SILENCE_OF_5_SAMPLES) {
            skipEnd++;
        }
        int startFrame = skipStart / hop;
        int stopFrame = (ns - 2 * sb + pad - skipEnd) / hop - 1;
        if (stopFrame < startFrame || stopFrame < 0) {
            throw new PesqException("no utterance found in the reference");
        }
        int frames = stopFrame + 1;
        double[][] pr = new double[frames][];
        double[][] pd = new double[frames][];
        boolean[] silent = new boolean[frames];
        for (int f = 0; f < frames; f++) {
            int sr = sb + f * hop;
            int sd = sr + delayAt(sr);
            pr[f] = aud.barkSpectrum(ref, sr);
            pd[f] = sd > 0 && sd + nf < total ? aud.barkSpectrum(deg, sd) : new double[bands];
            silent[f] = aud.audible(pr[f], 100) < 1e7;
        }
        int allFrames = (ns - 2 * sb + pad) / hop - 1;
        aud.compensateFrequencyResponse(pr, pd, silent, frames, allFrames);
        double[] dist = new double[frames];
        double[] distAsym = new double[frames];
        double[] totalRef = new double[frames];
        boolean anyBad = false;
        double oldScale = 1;
        double[] out = new double[2];
        for (int f = 0; f < frames; f++) {
            totalRef[f] = aud.audible(pr[f], 1);
            oldScale = disturbance(pr[f], pd[f], f > 0, oldScale, out);
            dist[f] = out[0];
            distAsym[f] = out[1];
            anyBad |= dist[f] > BAD_FRAME;
        }
        for (int u = 1; u < al.count; u++) {
            int f1 = Math.floorDiv((al.start[u] - SEARCH_BLOCKS) * ds + al.delay[u], hop);
            int j = Math.floorDiv((al.end[u - 1] - SEARCH_BLOCKS) * ds + al.delay[u - 1], hop);
            int jump = al.delay[u] - al.delay[u - 1];
            f1 = Math.max(0, Math.min(f1, j));
            if (jump < -hop) {
                int f2 = ((al.start[u] - SEARCH_BLOCKS) * ds + Math.abs(jump)) / hop + 1;
                for (int f = f1; f <= f2; f++) {
                    if (f < stopFrame) {
                        dist[f] = 0;
                        distAsym[f] = 0;
                    }
                }
            }
        }
        if (anyBad) {
            realignBadIntervals(pr, pd, dist, distAsym, stopFrame);
        }
        for (int f = 0; f < frames; f++) {
            double h = Math.pow((totalRef[f] + 1e5) / 1e7, 0.04);
            dist[f] = Math.min(45, dist[f] / h);
            distAsym[f] = Math.min(45, distAsym[f] / h);
        }
        double[] weight = new double[frames];
        Arrays.fill(weight, 1);
        if (frames > 1000) {
            double n = (ns - 2 * sb) / (double) hop - 1;
            double tw = Math.min(0.5, (n - 1000) / 5500);
            for (int f = 0; f < frames; f++) {
                weight[f] = (1 - tw) + tw * f / frames;
            }
        }
        double dSym = lpq(dist, weight, startFrame, stopFrame);
        double dAsym = lpq(distAsym, weight, startFrame, stopFrame);
        return 4.5 - 0.1 * dSym - 0.0309 * dAsym;
    }

    /**
     * Gain-compensates {@code g} in place and writes the symmetric and asymmetric disturbances of one frame;
     * returns the (unclamped) smoothed gain.
     */
    private double disturbance(double[] r, double[] g, boolean smooth, double oldScale, double[] out) {
        double totRef = aud.audible(r, 1);
        double totDeg = aud.audible(g, 1);
        double s = (totRef + 5000) / (totDeg + 5000);
        if (smooth) {
            s = 0.2 * oldScale + 0.8 * s;
        }
        double next = s;
        s = Math.min(5, Math.max(3e-4, s));
        double[] d = new double[bands];
        double[] da = new double[bands];
        for (int b = 0; b < bands; b++) {
            g[b] *= s;
            double lr = PesqAuditory.loudness(r[b], b);
            double ld = PesqAuditory.loudness(g[b], b);
            double diff = ld - lr;
            double m = 0.25 * Math.min(lr, ld);
            if (diff > m) {
                diff -= m;
            } else if (diff < -m) {
                diff += m;
            } else {
                diff = 0;
            }
            d[b] = diff;
            double a = Math.pow((g[b] + 50) / (r[b] + 50), 1.2);
            if (a > 12) {
                a = 12;
            } else if (a < 3) {
                a = 0;
            }
            da[b] = diff * a;
        }
        out[0] = pseudoLp(d, 2);
        out[1] = pseudoLp(da, 1);
        return next;
    }

    /** Re-aligns runs of bad frames by the magnitude correlation and keeps the lower disturbances. */
    private void realignBadIntervals(double[][] pr, double[][] pd, double[] dist, double[] distAsym,
            int stopFrame) {
        int frames = stopFrame + 1;
        int nn = ns + pad;
        double[] tweaked = new double[nn];
        for (int i = sb; i < nn - sb; i++) {
            int j = i + delayAt(i);
            j = Math.max(sb, Math.min(nn - sb - 1, j));
            tweaked[i] = deg[j];
        }
        boolean[] bad = new boolean[frames];
        for (int f = 0; f < frames; f++) {
            bad[f] = dist[f] > BAD_FRAME;
        }
        bad[0] = false;
        boolean[] smeared = new boolean[frames];
        for (int f = 2; f < stopFrame - 2; f++) {
            boolean left = bad[f - 2] || bad[f - 1] || bad[f];
            boolean right = bad[f] || bad[f + 1] || bad[f + 2];
            smeared[f] = left && right;
        }
        int[] starts = new int[frames];
        int[] stops = new int[frames];
        int n = 0;
        int f = 0;
        while (f <= stopFrame) {
            while (f <= stopFrame && !smeared[f]) {
                f++;
            }
            if (f <= stopFrame) {
                starts[n] = f;
                while (f <= stopFrame && smeared[f]) {
                    f++;
                }
                if (f <= stopFrame) {
                    stops[n] = f;
                    if (stops[n] - starts[n] >= 5) {
                        n++;
                    }
                }
            }
        }
        if (n == 0) {
            return;
        }
        double[] twice = tweaked.clone();
        int[] startSample = new int[n];
        int[] stopSample = new int[n];
        for (int k = 0; k < n; k++) {
            startSample[k] = starts[k] * hop + sb;
            stopSample[k] = startSample[k] + (stops[k] - starts[k]) * hop + nf;
            int delay = magnitudeDelay(ref, tweaked, startSample[k], stopSample[k], 4 * nf, ns - sb + pad);
            for (int i = startSample[k]; i < stopSample[k] && i < nn; i++) {
                int j = Math.max(0, Math.min(ns - 1, i + delay));
                twice[i] = tweaked[j];
            }
        }
        double[] out = new double[2];
        for (int k = 0; k < n; k++) {
            double oldScale = 1;
            for (f = starts[k]; f < stops[k]; f++) {
                int s = sb + f * hop;
                double[] g = aud.barkSpectrum(twice, s);
                oldScale = disturbance(pr[f], g, f > 0, oldScale, out);
                dist[f] = Math.min(dist[f], out[0]);
                distAsym[f] = Math.min(distAsym[f], out[1]);
            }
        }
    }

    /**
     * Lag in [-range, range) maximising the normalised correlation of the magnitudes of the reference stretch
     * {@code a[from, to)} and the degraded signal around it; 0 when the best correlation is below 0.5.
     */
    private int magnitudeDelay(double[] a, double[] b, int from, int to, int range, int limit) {
        int n = to - from + 2 * range;
        int p = 1;
        while (p < 2 * n) {
            p <<= 1;
        }
        double[] x1 = new double[p];
        double[] x2 = new double[p];
        double pa = 0;
        double pb = 0;
        for (int i = 0; i < to - from; i++) {
            double v = from + i < a.length ? a[from + i] : 0;
            x1[range + i] = Math.abs(v);
            pa += v * v;
        }
        for (int i = 0; i < n; i++) {
            int j = Math.max(sb, Math.min(limit - 1, from - range + i));
            double v = b[j];
            x2[i] = Math.abs(v);
            pb += v * v;
        }
        if (pa / p <= 1e-6 || pb / p <= 1e-6) {
            return 0;
        }
        double norm = Math.sqrt(pa * pb);
        DoubleFFT_1D f = plan(p);
        f.realForward(x1);
        f.realForward(x2);
        PesqParams.conjugateProduct(x1, x2, x1, p);
        f.realInverse(x1, true);
        double best = 0;
        int lag = 0;
        for (int i = -range; i < range; i++) {
            double v = Math.abs(x1[Math.floorMod(i, p)]) / norm;
            if (v > best) {
                best = v;
                lag = i;
            }
        }
        return best < 0.5 ? 0 : lag;
    }


    /** Band-width weighted Lp norm over bands 1..48, scaled by the total width. */
    private double pseudoLp(double[] x, double p) {
        double s = 0;
        for (int b = 1; b < bands; b++) {
            double v = Math.abs(x[b]) * WIDTH_BARK[b];
            s += p == 1 ? v : Math.pow(v, p);
        }
        return Math.pow(s / totalWidth, 1 / p) * totalWidth;
    }

    private static double sumAbs5(double[] x, int start) {
        double s = 0;
        for (int i = 0; i < 5; i++) {
            int k = start + i;
            if (k >= 0 && k < x.length) {
                s += Math.abs(x[k]);
            }
        }
        return s;
    }

    /** L6 over 20-frame windows (hop 10) then weighted L2 over the windows, frames {@code start..stop}. */
    private static double lpq(double[] x, double[] weight, int start, int stop) {
        double outer = 0;
        double totalWeight = 0;
        for (int s = start; s <= stop; s += 10) {
            double inner = 0;
            for (int f = s; f < s + 20; f++) {
                if (f <= stop) {
                    double v = x[f];
                    double v2 = v * v;
                    inner += v2 * v2 * v2;
                }
            }
            inner = Math.pow(inner / 20, 1.0 / 6);
            double w = weight[s - start];
            outer += w * w * inner * inner;
            totalWeight += w * w;
        }
        return Math.sqrt(outer / totalWeight);
    }
}
