package dev.sonicsaviors.metrics;

import static dev.sonicsaviors.metrics.PesqParams.MAX_UTTERANCES;
import static dev.sonicsaviors.metrics.PesqParams.MIN_UTTERANCE_BLOCKS;
import static dev.sonicsaviors.metrics.PesqParams.SEARCH_BLOCKS;
import static dev.sonicsaviors.metrics.PesqParams.plan;

import dev.sonicsaviors.dsp.RealFft;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Stage 2 of PESQ, time alignment: the crude delay of the whole file from the voice-activity envelopes ({@link PesqVad}),
 * the reference's utterances each with a crude and a fine delay (histogram of 64 ms frame-wise correlation peaks) and a
 * confidence, and the split of long utterances at a delay change. Positions are 4 ms blocks, delays samples.
 */
final class PesqAlignment {
    /** Marks an alignment frame whose spectrum was computed once and not kept. */
    private static final double[] SEEN = new double[0];

    /** Bins where one alignment frame pair's cross-correlation peaks, and the histogram weight they get. */
    private record FramePeak(int[] bins, double weight) {}

    private final int ds;
    private final int sb;
    private final int alignNfft;
    private final double[] alignWindow;
    final double[] ref;
    final double[] deg;
    final int ns;
    final PesqVad vr;
    final PesqVad vd;
    int crudeDelay;
    int count;
    final int[] searchStart = new int[MAX_UTTERANCES];
    final int[] searchEnd = new int[MAX_UTTERANCES];
    final int[] delayEst = new int[MAX_UTTERANCES];
    final int[] delay = new int[MAX_UTTERANCES];
    final double[] conf = new double[MAX_UTTERANCES];
    final int[] start = new int[MAX_UTTERANCES];
    final int[] end = new int[MAX_UTTERANCES];
    private final DoubleFFT_1D fft;
    private final double[] x1;
    private final double[] x2;
    /** Ascending indices of the reference blocks whose log envelope is non-zero. */
    private final int[] refNonZero;

    /** Runs this stage on the given signals at the model rate of {@code p}. */
    PesqAlignment(PesqParams p, double[] ref, double[] deg, int ns) {
        this.ds = p.ds;
        this.sb = p.sb;
        this.alignNfft = p.alignNfft;
        this.alignWindow = p.alignWindow;
        this.fft = plan(alignNfft);
        this.x1 = new double[alignNfft];
        this.x2 = new double[alignNfft];
        this.refScratch = new double[alignNfft];
        this.degScratch = new double[alignNfft];
        this.ref = ref;
        this.deg = deg;
        this.ns = ns;
        this.vr = new PesqVad(p, ref, ns);
        this.vd = new PesqVad(p, deg, ns);
        int nzCount = 0;
        for (double v : vr.log) {
            if (v != 0) {
                nzCount++;
            }
        }
        refNonZero = new int[nzCount];
        for (int i = 0, k = 0; i < vr.log.length; i++) {
            if (vr.log[i] != 0) {
                refNonZero[k++] = i;
            }
        }
        int nb = ns / ds;
        crudeDelay = crudeLag(0, nb, 0, nb) * ds;
        findSearchWindows();
        if (count == 0) {
            throw new PesqException("no utterance found in the reference");
        }
        for (int u = 0; u < count; u++) {
            delayEst[u] = crudeFor(searchStart[u], searchEnd[u], crudeDelay);
            double[] fine = fine(delayEst[u], searchStart[u] * ds, searchEnd[u] * ds, true);
            delay[u] = delayEst[u] + (int) fine[0];
            conf[u] = fine[1];
        }
        findUtterances();
        split();
    }

    /** Crude delay (samples) of a stretch of reference blocks, searched around {@code base} samples. */
    private int crudeFor(int sStart, int sEnd, int base) {
        int startr = sStart;
        int startd = startr + base / ds;
        if (startd < 0) {
            startr = -base / ds;
            startd = 0;
        }
        int nr = sEnd - startr;
        int nd = nr;
        if (startd + nd > ns / ds) {
            nd = ns / ds - startd;
        }
        return crudeLag(startr, nr, startd, nd) * ds + base;
    }

    /** Index of the first entry of the ascending {@code v} that is at least {@code x} ({@code v.length} if none). */
    private int firstAtLeast(int[] v, int x) {
        int lo = 0;
        int hi = v.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Lag (blocks) maximising the cross-correlation of the log envelopes {@code vr.log[startr, startr + nr)} and
     * {@code vd.log[startd, startd + nd)}: the first lag, from {@code -(nr - 1)} up, whose sum of products (summed
     * in index order) is the largest and positive, 0 when none is positive.
     *
     * <p>The envelopes are non-negative. An FFT cross-correlation gives every lag's sum to within far less than
     * {@code 1e-8 |a| |b|} (the error of a size-p FFT is of order {@code log2(p) sqrt(p) eps |a| |b|}), so only the
     * lags within twice that of the FFT maximum can hold the exact maximum; their sums are then computed directly,
     * in the same order as a direct search, which picks the same lag bit for bit at a fraction of the cost.
     */
    private int crudeLag(int startr, int nr, int startd, int nd) {
        if (nr <= 1 || nd <= 1) {
            return 0;
        }
        int len = nr + nd - 1;
        int p = Integer.highestOneBit(len - 1) << 1;
        double[] fa = new double[p];
        double[] fb = new double[p];
        double ea = 0;
        double eb = 0;
        for (int j = 0; j < nr; j++) {
            double v = vr.log[startr + j];
            fa[j] = v;
            ea += v * v;
        }
        for (int j = 0; j < nd; j++) {
            double v = vd.log[startd + j];
            fb[j] = v;
            eb += v * v;
        }
        if (ea == 0 || eb == 0) {
            return 0; // every sum is zero
        }
        double tol = 1e-8 * Math.sqrt(ea) * Math.sqrt(eb);
        if (!Double.isFinite(tol)) {
            return directLag(startr, nr, startd, nd, 0, len);
        }
        RealFft f = ffts.computeIfAbsent(p, RealFft::new);
        f.forward(fa);
        f.forward(fb);
        PesqParams.conjugateProduct(fa, fb, fa, p);
        f.inverse(fa); // fa[lag mod p] = sum_j a[j] b[j + lag]
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            top = Math.max(top, fa[Math.floorMod(i - nr + 1, p)]);
        }
        double floor = top - 2 * tol;
        double max = 0;
        int best = nr - 1;
        for (int i = 0; i < len; i++) {
            if (fa[Math.floorMod(i - nr + 1, p)] >= floor) {
                double s = sumAtLag(startr, nr, startd, nd, i - nr + 1);
                if (s > max) {
                    max = s;
                    best = i;
                }
            }
        }
        return best - nr + 1;
    }

    /** Transforms by size, for {@link #crudeLag}. */
    private final java.util.HashMap<Integer, RealFft> ffts = new java.util.HashMap<>();

    /** {@link #crudeLag} by direct search of the lags {@code i - nr + 1}, {@code i} in {@code [from, to)}. */
    private int directLag(int startr, int nr, int startd, int nd, int from, int to) {
        double max = 0;
        int best = nr - 1;
        for (int i = from; i < to; i++) {
            double s = sumAtLag(startr, nr, startd, nd, i - nr + 1);
            if (s > max) {
                max = s;
                best = i;
            }
        }
        return best - nr + 1;
    }

    /** Sum of {@code a[startr + j] b[startd + j + lag]} over the overlap, j ascending, skipping zero {@code a}. */
    private double sumAtLag(int startr, int nr, int startd, int nd, int lag) {
        double[] a = vr.log;
        double[] b = vd.log;
        int[] nz = refNonZero;
        double s = 0;
        int j0 = Math.max(0, -lag);
        int j1 = Math.min(nr, nd - lag);
        // the same terms in the same order as summing a[startr + j] * b[startd + j + lag] over j in [j0, j1)
        // while skipping a == 0, visiting only the non-zero reference blocks
        int k = firstAtLeast(nz, startr + j0);
        int stop = startr + j1;
        int shift = startd - startr + lag;
        for (; k < nz.length && nz[k] < stop; k++) {
            int idx = nz[k];
            s += a[idx] * b[idx + shift];
        }
        return s;
    }

    /**
     * Fine delay around {@code est} from the histogram of frame-wise correlation peaks: frames of the reference
     * from {@code from} (forward) up to {@code limit}, or from {@code from} (backward) down to {@code limit}.
     * Returns {lag, confidence}.
     */
    private double[] fine(int est, int from, int limit, boolean forward) {
        double[] h = new double[alignNfft];
        int startr;
        int startd;
        if (forward) {
            startr = from;
            startd = startr + est;
            if (startd < 0) {
                startr = -est;
                startd = 0;
            }
            while (startd + alignNfft <= ns && startr + alignNfft <= limit) {
                addFrame(h, startr, startd);
                startr += alignNfft / 4;
                startd += alignNfft / 4;
            }
        } else {
            startr = from;
            startd = startr + est;
            if (startd + alignNfft > ns) {
                startd = ns - alignNfft;
                startr = startd - est;
            }
            while (startd >= 0 && startr >= limit) {
                addFrame(h, startr, startd);
                startr -= alignNfft / 4;
                startd -= alignNfft / 4;
            }
        }
        double hsum = 0;
        for (double v : h) {
            hsum += v;
        }
        int kernel = alignNfft / 64;
        // the smoothed value of a bin further than the kernel from every non-zero bin is exactly 0 (h[c] + w (0 + 0)
        // terms) and never beats vmax >= 0, so only bins near a peak bin are smoothed
        boolean[] near = new boolean[alignNfft];
        for (int i = 0; i < alignNfft; i++) {
            if (h[i] != 0) {
                for (int k = -(kernel - 1); k < kernel; k++) {
                    near[Math.floorMod(i + k, alignNfft)] = true;
                }
            }
        }
        double vmax = 0;
        int imax = 0;
        for (int c = 0; c < alignNfft; c++) {
            if (!near[c]) {
                continue;
            }
            double s = h[c];
            for (int k = 1; k < kernel; k++) {
                double w = 1 - (double) k / kernel;
                int lo = c - k < 0 ? c - k + alignNfft : c - k;
                int hi = c + k >= alignNfft ? c + k - alignNfft : c + k;
                s += w * (h[lo] + h[hi]);
            }
            if (s > vmax) {
                vmax = s;
                imax = c;
            }
        }
        if (imax >= alignNfft / 2) {
            imax -= alignNfft;
        }
        return new double[] {imax, hsum > 0 ? vmax / hsum : 0};
    }

    /** Peak bins and weight of each (reference, degraded) frame pair already correlated, by frame starts. */
    private final java.util.HashMap<Long, FramePeak> peaks = new java.util.HashMap<>();
    /** Spectra of reference / degraded alignment frames requested more than once, by frame start ({@link #SEEN}: once). */
    private final java.util.HashMap<Integer, double[]> refSpectra = new java.util.HashMap<>();
    private final java.util.HashMap<Integer, double[]> degSpectra = new java.util.HashMap<>();

    /** Adds the peak of one frame's cross-correlation to the histogram. */
    private void addFrame(double[] h, int startr, int startd) {
        // an odd multiplier is a bijection that spreads the starts (multiples of 4 ms blocks) over the hash bits
        long key = (((long) startr << 32) | (startd & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
        FramePeak fp = peaks.get(key);
        if (fp == null) {
            fp = framePeak(startr, startd);
            peaks.put(key, fp);
        }
        double w = fp.weight();
        for (int i : fp.bins()) {
            h[i] += w;
        }
    }

    /** Scratch spectra of frames requested once so far (most frames are). */
    private final double[] refScratch;
    private final double[] degScratch;

    /**
     * Spectrum of the windowed frame of {@code x} at {@code start}: a frame's first request is transformed into
     * {@code scratch} (valid until the next request with it), a frame requested again is kept in {@code cache}.
     */
    private double[] spectrum(java.util.HashMap<Integer, double[]> cache, double[] scratch, double[] x,
            int start) {
        Integer key = start * 0x9E3779B9; // a bijection, spreading the starts over the hash bits
        double[] s = cache.get(key);
        if (s != null && s != SEEN) {
            return s;
        }
        boolean keep = s == SEEN;
        s = keep ? new double[alignNfft] : scratch;
        if (start >= 0 && start + alignNfft <= x.length) {
            for (int i = 0; i < alignNfft; i++) {
                s[i] = x[start + i] * alignWindow[i];
            }
        } else {
            for (int i = 0; i < alignNfft; i++) {
                s[i] = sample(x, start + i) * alignWindow[i];
            }
        }
        fft.realForward(s);
        cache.put(key, keep ? s : SEEN);
        return s;
    }

    private FramePeak framePeak(int startr, int startd) {
        double[] s1 = spectrum(refSpectra, refScratch, ref, startr);
        double[] s2 = spectrum(degSpectra, degScratch, deg, startd);
        PesqParams.conjugateProduct(s1, s2, x1, alignNfft);
        fft.realInverse(x1, true);
        double vmax = 0;
        for (int i = 0; i < alignNfft; i++) {
            x1[i] = Math.abs(x1[i]);
            vmax = Math.max(vmax, x1[i]);
        }
        vmax *= 0.99;
        double w = Math.pow(vmax, 0.125);
        int n = 0;
        for (int i = 0; i < alignNfft; i++) {
            if (x1[i] > vmax) {
                x2[n++] = i;
            }
        }
        int[] bins = new int[n];
        for (int i = 0; i < n; i++) {
            bins[i] = (int) x2[i];
        }
        return new FramePeak(bins, w);
    }

    private double sample(double[] x, int i) {
        return i >= 0 && i < x.length ? x[i] : 0;
    }

    private void findSearchWindows() {
        int nw = ns / ds;
        int delStart = MIN_UTTERANCE_BLOCKS - crudeDelay / ds;
        int delEnd = (ns - crudeDelay) / ds - MIN_UTTERANCE_BLOCKS;
        boolean speech = false;
        int thisStart = 0;
        int n = 0;
        for (int c = 0; c < nw && n < MAX_UTTERANCES - 1; c++) {
            double v = vr.vad[c];
            if (v > 0 && !speech) {
                speech = true;
                thisStart = c;
                searchStart[n] = Math.max(0, c - SEARCH_BLOCKS);
            }
            if ((v == 0 || c == nw - 1) && speech) {
                speech = false;
                searchEnd[n] = Math.min(nw - 1, c + SEARCH_BLOCKS);
                if (c - thisStart >= MIN_UTTERANCE_BLOCKS && thisStart < delEnd && c > delStart) {
                    n++;
                }
            }
        }
        count = n;
    }

    private void findUtterances() {
        int nw = ns / ds;
        int delStart = MIN_UTTERANCE_BLOCKS - crudeDelay / ds;
        int delEnd = (ns - crudeDelay) / ds - MIN_UTTERANCE_BLOCKS;
        boolean speech = false;
        int thisStart = 0;
        int n = 0;
        for (int c = 0; c < nw && n < MAX_UTTERANCES - 1; c++) {
            double v = vr.vad[c];
            if (v > 0 && !speech) {
                speech = true;
                thisStart = c;
                start[n] = c;
            }
            if ((v == 0 || c == nw - 1) && speech) {
                speech = false;
                end[n] = c;
                if (c - thisStart >= MIN_UTTERANCE_BLOCKS && thisStart < delEnd && c > delStart) {
                    n++;
                }
            }
        }
        start[0] = SEARCH_BLOCKS;
        end[count - 1] = nw - SEARCH_BLOCKS;
        for (int u = 1; u < count; u++) {
            int mid = (start[u] + end[u - 1]) / 2;
            start[u] = mid;
            end[u - 1] = mid;
        }
        if (start[0] * ds + delay[0] < sb) {
            start[0] = SEARCH_BLOCKS + (ds - 1 - delay[0]) / ds;
        }
        int last = count - 1;
        if (end[last] * ds + delay[last] > ns - sb) {
            end[last] = (ns - delay[last]) / ds - SEARCH_BLOCKS;
        }
        for (int u = 1; u < count; u++) {
            int st = start[u] * ds + delay[u];
            int le = end[u - 1] * ds + delay[u - 1];
            if (st < le) {
                int mid = (st + le) / 2;
                start[u] = (ds - 1 + mid - delay[u]) / ds;
                end[u - 1] = (mid - delay[u - 1]) / ds;
            }
        }
    }

    /** Splits utterances in two where both halves align with more confidence. */
    private void split() {
        int u = 0;
        while (u < count && count < MAX_UTTERANCES - 1) {
            int uStart = start[u];
            int uEnd = end[u];
            int speechStart = uStart;
            while (speechStart < uEnd && vr.vad[speechStart] <= 0) {
                speechStart++;
            }
            int speechEnd = uEnd;
            while (speechEnd > uStart && vr.vad[speechEnd] <= 0) {
                speechEnd--;
            }
            speechEnd++;
            int uLen = speechEnd - speechStart;
            int[] best = uLen >= 200 ? splitAlign(u, uStart, speechStart, speechEnd, uEnd) : null;
            if (best == null) {
                u++;
                continue;
            }
            for (int s = count - 1; s > u; s--) {
                searchStart[s + 1] = searchStart[s];
                searchEnd[s + 1] = searchEnd[s];
                delayEst[s + 1] = delayEst[s];
                delay[s + 1] = delay[s];
                conf[s + 1] = conf[s];
                start[s + 1] = start[s];
                end[s + 1] = end[s];
            }
            count++;
            int d1 = best[1];
            int d2 = best[3];
            int bp = best[4];
            delayEst[u] = best[0];
            delay[u] = d1;
            conf[u] = splitConf[0];
            delayEst[u + 1] = best[2];
            delay[u + 1] = d2;
            conf[u + 1] = splitConf[1];
            searchStart[u + 1] = searchStart[u];
            searchEnd[u + 1] = searchEnd[u];
            start[u] = uStart;
            end[u + 1] = uEnd;
            if (d2 < d1) {
                end[u] = bp;
                start[u + 1] = bp;
            } else {
                end[u] = bp + (d2 - d1) / (2 * ds);
                start[u + 1] = bp - (d2 - d1) / (2 * ds);
            }
            if ((start[u] - SEARCH_BLOCKS) * ds + d1 < 0) {
                start[u] = SEARCH_BLOCKS + (ds - 1 - d1) / ds;
            }
            if ((end[u + 1] - SEARCH_BLOCKS) * ds + d2 > ns - 2 * sb) {
                end[u + 1] = (ns - 2 * sb - d2) / ds + SEARCH_BLOCKS;
            }
        }
    }

    private final double[] splitConf = new double[2];

    /** Best break point of utterance {@code u}: {est1, delay1, est2, delay2, break} or null. */
    private int[] splitAlign(int u, int uStart, int speechStart, int speechEnd, int uEnd) {
        int uLen = speechEnd - speechStart;
        int delta = alignNfft / (4 * ds);
        int step = (int) ((0.801 * uLen + 40 * delta - 1) / (40 * delta)) * delta;
        int pad = Math.max(75, uLen / 10);
        int[] bps = new int[41];
        bps[0] = speechStart + pad;
        int n = 0;
        do {
            n++;
            bps[n] = bps[n - 1] + step;
        } while (bps[n] <= speechEnd - pad && n < 40);
        int[] best = null;
        double bestC1 = 0;
        double bestC2 = 0;
        double uConf = conf[u];
        int est = delayEst[u];
        for (int b = 0; b < n; b++) {
            int ed1 = crudeFor(uStart, bps[b], est);
            int ed2 = crudeFor(bps[b], uEnd, est);
            double[] f1 = fine(ed1, uStart * ds, bps[b] * ds, true);
            double[] f2 = fine(ed2, uEnd * ds - alignNfft, bps[b] * ds, false);
            int d1 = ed1 + (int) f1[0];
            int d2 = ed2 + (int) f2[0];
            if (Math.abs(d2 - d1) >= ds && f1[1] + f2[1] > bestC1 + bestC2 && f1[1] > uConf && f2[1] > uConf) {
                best = new int[] {ed1, d1, ed2, d2, bps[b]};
                bestC1 = f1[1];
                bestC2 = f2[1];
            }
        }
        splitConf[0] = bestC1;
        splitConf[1] = bestC2;
        return best;
    }
}
