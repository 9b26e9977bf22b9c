package dev.sonicsaviors.pipeline.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizationTest {

    static float[][] randomHybrid(SplittableRandom r) {
        float[][] h = new float[148][109];
        for (int b = 0; b < 128; b++) {
            for (int t = 0; t < 109; t++) {
                h[b][t] = (float) Math.pow(10, r.nextDouble(-9, 3)); // 1e-9 .. 1e3 power
            }
        }
        for (int c = 0; c < 20; c++) {
            double scale = c == 0 ? 600 : 60;
            for (int t = 0; t < 109; t++) {
                h[128 + c][t] = (float) (r.nextDouble(-scale, scale / 3) - (c == 0 ? 500 : 0));
            }
        }
        return h;
    }

    @Test
    void roundTripAndRange() {
        SplittableRandom r = new SplittableRandom(1);
        List<float[][]> data = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            data.add(randomHybrid(r));
        }
        Normalization n = Normalization.fit(data, 128);
        assertThat(n.rows()).isEqualTo(148);
        for (float[][] h : data) {
            float[][] x = n.normalize(h);
            for (float[] row : x) {
                for (float v : row) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
            float[][] back = n.denormalize(x);
            for (int b = 0; b < 148; b++) {
                for (int t = 0; t < 109; t++) {
                    if (b < 128) {
                        assertThat((double) back[b][t]).isCloseTo(h[b][t], within(1e-4 * h[b][t]));
                    } else {
                        assertThat((double) back[b][t]).isCloseTo(h[b][t], within(1e-3));
                    }
                }
            }
        }
        // extremes land on 0 and 1
        float min = 1, max = 0;
        for (float[][] h : data) {
            for (float[] row : n.normalize(h)) {
                for (float v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void outOfRangeClipsAndZeroPowerIsFinite() {
        Normalization n = new Normalization(2, -50, 10, new double[] {-100}, new double[] {100});
        float[][] x = n.normalize(new float[][] {{0f, 1e6f, 1e-5f}, {1f, 1f, 1f}, {-500f, 500f, 0f}});
        assertThat(x[0]).containsExactly(0f, 1f, 0f);
        assertThat(x[1][0]).isCloseTo(50f / 60f, within(1e-6f));
        assertThat(x[2]).containsExactly(0f, 1f, 0.5f);
        float[][] back = n.denormalize(new float[][] {{-1f, 2f}, {Float.NaN, 0.5f}, {0f, 1f}});
        assertThat((double) back[0][0]).isCloseTo(1e-5, within(1e-10));
        assertThat((double) back[0][1]).isCloseTo(10, within(1e-4));
        assertThat(back[2]).containsExactly(-100f, 100f);
        assertThatThrownBy(() -> n.normalize(new float[2][3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonRoundTrip(@TempDir Path dir) throws IOException {
        Normalization n = Normalization.fit(List.<float[][]>of(randomHybrid(new SplittableRandom(3))), 128);
        Path f = dir.resolve("normalization.json");
        n.save(f);
        String text = Files.readString(f);
        assertThat(text).contains("\"version\" : 1").contains("description");
        assertThat(Normalization.load(f)).isEqualTo(n);
        Files.writeString(f, "{\"version\": 99}");
        assertThatThrownBy(() -> Normalization.load(f)).isInstanceOf(IOException.class).hasMessageContaining(f.toString());
    }

    @Test
    void mergingPartFitsEqualsTheFitOverAllHybridsExactly() {
        SplittableRandom r = new SplittableRandom(11);
        List<float[][]> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(randomHybrid(r));
        }
        Normalization whole = Normalization.fit(all, 128);
        Normalization.Accumulator acc = new Normalization.Accumulator(128);
        // parts of 3, 1 and 3 hybrids, merged out of order
        acc.merge(Normalization.fit(all.subList(4, 7), 128), 3);
        acc.merge(Normalization.fit(all.subList(0, 3), 128), 3);
        acc.merge(Normalization.fit(all.subList(3, 4), 128), 1);
        assertThat(acc.count()).isEqualTo(7);
        assertThat(acc.build()).isEqualTo(whole); // bit for bit: minima and maxima
        assertThatThrownBy(() -> acc.merge(whole, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acc.merge(new Normalization(64, 0, 1, new double[20], new double[20]), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accumulatorNeedsData() {
        assertThatThrownBy(() -> new Normalization.Accumulator(128).build()).isInstanceOf(IllegalStateException.class);
    }
}
