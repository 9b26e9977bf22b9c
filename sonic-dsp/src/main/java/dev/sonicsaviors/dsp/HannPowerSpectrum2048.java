package dev.sonicsaviors.dsp;

/**
 * Power spectrum {@code |X_k|^2}, {@code k = 0..1024}, of periodic-Hann-windowed 2048-sample real frames, in double precision and
 * laid out so that HotSpot C2 (Java 17) auto-vectorises nearly every pass; the frame sizes are literals on purpose.
 *
 * <p>The real frame {@code x} is read de-interleaved, {@code even[j] = x[2j]} and {@code odd[j] = x[2j+1]}, as the 1024 complex
 * samples {@code z[j] = x[2j] + i x[2j+1]}. Their DFT {@code Z} is a six-step transform over the 32 x 32 matrix {@code z[32 r + c]}:
 * 32-point DFTs down the columns (all columns at once), twiddles {@code W_1024^(c k1)}, a transpose, and 32-point DFTs down the
 * columns again. The column DFTs are radix-2 decimation-in-time with natural-order input and bit-reversed output (one twiddle per
 * block of rows), the first two stages fused into a twiddle-free radix-4 pass; rows come out bit-reversed, which the transpose and
 * the final read absorb. The power of {@code x}'s spectrum then follows from each pair {@code Z[k], Z[1024-k]}:
 * with {@code nA = |Z[k]|^2}, {@code nB = |Z[1024-k]|^2}, {@code I = Im(Z[k] Z[1024-k])} and {@code a = 2 pi k / 2048},
 * {@code |X_k|^2 = E + G} and {@code |X_(1024-k)|^2 = E - G} where {@code E = (nA + nB) / 2} and
 * {@code G = cos(a) I + sin(a) (nB - nA) / 2}.
 *
 * <p>C2 vectorises a loop only when every array index is the loop variable plus a compile-time constant and the loop body is small
 * (about 60 ideal nodes before unrolling): hence the fixed offsets, radix-2 passes where a twiddle is needed and loops per block of
 * rows. Results do not depend on whether a loop was vectorised (no reassociation, no fused multiply-add).
 *
 * <p>Instances hold scratch buffers and are <b>not thread-safe</b>; use one per thread.
 */
final class HannPowerSpectrum2048 {

    /** Frame length in samples. */
    static final int N = 2048;
    /** Number of complex samples, {@code N / 2}. */
    private static final int M = 1024;

    /** Periodic Hann window at even and odd sample positions, {@code w[2j]} and {@code w[2j+1]}. */
    private final double[] windowEven = new double[M];
    private final double[] windowOdd = new double[M];
    /** Step-2 twiddles {@code W_1024^(c rev5(p))} at {@code 32 p + c} (row {@code p} of the first pass holds {@code k1 = rev5(p)}). */
    private final double[] colTwRe = new double[M];
    private final double[] colTwIm = new double[M];
    /** Block twiddles of the radix-2 passes with spans of 4, 2 and 1 rows (4, 8 and 16 blocks). */
    private final double[] tw4Re = new double[4];
    private final double[] tw4Im = new double[4];
    private final double[] tw2Re = new double[8];
    private final double[] tw2Im = new double[8];
    private final double[] tw1Re = new double[16];
    private final double[] tw1Im = new double[16];
    /** {@code cos(2 pi k / 2048)} and {@code sin(2 pi k / 2048)} for {@code k <= 512}. */
    private final double[] postCos = new double[M / 2 + 1];
    private final double[] postSin = new double[M / 2 + 1];
    /** Five-bit reversal. */
    private final int[] rev5 = new int[32];
    private final double[] re = new double[M];
    private final double[] im = new double[M];
    private final double[] tRe = new double[M];
    private final double[] tIm = new double[M];

    /** Creates the transform and its tables. */
    HannPowerSpectrum2048() {
        double[] w = Window.hannPeriodic(N);
        for (int j = 0; j < M; j++) {
            windowEven[j] = w[2 * j];
            windowOdd[j] = w[2 * j + 1];
        }
        for (int i = 0; i < 32; i++) {
            rev5[i] = Integer.reverse(i) >>> 27;
        }
        for (int p = 0; p < 32; p++) {
            for (int c = 0; c < 32; c++) {
                double a = -2.0 * Math.PI * c * rev5[p] / M;
                colTwRe[32 * p + c] = Math.cos(a);
                colTwIm[32 * p + c] = Math.sin(a);
            }
        }
        blockTwiddles(tw4Re, tw4Im);
        blockTwiddles(tw2Re, tw2Im);
        blockTwiddles(tw1Re, tw1Im);
        for (int k = 0; k <= M / 2; k++) {
            double a = 2.0 * Math.PI * k / N;
            postCos[k] = Math.cos(a);
            postSin[k] = Math.sin(a);
        }
    }

    /** Fills the twiddles of a pass with {@code h} blocks: block {@code b} multiplies by {@code W_(2h)^(rev(b))}, rev over log2(h) bits. */
    private static void blockTwiddles(double[] wr, double[] wi) {
        int h = wr.length;
        int bits = Integer.numberOfTrailingZeros(h);
        for (int b = 0; b < h; b++) {
            int r = Integer.reverse(b) >>> (32 - bits);
            double a = -Math.PI * r / h;
            wr[b] = Math.cos(a);
            wi[b] = Math.sin(a);
        }
    }

    /**
     * Writes the power {@code |X_k|^2} (squared signal units) of the windowed frame {@code x[2j] = even[start + j]},
     * {@code x[2j+1] = odd[start + j]} ({@code j < 1024}) into {@code power[0..1025)}.
     */
    void power(double[] even, double[] odd, int start, double[] power) {
        double[] zr = re;
        double[] zi = im;
        System.arraycopy(even, start, zr, 0, M);
        System.arraycopy(odd, start, zi, 0, M);
        window(zr, zi, windowEven, windowOdd);
        columnDfts(zr, zi);
        twiddleTranspose(zr, zi, tRe, tIm);
        columnDfts(tRe, tIm);
        pairsToPower(tRe, tIm, power);
    }

    private static void window(double[] zr, double[] zi, double[] we, double[] wo) {
        for (int e = 0; e < M; e++) {
            zr[e] = zr[e] * we[e];
            zi[e] = zi[e] * wo[e];
        }
    }

    /** 32-point DFTs down all 32 columns in place; output row {@code p} holds frequency {@code rev5(p)}. */
    private void columnDfts(double[] xr, double[] xi) {
        radix4Rows16And8(xr, xi);
        for (int b = 0; b < 4; b++) {
            radix2Span128(xr, xi, 256 * b, tw4Re[b], tw4Im[b]);
        }
        for (int b = 0; b < 8; b++) {
            radix2Span64(xr, xi, 128 * b, tw2Re[b], tw2Im[b]);
        }
        for (int b = 0; b < 16; b++) {
            radix2Span32(xr, xi, 64 * b, tw1Re[b], tw1Im[b]);
        }
    }

    /** The first two passes (row spans 16 and 8; twiddles 1 and {@code -i}) as one radix-4 pass over rows {@code r, r+8, r+16, r+24}. */
    private static void radix4Rows16And8(double[] xr, double[] xi) {
        for (int e = 0; e < 256; e++) {
            double ar = xr[e];
            double ai = xi[e];
            double br = xr[e + 256];
            double bi = xi[e + 256];
            double cr = xr[e + 512];
            double ci = xi[e + 512];
            double dr = xr[e + 768];
            double di = xi[e + 768];
            double s0r = ar + cr;
            double s0i = ai + ci;
            double d0r = ar - cr;
            double d0i = ai - ci;
            double s1r = br + dr;
            double s1i = bi + di;
            double d1r = br - dr;
            double d1i = bi - di;
            xr[e] = s0r + s1r;
            xi[e] = s0i + s1i;
            xr[e + 256] = s0r - s1r;
            xi[e + 256] = s0i - s1i;
            xr[e + 512] = d0r + d1i;
            xi[e + 512] = d0i - d1r;
            xr[e + 768] = d0r - d1i;
            xi[e + 768] = d0i + d1r;
        }
    }

    /** One block of the pass with a span of 4 rows: elements {@code [lo, lo + 128)} against the next 128, second ones times {@code w}. */
    private static void radix2Span128(double[] xr, double[] xi, int lo, double wr, double wi) {
        for (int e = lo; e < lo + 128; e++) {
            double ar = xr[e];
            double ai = xi[e];
            double br = xr[e + 128];
            double bi = xi[e + 128];
            double tr = br * wr - bi * wi;
            double ti = br * wi + bi * wr;
            xr[e] = ar + tr;
            xi[e] = ai + ti;
            xr[e + 128] = ar - tr;
            xi[e + 128] = ai - ti;
        }
    }

    /** One block of the pass with a span of 2 rows (64 elements). */
    private static void radix2Span64(double[] xr, double[] xi, int lo, double wr, double wi) {
        for (int e = lo; e < lo + 64; e++) {
            double ar = xr[e];
            double ai = xi[e];
            double br = xr[e + 64];
            double bi = xi[e + 64];
            double tr = br * wr - bi * wi;
            double ti = br * wi + bi * wr;
            xr[e] = ar + tr;
            xi[e] = ai + ti;
            xr[e + 64] = ar - tr;
            xi[e + 64] = ai - ti;
        }
    }

    /** One block of the pass with a span of 1 row (32 elements). */
    private static void radix2Span32(double[] xr, double[] xi, int lo, double wr, double wi) {
        for (int e = lo; e < lo + 32; e++) {
            double ar = xr[e];
            double ai = xi[e];
            double br = xr[e + 32];
            double bi = xi[e + 32];
            double tr = br * wr - bi * wi;
            double ti = br * wi + bi * wr;
            xr[e] = ar + tr;
            xi[e] = ai + ti;
            xr[e + 32] = ar - tr;
            xi[e + 32] = ai - ti;
        }
    }

    /** Multiplies by the step-2 twiddles and transposes: {@code y[32 c + rev5(p)] = x[32 p + c] W_1024^(c rev5(p))} (scalar). */
    private void twiddleTranspose(double[] xr, double[] xi, double[] yr, double[] yi) {
        double[] wr = colTwRe;
        double[] wi = colTwIm;
        for (int p = 0; p < 32; p++) {
            int row = 32 * p;
            int k1 = rev5[p];
            for (int c = 0; c < 32; c++) {
                double a = xr[row + c];
                double b = xi[row + c];
                double cr = wr[row + c];
                double ci = wi[row + c];
                yr[32 * c + k1] = a * cr - b * ci;
                yi[32 * c + k1] = a * ci + b * cr;
            }
        }
    }

    /** Turns {@code Z} (frequency {@code k1 + 32 k2} at {@code 32 rev5(k2) + k1}) into the power spectrum of the real frame. */
    private void pairsToPower(double[] zr, double[] zi, double[] power) {
        double dc = zr[0] + zi[0];
        double nyquist = zr[0] - zi[0];
        power[0] = dc * dc;
        power[M] = nyquist * nyquist;
        for (int k2 = 0; k2 < 16; k2++) {
            int rowA = 32 * rev5[k2];
            // Z[1024 - k] for k = k1 + 32 k2, 0 < k1 < 32, is frequency (32 - k1) + 32 (31 - k2), whose row is 31 - rev5(k2).
            int rowB = 32 * (31 - rev5[k2]) + 32;
            int base = 32 * k2;
            if (k2 > 0) {
                pair(zr, zi, rowA, 32 * rev5[32 - k2], base, power);
            }
            for (int k1 = 1; k1 < 32; k1++) {
                pair(zr, zi, rowA + k1, rowB - k1, base + k1, power);
            }
        }
        int mid = 32 * rev5[16];
        pair(zr, zi, mid, mid, M / 2, power);
    }

    /** Writes {@code |X_k|^2} and {@code |X_(1024-k)|^2} from {@code Z[k]} at {@code ia} and {@code Z[1024-k]} at {@code ib}. */
    private void pair(double[] zr, double[] zi, int ia, int ib, int k, double[] power) {
        double ar = zr[ia];
        double ai = zi[ia];
        double br = zr[ib];
        double bi = zi[ib];
        double na = ar * ar + ai * ai;
        double nb = br * br + bi * bi;
        double e = 0.5 * (na + nb);
        double g = postCos[k] * (ar * bi + ai * br) + postSin[k] * (0.5 * (nb - na));
        power[k] = e + g;
        power[M - k] = e - g;
    }
}
