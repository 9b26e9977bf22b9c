package dev.sonicsaviors.dsp;

/**
 * Power to decibel conversion as librosa 0.11 {@code power_to_db} on float32 input: {@code 10 log10(max(amin, S)) - 10 log10(max(amin, ref))},
 * then clipped below at {@code max - topDb} where the maximum is taken over the whole array.
 */
public final class PowerToDb {

    private PowerToDb() {
    }

    /** Returns {@code power} ({@code [row][col]}, power units) in dB relative to {@code ref}; {@code topDb <= 0} or NaN disables the clip. */
    public static float[][] convert(float[][] power, double ref, double amin, double topDb) {
        if (!(amin > 0)) {
            throw new IllegalArgumentException("amin must be positive: " + amin);
        }
        float refDb = (float) (10.0 * Math.log10(Math.max(amin, Math.abs(ref))));
        float aminF = (float) amin;
        float[][] out = new float[power.length][];
        float max = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < power.length; r++) {
            float[] in = power[r];
            float[] o = new float[in.length];
            for (int c = 0; c < in.length; c++) {
                float v = dbOf(in[c], aminF) - refDb;
                o[c] = v;
                if (v > max) {
                    max = v;
                }
            }
            out[r] = o;
        }
        if (topDb > 0) {
            float floor = max - (float) topDb;
            for (float[] o : out) {
                for (int c = 0; c < o.length; c++) {
                    if (o[c] < floor) {
                        o[c] = floor;
                    }
                }
            }
        }
        return out;
    }

    /** Returns {@code power} in dB relative to its own maximum ({@code ref=np.max}), clipped to {@code topDb} below the top (if positive). */
    public static float[][] convertRefMax(float[][] power, double amin, double topDb) {
        float max = 0f;
        boolean any = false;
        for (float[] row : power) {
            for (float v : row) {
                if (!any || v > max) {
                    max = v;
                    any = true;
                }
            }
        }
        return convert(power, max, amin, topDb);
    }

    /** Returns {@code 10 log10(max(amin, v))} rounded as numpy float32 does it (float32 log10, then times 10 in float32). */
    static float dbOf(float v, float aminF) {
        float x = Math.max(aminF, v);
        float l = (float) log10(x);
        return 10f * l;
    }

    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double LN2 = Math.log(2.0);
    private static final double INV_LN10 = 1.0 / Math.log(10.0);

    /**
     * Returns {@code log10(x)} to about 1e-13 relative (faster than {@link Math#log10}): exponent split, mantissa in
     * [sqrt(1/2), sqrt(2)), {@code ln m = 2 atanh((m-1)/(m+1))} by its series to the 13th power.
     */
    static double log10(double x) {
        if (!(x > 0) || x > Double.MAX_VALUE || x < Double.MIN_NORMAL) {
            return Math.log10(x);
        }
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) ((bits >>> 52) & 0x7ff) - 1023;
        double m = Double.longBitsToDouble((bits & 0xFFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > SQRT2) {
            m *= 0.5;
            e++;
        }
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double p = 1.0 / 13;
        p = 1.0 / 11 + s2 * p;
        p = 1.0 / 9 + s2 * p;
        p = 1.0 / 7 + s2 * p;
        p = 1.0 / 5 + s2 * p;
        p = 1.0 / 3 + s2 * p;
        p = 1.0 + s2 * p;
        return (e * LN2 + 2.0 * s * p) * INV_LN10;
    }
}
