package dev.sonicsaviors.dsp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NoiseAugmentationTest {

    private static final int RATE = 22050;

    private static float[] tone(double hz, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / RATE);
        }
        return x;
    }

    private static double rms(float[] x, int from) {
        double s = 0;
        for (int i = from; i < x.length; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (x.length - from));
    }

    private static int zeroCrossings(float[] x) {
        int c = 0;
        for (int i = 1; i < x.length; i++) {
            if ((x[i - 1] < 0) != (x[i] < 0)) {
                c++;
            }
        }
        return c;
    }

    @Test
    void noneIsALoopedCutDrawingFileThenOffset() {
        float[] a = new float[100];
        float[] b = new float[37];
        for (int i = 0; i < b.length; i++) {
            b[i] = i;
        }
        NoiseAugmentation.Segment s = NoiseAugmentation.none().draw(List.of(a, b), new SplittableRandom(3), 80, RATE);
        SplittableRandom r = new SplittableRandom(3);
        int file = r.nextInt(2);
        int off = r.nextInt(file == 0 ? 100 : 37);
        assertThat(s.recording()).isEqualTo(file);
        float[] src = file == 0 ? a : b;
        for (int i = 0; i < 80; i++) {
            assertThat(s.samples()[i]).isEqualTo(src[(off + i) % src.length]);
        }
    }

    @Test
    void drawsAreReproducibleAndVaried() {
        List<float[]> rec = List.of(tone(200, 30000), tone(1000, 20000), tone(3000, 25000));
        NoiseAugmentation aug = NoiseAugmentation.defaults();
        float[] x = aug.draw(rec, new SplittableRandom(11), 5000, RATE).samples();
        float[] y = aug.draw(rec, new SplittableRandom(11), 5000, RATE).samples();
        assertThat(y).containsExactly(x);
        int changed = 0;
        for (long seed = 0; seed < 40; seed++) {
            NoiseAugmentation.Segment s = aug.draw(rec, new SplittableRandom(seed), 5000, RATE);
            float[] plain = NoiseAugmentation.none().draw(rec, new SplittableRandom(seed), 5000, RATE).samples();
            double diff = 0;
            for (int i = 0; i < plain.length; i++) {
                assertThat(Float.isFinite(s.samples()[i])).isTrue();
                diff = Math.max(diff, Math.abs(plain[i] - s.samples()[i]));
            }
            if (diff > 1e-3) {
                changed++;
            }
        }
        // each of speed, equaliser and second noise is drawn with probability 0.5 / 0.5 / 0.3: about 82 % of draws change
        assertThat(changed).isBetween(24, 39);
    }

    @Test
    void flatEqualiserIsIdentityAndShelvesActWhereTheyShould() {
        float[] x = tone(1000, 20000);
        float[] y = x.clone();
        NoiseAugmentation.equalise(y, RATE, 0, 0, 1000, 0, 1);
        for (int i = 0; i < x.length; i++) {
            assertThat(y[i]).isCloseTo(x[i], within(1e-5f));
        }
        float[] low = tone(60, 40000);
        NoiseAugmentation.equalise(low, RATE, 9, 0, 5000, 0, 1);
        assertThat(20 * Math.log10(rms(low, 10000) / Math.sqrt(0.5))).isCloseTo(9, within(0.5));
        float[] high = tone(9000, 40000);
        NoiseAugmentation.equalise(high, RATE, 0, -9, 150, 0, 1);
        assertThat(20 * Math.log10(rms(high, 10000) / Math.sqrt(0.5))).isCloseTo(-9, within(0.6));
        float[] peak = tone(1500, 40000);
        NoiseAugmentation.equalise(peak, RATE, 0, 0, 1500, 6, 1);
        assertThat(20 * Math.log10(rms(peak, 10000) / Math.sqrt(0.5))).isCloseTo(6, within(0.3));
    }

    @Test
    void speedChangeShiftsPitch() {
        NoiseAugmentation fast = new NoiseAugmentation(1, 1.25, 0, 0, 0, 0);
        float[] src = tone(500, 50000);
        int base = zeroCrossings(NoiseAugmentation.none().draw(List.of(src), new SplittableRandom(1), 22050, RATE).samples());
        int lower = Integer.MAX_VALUE;
        int higher = 0;
        for (long seed = 0; seed < 20; seed++) {
            int zc = zeroCrossings(fast.draw(List.of(src), new SplittableRandom(seed), 22050, RATE).samples());
            lower = Math.min(lower, zc);
            higher = Math.max(higher, zc);
            assertThat(zc).isBetween((int) (base * 0.79), (int) (base * 1.26));
        }
        assertThat(lower).isLessThan((int) (base * 0.95));
        assertThat(higher).isGreaterThan((int) (base * 1.05));
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new NoiseAugmentation(1.5, 1.25, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoiseAugmentation(0.5, 0.9, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoiseAugmentation(0.5, 1.25, 0, 0, 0.2, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
