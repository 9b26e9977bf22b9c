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
        float l = (float) Math.log10(x);
        return 10f * l;
    }
}
