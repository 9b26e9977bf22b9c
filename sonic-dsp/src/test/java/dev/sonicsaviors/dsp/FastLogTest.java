package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The internal fast log10 used for dB conversion agrees with Math.log10. */
class FastLogTest {

    @Test
    void agreesWithMathLog10() {
        SplittableRandom rng = new SplittableRandom(11);
        int floatMismatches = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = Math.pow(10, rng.nextDouble(-45, 38));
            double exact = Math.log10(x);
            double fast = PowerToDb.log10(x);
            assertThat(Math.abs(fast - exact)).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(exact)));
            if ((float) fast != (float) exact) {
                floatMismatches++;
            }
        }
        assertThat(floatMismatches).isLessThan(100);
        assertThat(PowerToDb.log10(1.0)).isZero();
        assertThat(PowerToDb.log10(1000.0)).isEqualTo(3.0, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(PowerToDb.log10(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void decibelsFromFloatBitsMatchTheDoublePath() {
        SplittableRandom rng = new SplittableRandom(12);
        int mismatches = 0;
        for (int i = 0; i < 200_000; i++) {
            float v = (float) Math.pow(10, rng.nextDouble(-14, 6));
            float exact = 10f * (float) Math.log10(Math.max(1e-10f, v));
            if (PowerToDb.dbOf(v, 1e-10f) != exact) {
                mismatches++;
            }
        }
        assertThat(mismatches).isLessThan(20);
        assertThat(PowerToDb.dbOf(0f, 1e-10f)).isEqualTo(-100f);
        assertThat(PowerToDb.dbOf(1f, 1e-10f)).isZero();
        assertThat(PowerToDb.dbOf(100f, 1e-10f)).isEqualTo(20f);
        assertThat(PowerToDb.dbOf(Float.POSITIVE_INFINITY, 1e-10f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(PowerToDb.dbOf(Float.NaN, 1e-10f)).isNaN();
        assertThat(PowerToDb.dbOf(0f, Float.MIN_VALUE)).isEqualTo(10f * (float) Math.log10(Float.MIN_VALUE));
        assertThat(PowerToDb.dbOf(Float.MAX_VALUE, 1e-10f)).isEqualTo(10f * (float) Math.log10(Float.MAX_VALUE));
    }
}
