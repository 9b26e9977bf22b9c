package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --reconstruct griffinlim} leaves no discontinuity at chunk seams: a sine through an identity gain stays a sine. */
class GriffinLimSeamTest {

    /** Largest |error| and |second difference| of {@code y}, near seams and in chunk interiors. */
    record Seams(double errAtSeams, double errInside, double curvAtSeams, double curvInside) {
    }

    /**
     * Measures {@code y} against the input {@code x} within {@code window} samples of each seam (multiples of {@code chunk}
     * samples) and elsewhere, skipping the first and last {@code edge} samples (the signal's own fades).
     */
    static Seams measure(float[] x, float[] y, int chunk, int window, int edge) {
        double errAt = 0;
        double errIn = 0;
        double curvAt = 0;
        double curvIn = 0;
        for (int i = Math.max(2, edge); i < x.length - edge; i++) {
            int toSeam = Math.abs(i - (int) Math.round((double) i / chunk) * chunk);
            boolean near = i >= chunk / 2 && toSeam < window;
            double err = Math.abs(y[i] - x[i]);
            double curv = Math.abs(y[i] - 2 * y[i - 1] + y[i - 2]);
            if (near) {
                errAt = Math.max(errAt, err);
                curvAt = Math.max(curvAt, curv);
            } else {
                errIn = Math.max(errIn, err);
                curvIn = Math.max(curvIn, curv);
            }
        }
        return new Seams(errAt, errIn, curvAt, curvIn);
    }

    @Test
    void identityGainSineHasNoSeamWithGriffinLim() {
        for (int rate : new int[] {22050, 44100}) {
            int n = rate * 9 + 101; // 2 s chunks: seams at 2, 4, 6 and 8 s
            float[] x = ChunkedEnhancerTest.sine(n, rate);
            ChunkedEnhancer e = new ChunkedEnhancer(ChunkedEnhancerTest.IDENTITY, 1, ChunkedEnhancerTest.SMALL,
                    ChunkedEnhancer.Reconstruct.GRIFFIN_LIM);
            float[] y = e.process(x, rate);
            assertThat(y).hasSize(n);
            int chunk = 2 * rate;
            // the crossfade is 0.2 s wide around each seam; look 0.15 s either side
            Seams s = measure(x, y, chunk, (int) (0.15 * rate), rate / 10);
            System.out.printf("griffin-lim identity at %d Hz: error %.2e at seams, %.2e inside; |second difference| %.6f at seams,"
                    + " %.6f inside%n", rate, s.errAtSeams(), s.errInside(), s.curvAtSeams(), s.curvInside());
            // The sine comes back (Griffin-Lim starts from the noisy phase, which is exact here) ...
            assertThat(s.errInside()).isLessThan(1e-3);
            // ... and no worse at the seams than inside the chunks: no click, no dip, no phase jump.
            assertThat(s.errAtSeams()).isLessThanOrEqualTo(Math.max(2 * s.errInside(), 1e-5));
            // A step at a seam would show as a spike in the second difference; the sine's own is A w^2.
            assertThat(s.curvAtSeams()).isLessThanOrEqualTo(1.02 * s.curvInside());
        }
    }
}
