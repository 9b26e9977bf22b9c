package dev.sonicsaviors.dsp;

/**
 * In-place real FFT of a power-of-two size {@code n} in double precision, using the packed layout of JTransforms' {@code realForward}.
 *
 * <p>The forward transform computes {@code X[k] = sum_j x[j] exp(-2 pi i j k / n)} and stores {@code a[0] = Re X[0]},
 * {@code a[1] = Re X[n/2]}, {@code a[2k] = Re X[k]}, {@code a[2k+1] = Im X[k]} for {@code 0 < k < n/2}. The real input is viewed as
 * {@code m = n/2} complex samples {@code z[j] = x[2j] + i x[2j+1]}, transformed by an iterative decimation-in-time complex FFT (bit-reversed
 * gather fused with the first butterflies, then radix-4 passes with per-pass contiguous twiddle tables on split re/im arrays), and
 * separated into the spectrum of {@code x} by the usual real-to-complex post-processing. The inverse runs the same steps backwards.
 *
 * <p>Instances hold scratch buffers (no allocation per call) and are <b>not thread-safe</b>; use one per thread.
 */
public final class RealFft {

    private final int n;
    private final int m;
    /** Bit-reversal permutation of {@code 0..m-1}. */
    private final int[] rev;
    /** True when log2(m) is odd: the first pass is radix-2, the rest radix-4. */
    private final boolean oddPass;
    /** Twiddles of each radix-4 pass (quarter length {@code L}): {@code [w1r, w1i, w2r, w2i, w3r, w3i]} per {@code j < L}. */
    private final double[][] tw;
    /** Quarter length {@code L} of each radix-4 pass in {@link #tw}. */
    private final int[] passL;
    /** Post-processing twiddles {@code cos(2 pi k / n)}, {@code sin(2 pi k / n)} for {@code k <= m/2}. */
    private final double[] pc;
    private final double[] ps;
    private final double[] re;
    private final double[] im;

    /** Creates a transform of {@code n} real samples; {@code n} must be a power of two, at least 2. */
    public RealFft(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("n must be a power of two >= 2: " + n);
        }
        this.n = n;
        this.m = n / 2;
        int logM = Integer.numberOfTrailingZeros(m);
        this.rev = new int[m];
        for (int j = 0; j < m; j++) {
            rev[j] = logM == 0 ? 0 : Integer.reverse(j) >>> (32 - logM);
        }
        this.oddPass = (logM & 1) == 1;
        // First pass (gather + butterflies without twiddles) builds blocks of 2 (odd) or 4 (even); radix-4 passes then follow.
        int first = logM == 0 ? 1 : (oddPass ? 2 : 4);
        int passes = 0;
        for (int len = first; len < m; len *= 4) {
            passes++;
        }
        this.tw = new double[passes][];
        this.passL = new int[passes];
        int p = 0;
        for (int l = first; l < m; l *= 4) {
            passL[p] = l;
            double[] t = new double[6 * l];
            for (int j = 0; j < l; j++) {
                double a = -2.0 * Math.PI * j / (4.0 * l);
                t[6 * j] = Math.cos(a);
                t[6 * j + 1] = Math.sin(a);
                t[6 * j + 2] = Math.cos(2 * a);
                t[6 * j + 3] = Math.sin(2 * a);
                t[6 * j + 4] = Math.cos(3 * a);
                t[6 * j + 5] = Math.sin(3 * a);
            }
            tw[p++] = t;
        }
        int half = m / 2;
        this.pc = new double[half + 1];
        this.ps = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            double a = 2.0 * Math.PI * k / n;
            pc[k] = Math.cos(a);
            ps[k] = Math.sin(a);
        }
        this.re = new double[m];
        this.im = new double[m];
    }

    /** Returns the transform size {@code n} in real samples. */
    public int size() {
        return n;
    }

    /** Replaces {@code a[0..n)} (real samples) by its packed unnormalised spectrum (see the class comment for the layout). */
    public void forward(double[] a) {
        checkLength(a);
        if (m == 1) {
            double x0 = a[0];
            double x1 = a[1];
            a[0] = x0 + x1;
            a[1] = x0 - x1;
            return;
        }
        gatherFirstPass(a, 0, re, im);
        radix4Passes(re, im);
        double[] zr = re;
        double[] zi = im;
        a[0] = zr[0] + zi[0];
        a[1] = zr[0] - zi[0];
        int half = m / 2;
        for (int k = 1; k <= half; k++) {
            int q = m - k;
            // A = Z[k], B = conj Z[m-k]; Fe = (A + B) / 2, Fo = (A - B) / (2i); X[k] = Fe + W^k Fo, X[m-k] = conj(Fe - W^k Fo).
            double ar = zr[k];
            double ai = zi[k];
            double br = zr[q];
            double bi = -zi[q];
            double fer = 0.5 * (ar + br);
            double fei = 0.5 * (ai + bi);
            double for_ = 0.5 * (ai - bi);
            double foi = -0.5 * (ar - br);
            double c = pc[k];
            double s = -ps[k];
            double tr = c * for_ - s * foi;
            double ti = c * foi + s * for_;
            a[2 * k] = fer + tr;
            a[2 * k + 1] = fei + ti;
            a[2 * q] = fer - tr;
            a[2 * q + 1] = ti - fei;
        }
    }

    /**
     * Writes the power {@code |X[k]|^2} of the forward transform of {@code a[0..n)} into {@code power[0..n/2]}, skipping the packed
     * spectrum; {@code a} is left unchanged.
     */
    void forwardPower(double[] a, double[] power) {
        checkLength(a);
        if (m == 1) {
            double s0 = a[0] + a[1];
            double s1 = a[0] - a[1];
            power[0] = s0 * s0;
            power[1] = s1 * s1;
            return;
        }
        gatherFirstPass(a, 0, re, im);
        radix4Passes(re, im);
        double[] zr = re;
        double[] zi = im;
        double x0 = zr[0] + zi[0];
        double xm = zr[0] - zi[0];
        power[0] = x0 * x0;
        power[m] = xm * xm;
        int half = m / 2;
        for (int k = 1; k <= half; k++) {
            int q = m - k;
            double ar = zr[k];
            double ai = zi[k];
            double br = zr[q];
            double bi = -zi[q];
            double fer = 0.5 * (ar + br);
            double fei = 0.5 * (ai + bi);
            double for_ = 0.5 * (ai - bi);
            double foi = -0.5 * (ar - br);
            double c = pc[k];
            double s = -ps[k];
            double tr = c * for_ - s * foi;
            double ti = c * foi + s * for_;
            double pr = fer + tr;
            double pi = fei + ti;
            double qr = fer - tr;
            double qi = ti - fei;
            power[k] = pr * pr + pi * pi;
            power[q] = qr * qr + qi * qi;
        }
    }

    /** Replaces the packed spectrum {@code a[0..n)} by its inverse transform scaled by {@code 1/n}, so it exactly undoes {@link #forward}. */
    public void inverse(double[] a) {
        checkLength(a);
        if (m == 1) {
            double x0 = a[0];
            double x1 = a[1];
            a[0] = 0.5 * (x0 + x1);
            a[1] = 0.5 * (x0 - x1);
            return;
        }
        double scale = 1.0 / n;
        // Rebuild Z[k] = Fe[k] + i Fo[k] (scaled by 2/n so the complex inverse needs no normalisation), written into a in place.
        double x0 = a[0];
        double xm = a[1];
        double z0r = (x0 + xm) * scale;
        double z0i = (x0 - xm) * scale;
        int half = m / 2;
        for (int k = 1; k <= half; k++) {
            int q = m - k;
            double ar = a[2 * k];
            double ai = a[2 * k + 1];
            double br = a[2 * q];
            double bi = -a[2 * q + 1];
            // Fe = (A + B) / 2, W^k Fo = (A - B) / 2 with A = X[k], B = conj X[m-k].
            double fer = ar + br;
            double fei = ai + bi;
            double dr = ar - br;
            double di = ai - bi;
            double c = pc[k];
            double s = ps[k];
            double forr = c * dr - s * di;
            double foi = c * di + s * dr;
            // Z[k] = Fe + i Fo, Z[m-k] = conj(Fe) + i conj(Fo).
            a[2 * k] = (fer - foi) * scale;
            a[2 * k + 1] = (fei + forr) * scale;
            a[2 * q] = (fer + foi) * scale;
            a[2 * q + 1] = (forr - fei) * scale;
        }
        a[0] = z0r;
        a[1] = z0i;
        // Inverse complex DFT via the swap trick: swap(DFT(swap(Z))) where swap exchanges real and imaginary parts.
        gatherFirstPass(a, 1, im, re);
        radix4Passes(im, re);
        for (int j = 0; j < m; j++) {
            a[2 * j] = re[j];
            a[2 * j + 1] = im[j];
        }
    }

    private void checkLength(double[] a) {
        if (a.length < n) {
            throw new IllegalArgumentException("array has " + a.length + " elements, need " + n);
        }
    }

    /**
     * Gathers the interleaved complex input {@code a} (real part at {@code 2j + ro}, imaginary at {@code 2j + 1 - ro}) in bit-reversed
     * order into {@code xr}/{@code xi} and applies the first twiddle-free butterflies (radix-2 when log2(m) is odd, else radix-4).
     */
    private void gatherFirstPass(double[] a, int ro, double[] xr, double[] xi) {
        int[] r = rev;
        int io = 1 - ro;
        if (oddPass) {
            for (int g = 0; g < m; g += 2) {
                int p0 = 2 * r[g];
                int p1 = 2 * r[g + 1];
                double r0 = a[p0 + ro];
                double i0 = a[p0 + io];
                double r1 = a[p1 + ro];
                double i1 = a[p1 + io];
                xr[g] = r0 + r1;
                xi[g] = i0 + i1;
                xr[g + 1] = r0 - r1;
                xi[g + 1] = i0 - i1;
            }
            return;
        }
        for (int g = 0; g < m; g += 4) {
            // Bit-reversed positions g..g+3 hold sub-DFTs of residues 0, 2, 1, 3 (mod 4) of the length-4 block.
            int p0 = 2 * r[g];
            int p1 = 2 * r[g + 1];
            int p2 = 2 * r[g + 2];
            int p3 = 2 * r[g + 3];
            double f0r = a[p0 + ro];
            double f0i = a[p0 + io];
            double f2r = a[p1 + ro];
            double f2i = a[p1 + io];
            double f1r = a[p2 + ro];
            double f1i = a[p2 + io];
            double f3r = a[p3 + ro];
            double f3i = a[p3 + io];
            double s02r = f0r + f2r;
            double s02i = f0i + f2i;
            double d02r = f0r - f2r;
            double d02i = f0i - f2i;
            double s13r = f1r + f3r;
            double s13i = f1i + f3i;
            double d13r = f1r - f3r;
            double d13i = f1i - f3i;
            xr[g] = s02r + s13r;
            xi[g] = s02i + s13i;
            xr[g + 1] = d02r + d13i;
            xi[g + 1] = d02i - d13r;
            xr[g + 2] = s02r - s13r;
            xi[g + 2] = s02i - s13i;
            xr[g + 3] = d02r - d13i;
            xi[g + 3] = d02i + d13r;
        }
    }

    /** Runs the radix-4 decimation-in-time passes over blocks already holding natural-order sub-DFTs. */
    private void radix4Passes(double[] xr, double[] xi) {
        for (int p = 0; p < tw.length; p++) {
            int l = passL[p];
            double[] t = tw[p];
            pass(xr, xi, l, t);
        }
    }

    /** One radix-4 pass with quarter length {@code l}, group index innermost so each butterfly index loads its twiddles once. */
    private void pass(double[] xr, double[] xi, int l, double[] t) {
        int size = m;
        int step = 4 * l;
        for (int j = 0; j < l; j++) {
            double w1r = t[6 * j];
            double w1i = t[6 * j + 1];
            double w2r = t[6 * j + 2];
            double w2i = t[6 * j + 3];
            double w3r = t[6 * j + 4];
            double w3i = t[6 * j + 5];
            for (int g = j; g < size; g += step) {
                int i1 = g + l;
                int i2 = i1 + l;
                int i3 = i2 + l;
                // Offsets 0, L, 2L, 3L hold sub-DFTs of residues 0, 2, 1, 3; twiddle residue r by W^(r j).
                double f0r = xr[g];
                double f0i = xi[g];
                double ar = xr[i1];
                double ai = xi[i1];
                double f2r = ar * w2r - ai * w2i;
                double f2i = ar * w2i + ai * w2r;
                double br = xr[i2];
                double bi = xi[i2];
                double f1r = br * w1r - bi * w1i;
                double f1i = br * w1i + bi * w1r;
                double cr = xr[i3];
                double ci = xi[i3];
                double f3r = cr * w3r - ci * w3i;
                double f3i = cr * w3i + ci * w3r;
                double s02r = f0r + f2r;
                double s02i = f0i + f2i;
                double d02r = f0r - f2r;
                double d02i = f0i - f2i;
                double s13r = f1r + f3r;
                double s13i = f1i + f3i;
                double d13r = f1r - f3r;
                double d13i = f1i - f3i;
                xr[g] = s02r + s13r;
                xi[g] = s02i + s13i;
                xr[i1] = d02r + d13i;
                xi[i1] = d02i - d13r;
                xr[i2] = s02r - s13r;
                xi[i2] = s02i - s13i;
                xr[i3] = d02r - d13i;
                xi[i3] = d02i + d13r;
            }
        }
    }
}
