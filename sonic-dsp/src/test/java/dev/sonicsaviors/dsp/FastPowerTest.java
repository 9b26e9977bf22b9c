package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastPowerTest {

    @ParameterizedTest(name = "x^{0}")
    @ValueSource(doubles = {0.15, 1 / 0.3, 0.5, -0.7, 2, 1e-3})
    void agreesWithMathPowOverTheWholeRange(double p) {
        FastPower f = new FastPower(p);
        SplittableRandom r = new SplittableRandom(7);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = Math.exp(r.nextDouble(-700, 700)); // normal doubles from 1e-304 to 1e304
            double want = Math.pow(x, p);
            if (want < Double.MIN_NORMAL || Double.isInfinite(want)) {
                assertThat(Double.valueOf(f.apply(x))).as("x = %s", x).isEqualTo(Double.valueOf(want)); // Math.pow's own
                continue;
            }
            worst = Math.max(worst, Math.abs(f.apply(x) / want - 1));
        }
        assertThat(worst).as("largest relative error").isLessThan(1e-11);
    }

    @Test
    void featureRangeRoundsToTheSameFloatsAsMathPow() {
        // The compressed features are (power)^0.15 stored as floats: every float of the fast power equals Math.pow's
        // or is one unit in the last place away.
        FastPower f = new FastPower(0.15);
        SplittableRandom r = new SplittableRandom(8);
        int differ = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = Math.exp(r.nextDouble(-60, 20));
            float want = (float) Math.pow(x, 0.15);
            float got = (float) f.apply(x);
            assertThat(Math.abs(Float.floatToIntBits(got) - Float.floatToIntBits(want))).isLessThanOrEqualTo(1);
            differ += got == want ? 0 : 1;
        }
        assertThat(differ).as("floats off by one unit").isLessThan(100);
    }

    @Test
    void edgesAreMathPows() {
        FastPower f = new FastPower(0.15);
        for (double x : new double[] {0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL / 3, Double.POSITIVE_INFINITY, Double.NaN, -2,
            Double.NEGATIVE_INFINITY, 1}) {
            assertThat(Double.valueOf(f.apply(x))).as("x = %s", x).isEqualTo(Double.valueOf(Math.pow(x, 0.15)));
        }
        assertThat(f.exponent()).isEqualTo(0.15);
        assertThatThrownBy(() -> new FastPower(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
