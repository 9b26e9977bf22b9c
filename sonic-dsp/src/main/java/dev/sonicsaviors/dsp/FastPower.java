package dev.sonicsaviors.dsp;

/**
 * {@code x^p} for one fixed exponent {@code p}, several times faster than {@link Math#pow} and within 1e-11 of it
 * (relative), for the per-bin powers of spectrogram features and gains: {@code x = 2^e m} with {@code m} in [1, 2) gives
 * {@code x^p = (2^e)^p (m0)^p (1 + r)^p} with {@code m0} the lower edge of one of 256 mantissa buckets and
 * {@code r < 1/256}; the first two factors come from tables, the third from its binomial series to the fourth-order
 * term. Zero, subnormal, infinite and NaN arguments, negative ones, and those whose {@code (2^e)^p} would be subnormal or
 * infinite go to {@link Math#pow}. Instances are immutable and thread-safe.
 */
public final class FastPower {
    private static final int BUCKET_BITS = 8;
    private static final int BUCKETS = 1 << BUCKET_BITS;
    private static final long MANTISSA = (1L << 52) - 1;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    private final double p;
    /** {@code (2^e)^p} for the biased exponent field {@code e + 1023} of a normal double, [1, 2046]. */
    private final double[] twoPower = new double[2047];
    /** Fields whose {@code (2^e)^p} is a normal double (the table loses no precision): [fieldLo, fieldHi]. */
    private final int fieldLo;
    private final int fieldHi;
    /** {@code m0^p} per mantissa bucket. */
    private final double[] bucketPower = new double[BUCKETS];
    /** {@code 1 / m0} per mantissa bucket. */
    private final double[] bucketInverse = new double[BUCKETS];
    private final double c1;
    private final double c2;
    private final double c3;
    private final double c4;

    /** Creates the power {@code x^p} for the finite exponent {@code p}. */
    public FastPower(double p) {
        if (!Double.isFinite(p)) {
            throw new IllegalArgumentException("exponent must be finite: " + p);
        }
        this.p = p;
        int lo = twoPower.length;
        int hi = 0;
        for (int field = 1; field < twoPower.length; field++) {
            twoPower[field] = Math.pow(2, p * (field - 1023));
            // with a margin of one octave each way, for the factor m0^p (1 + r)^p in [2^-|p|, 2^|p|]
            if (twoPower[field] >= Double.MIN_NORMAL * Math.pow(2, Math.abs(p) + 1)
                    && twoPower[field] <= Double.MAX_VALUE / Math.pow(2, Math.abs(p) + 1)) {
                lo = Math.min(lo, field);
                hi = Math.max(hi, field);
            }
        }
        this.fieldLo = lo;
        this.fieldHi = hi;
        for (int i = 0; i < BUCKETS; i++) {
            double m0 = 1 + (double) i / BUCKETS;
            bucketPower[i] = Math.pow(m0, p);
            bucketInverse[i] = 1 / m0;
        }
        c1 = p;
        c2 = p * (p - 1) / 2;
        c3 = p * (p - 1) * (p - 2) / 6;
        c4 = c3 * (p - 3) / 4;
    }

    /** Returns the exponent {@code p}. */
    public double exponent() {
        return p;
    }

    /** Returns {@code x^p}. */
    public double apply(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int field = (int) (bits >>> 52); // the sign bit makes negative arguments land above 2046
        if (field < fieldLo || field > fieldHi) {
            return Math.pow(x, p);
        }
        int bucket = (int) ((bits & MANTISSA) >>> (52 - BUCKET_BITS));
        double m = Double.longBitsToDouble((bits & MANTISSA) | ONE_BITS);
        double r = m * bucketInverse[bucket] - 1;
        return twoPower[field] * bucketPower[bucket] * (1 + r * (c1 + r * (c2 + r * (c3 + r * c4))));
    }
}
