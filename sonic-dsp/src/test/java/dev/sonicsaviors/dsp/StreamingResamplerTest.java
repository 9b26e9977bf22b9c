package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link StreamingResampler} over blocks equals {@link Resampler#process} over the whole signal, bit for bit. */
class StreamingResamplerTest {

    private static float[] signal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(0.01 * i) + 0.3 * (r.nextDouble() - 0.5));
        }
        return x;
    }

    /** Streams {@code x} in random blocks (some empty, some single samples, some large) and concatenates the outputs. */
    private static float[] streamed(float[] x, int from, int to, SplittableRandom r, int maxBlock) {
        StreamingResampler s = new StreamingResampler(from, to);
        float[] out = new float[0];
        int at = 0;
        while (at < x.length) {
            int len = Math.min(x.length - at, r.nextInt(4) == 0 ? r.nextInt(3) : r.nextInt(maxBlock));
            out = concat(out, s.push(x, at, len));
            at += len;
        }
        out = concat(out, s.finish());
        assertThat(s.inputCount()).isEqualTo(x.length);
        assertThat(s.outputCount()).isEqualTo(out.length);
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void blocksOfAnySizeGiveTheWholeSignalResultBitForBit() {
        SplittableRandom r = new SplittableRandom(1);
        int[][] rates = {{44100, 16000}, {16000, 44100}, {48000, 22050}, {22050, 44100}, {44100, 22050}, {8000, 8000},
            {44100, 44101}, {22050, 768000}};
        for (int[] rate : rates) {
            for (int n : new int[] {0, 1, 5, 50, 333, 20_000, 100_003}) {
                float[] x = signal(n, n + rate[0]);
                float[] whole = new Resampler(rate[0], rate[1]).process(x);
                float[] got = streamed(x, rate[0], rate[1], r, 1 + n / 3);
                assertThat(got.length).as("%d -> %d Hz, n = %d", rate[0], rate[1], n).isEqualTo(whole.length);
                int i = Arrays.mismatch(got, whole);
                assertThat(i).as("%d -> %d Hz, n = %d: first difference", rate[0], rate[1], n).isEqualTo(-1);
            }
        }
    }

    @Test
    void largeBlocksUseTheParallelPathAndStillAgree() {
        float[] x = signal(400_000, 9);
        float[] whole = new Resampler(44100, 48000).process(x);
        float[] got = streamed(x, 44100, 48000, new SplittableRandom(2), 200_000);
        assertThat(Arrays.mismatch(got, whole)).isEqualTo(-1);
    }

    @Test
    void misuseIsRejected() {
        StreamingResampler s = new StreamingResampler(16000, 8000);
        assertThatThrownBy(() -> s.push(new float[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        s.finish();
        assertThatThrownBy(() -> s.push(new float[4], 0, 4)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new StreamingResampler(0, 8000)).isInstanceOf(IllegalArgumentException.class);
    }
}
