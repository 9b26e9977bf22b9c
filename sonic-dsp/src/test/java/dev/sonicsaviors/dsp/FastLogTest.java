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
}
