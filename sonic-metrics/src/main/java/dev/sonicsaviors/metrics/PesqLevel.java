package dev.sonicsaviors.metrics;

import static dev.sonicsaviors.metrics.PesqParams.ALIGN_CURVE;
import static dev.sonicsaviors.metrics.PesqParams.IRS_CURVE;
import static dev.sonicsaviors.metrics.PesqParams.TARGET_POWER;
import static dev.sonicsaviors.metrics.PesqParams.WB_HIGH_PASS;
import static dev.sonicsaviors.metrics.PesqParams.plan;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Stage 1 of PESQ, level and input filtering: frames both signals by the search buffers and padding in 16-bit units,
 * scales each to the standard listening level (300-3250 Hz power 10^7), applies the IRS receive filter (NB) or the
 * P.862.2 high-pass (WB), and makes the DC-free, IRS-like filtered copies the time alignment works on.
 * One instance per rate; its filter-gain cache is shared by threads.
 */
final class PesqLevel {
    private final int fs;
    private final int ds;
    private final int sb;
    private final int pad;
    private final double[][] alignIir;

    /** Creates the stage for the model rate of {@code p}. */
    PesqLevel(PesqParams p) {
        this.fs = p.fs;
        this.ds = p.ds;
        this.sb = p.sb;
        this.pad = p.pad;
        this.alignIir = p.alignIir;
    }

    /**
     * The reference and degraded signals in 16-bit units, framed by the search buffers and padding ({@code ns +
     * pad} samples, {@code ns = r.length + 2 sb}) and level-aligned: the input of both modes.
     */
    double[][] leveled(float[] r, float[] d) {
        int len = r.length;
        int ns = len + 2 * sb;
        double[] ref = new double[ns + pad];
        double[] deg = new double[ns + pad];
        for (int i = 0; i < len; i++) {
            ref[sb + i] = r[i] * 32768.0;
            deg[sb + i] = d[i] * 32768.0;
        }
        fixPowerLevel(ref, ns, "reference");
        fixPowerLevel(deg, ns, "degraded signal");
        return new double[][] {ref, deg};
    }

    /** Applies the mode's input filter to {@code ref} and {@code deg} ({@code [0, ns + pad)}) in place: IRS receive (NB) or the P.862.2 high-pass (WB). */
    void inputFilter(double[] ref, double[] deg, int ns, Pesq.Mode mode) {
        if (mode == Pesq.Mode.NB) {
            applyFilter(ref, ns, IRS_CURVE);
            applyFilter(deg, ns, IRS_CURVE);
        } else {
            wideBandInput(ref, ns);
            wideBandInput(deg, ns);
        }
    }

    /** Scales {@code x[0, ns)} so that its 300-3250 Hz power over the signal and padding averages 10^7. */
    private void fixPowerLevel(double[] x, int ns, String what) {
        double[] f = x.clone();
        applyFilter(f, ns, ALIGN_CURVE);
        double s = 0;
        for (int i = sb; i < ns - sb + pad; i++) {
            s += f[i] * f[i];
        }
        double p = s / (ns - 2 * sb + pad);
        if (!(p > 0)) {
            throw new PesqException("the " + what + " is silent in the 300-3250 Hz band");
        }
        double g = Math.sqrt(TARGET_POWER / p);
        for (int i = 0; i < ns; i++) {
            x[i] *= g;
        }
    }

    /**
     * Zero-phase FFT filter on the signal and padding ({@code x[sb, ns - sb + pad)}), response given by (Hz, dB)
     * points, linearly interpolated in dB and normalised to 0 dB at 1 kHz.
     */
    private void applyFilter(double[] x, int ns, double[][] curve) {
        int n = ns - 2 * sb + pad;
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        double[] buf = new double[p];
        System.arraycopy(x, sb, buf, 0, n);
        DoubleFFT_1D fft = plan(p);
        fft.realForward(buf);
        double[] gains = filterGains(curve, p);
        buf[0] *= gains[0];
        buf[1] *= gains[p / 2];
        for (int k = 1; k < p / 2; k++) {
            double g = gains[k];
            buf[2 * k] *= g;
            buf[2 * k + 1] *= g;
        }
        fft.realInverse(buf, true);
        System.arraycopy(buf, 0, x, sb, n);
    }

    /** Gains of {@code applyFilter} at bins 0 to p/2 of a size-p transform, by (curve, p); computed once. */
    private final java.util.concurrent.ConcurrentHashMap<java.util.Map.Entry<double[][], Integer>, double[]>
            gainCache = new java.util.concurrent.ConcurrentHashMap<>();

    private double[] filterGains(double[][] curve, int p) {
        return gainCache.computeIfAbsent(new java.util.AbstractMap.SimpleImmutableEntry<>(curve, p), key -> {
            double ref = interpolate(curve, 1000);
            double res = (double) fs / p;
            double[] g = new double[p / 2 + 1];
            g[0] = Math.pow(10, (interpolate(curve, 0) - ref) / 20);
            g[p / 2] = Math.pow(10, (interpolate(curve, p / 2 * res) - ref) / 20);
            for (int k = 1; k < p / 2; k++) {
                g[k] = Math.pow(10, (interpolate(curve, k * res) - ref) / 20);
            }
            return g;
        });
    }

    private double interpolate(double[][] curve, double f) {
        int lo;
        int hi;
        if (f <= curve[0][0]) {
            lo = 0;
            hi = 1;
        } else if (f >= curve[curve.length - 1][0]) {
            lo = curve.length - 2;
            hi = curve.length - 1;
        } else {
            hi = 1;
            while (f >= curve[hi][0]) {
                hi++;
            }
            lo = hi - 1;
        }
        double f0 = curve[lo][0];
        double f1 = curve[hi][0];
        return curve[lo][1] + (f - f0) / (f1 - f0) * (curve[hi][1] - curve[lo][1]);
    }

    /** P.862.2 input filter: 16-sample fades at both ends of the signal, then the 100 Hz high-pass. */
    private void wideBandInput(double[] x, int ns) {
        for (int i = 0; i < 16; i++) {
            x[sb + i] *= i / 16.0;
            x[ns - sb - 1 - i] *= i / 16.0;
        }
        biquad(WB_HIGH_PASS, x, sb, ns - 2 * sb);
    }

    /** One biquad section (b0, b1, b2, a1, a2) over {@code x[from, from + n)}, from rest. */
    private void biquad(double[] h, double[] x, int from, int n) {
        double z1 = 0;
        double z2 = 0;
        for (int i = from; i < from + n; i++) {
            double x0 = x[i];
            double y0 = h[0] * x0 + z1;
            z1 = h[1] * x0 - h[3] * y0 + z2;
            z2 = h[2] * x0 - h[4] * y0;
            x[i] = y0;
        }
    }

    /**
     * Filter of the alignment copies, both in place: DC removal with 4 ms fades at the signal's ends, then the
     * IRS-like filter.
     */
    void alignmentFilter(double[] a, double[] b, int ns) {
        removeDc(a, ns);
        removeDc(b, ns);
        cascade(alignIir, a, b, ns);
    }

    private void removeDc(double[] x, int ns) {
        double mean = 0;
        for (int i = sb; i < ns - sb; i++) {
            mean += x[i];
        }
        mean /= ns;
        for (int i = sb; i < ns - sb; i++) {
            x[i] -= mean;
        }
        for (int k = 0; k < ds; k++) {
            double w = (0.5 + k) / ds;
            x[sb + k] *= w;
            x[ns - sb - 1 - k] *= w;
        }
    }

    /**
     * Biquad sections (b0, b1, b2, a1, a2) in series over {@code a[0, n)} and {@code b[0, n)}, from rest, in place:
     * the same operations as one {@link #biquad} pass per section and signal, but each sample goes through all
     * sections of both signals before the next, which keeps many independent recursions in flight.
     */
    private static void cascade(double[][] sections, double[] a, double[] b, int n) {
        int m = sections.length;
        double[] c = new double[5 * m];
        for (int k = 0; k < m; k++) {
            System.arraycopy(sections[k], 0, c, 5 * k, 5);
        }
        double[] za = new double[2 * m];
        double[] zb = new double[2 * m];
        for (int i = 0; i < n; i++) {
            double xa = a[i];
            double xb = b[i];
            for (int k = 0, o = 0, z = 0; k < m; k++, o += 5, z += 2) {
                double b0 = c[o];
                double b1 = c[o + 1];
                double b2 = c[o + 2];
                double a1 = c[o + 3];
                double a2 = c[o + 4];
                double ya = b0 * xa + za[z];
                za[z] = b1 * xa - a1 * ya + za[z + 1];
                za[z + 1] = b2 * xa - a2 * ya;
                double yb = b0 * xb + zb[z];
                zb[z] = b1 * xb - a1 * yb + zb[z + 1];
                zb[z + 1] = b2 * xb - a2 * yb;
                xa = ya;
                xb = yb;
            }
            a[i] = xa;
            b[i] = xb;
        }
    }
}
