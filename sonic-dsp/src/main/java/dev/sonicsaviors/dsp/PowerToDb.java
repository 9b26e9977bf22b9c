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

    /**
     * Returns {@code 10 log10(max(amin, v))} rounded as numpy float32 does it (float32 log10, then times 10 in float32); the log is
     * taken from the float's own exponent and mantissa bits as in {@link #log10(double)}, with the series in base 10 and evaluated
     * in Estrin's form (shorter dependency chain), to about 1e-15 relative.
     */
    static float dbOf(float v, float aminF) {
        float x = Math.max(aminF, v);
        if (!(x >= Float.MIN_NORMAL && x <= Float.MAX_VALUE)) {
            return 10f * (float) log10(x);
        }
        int bits = Float.floatToRawIntBits(x);
        int e = (bits >>> 23) - 127;
        int i = (((bits >>> 14) & 0x1FF) + 1) >>> 1;
        double m = Float.intBitsToFloat((bits & 0x7FFFFF) | 0x3F800000);
        double r = m * INV_CENTRE[i] - 1.0;
        double r2 = r * r;
        double p = (L1 + L2 * r) * r + ((L3 + L4 * r) + L5 * r2) * (r2 * r);
        return 10f * (float) (e * LOG10_2 + (LOG10_CENTRE[i] + p));
    }

    /** High part of ln 2 with 32 trailing zero bits, so {@code e * LN2_HI} is exact for any binary exponent {@code e}. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    /** {@code ln 2 - LN2_HI}. */
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double INV_LN10 = 1.0 / Math.log(10.0);
    /** Table size: the mantissa's leading 8 bits, rounded, select one of 257 centres {@code 1 + i / 256}. */
    private static final int CENTRES = 257;
    /** {@code 1 / (1 + i / 256)} rounded to double. */
    private static final double[] INV_CENTRE = new double[CENTRES];
    /** {@code -ln(INV_CENTRE[i])}, so the pair is exactly consistent up to this table's rounding. */
    private static final double[] LN_CENTRE = new double[CENTRES];
    /** {@code -log10(INV_CENTRE[i])}. */
    private static final double[] LOG10_CENTRE = new double[CENTRES];
    private static final double LOG10_2 = Math.log10(2.0);
    /** Taylor coefficients of {@code log10(1 + r)}: {@code (-1)^(n+1) / (n ln 10)}. */
    private static final double L1 = INV_LN10;
    private static final double L2 = -INV_LN10 / 2;
    private static final double L3 = INV_LN10 / 3;
    private static final double L4 = -INV_LN10 / 4;
    private static final double L5 = INV_LN10 / 5;

    static {
        for (int i = 0; i < CENTRES; i++) {
            INV_CENTRE[i] = 1.0 / (1.0 + i / 256.0);
            LN_CENTRE[i] = -Math.log(INV_CENTRE[i]);
            LOG10_CENTRE[i] = -Math.log10(INV_CENTRE[i]);
        }
    }

    /**
     * Returns {@code log10(x)} to about 1e-16 relative (faster than {@link Math#log10}, no division and no data-dependent branch for
     * normal finite {@code x > 0}): {@code x = 2^e m} with {@code m} in [1, 2), {@code m} over its nearest table centre {@code c} is
     * {@code 1 + r} with {@code |r| <= 1/512}, and {@code ln(1 + r)} is its Taylor series to {@code r^5} (error below 1e-17).
     */
    static double log10(double x) {
        if (!(x >= Double.MIN_NORMAL && x <= Double.MAX_VALUE)) {
            return Math.log10(x);
        }
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) (bits >>> 52) - 1023;
        int i = (int) (((bits >>> 43) & 0x1FF) + 1) >>> 1;
        double m = Double.longBitsToDouble((bits & 0xFFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        return ln(e, i, m) * INV_LN10;
    }

    /** Returns {@code ln(2^e m)} for {@code m} in [1, 2) whose nearest centre {@code 1 + i / 256} is given. */
    private static double ln(int e, int i, double m) {
        double r = m * INV_CENTRE[i] - 1.0;
        double p = r * (1.0 + r * (-0.5 + r * (1.0 / 3 + r * (-0.25 + r * 0.2))));
        return e * LN2_HI + (e * LN2_LO + LN_CENTRE[i] + p);
    }
}
