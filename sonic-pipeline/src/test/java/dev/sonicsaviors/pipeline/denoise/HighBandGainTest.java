package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HighBandGainTest {

    @Test
    void quantileByselectionEqualsTheSortedOrderStatistic() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 3, 7, 100, 1001}) {
            for (int trial = 0; trial < 50; trial++) {
                double[] p = new double[n];
                for (int i = 0; i < n; i++) {
                    p[i] = trial % 3 == 0 ? r.nextInt(4) : r.nextDouble(); // ties too
                }
                double[] sorted = p.clone();
                Arrays.sort(sorted);
                for (double q : new double[] {0, 0.2, 0.5, 0.99}) {
                    assertThat(HighBandGain.quantile(p.clone(), q)).isEqualTo(sorted[Math.min(n - 1, (int) (q * n))]);
                }
            }
        }
    }

    @Test
    void anEmptyBandStaysEmptyAndSilenceIsKept() {
        float[] zero = new float[48_000];
        assertThat(HighBandGain.denoise(zero, 48_000, 9_000)).containsOnly(0f);
        assertThat(HighBandGain.frameSize(48_000)).isEqualTo(1024);
        assertThat(HighBandGain.frameSize(44_100)).isEqualTo(1024);
        assertThat(HighBandGain.frameSize(22_050)).isEqualTo(512);
        assertThat(HighBandGain.frameSize(16_000)).isEqualTo(256);
    }
}
