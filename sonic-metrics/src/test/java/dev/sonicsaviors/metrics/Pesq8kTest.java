package dev.sonicsaviors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sonicsaviors.dsp.Resampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The native 8 kHz narrow-band model. The fixture has no reference scores at 8 kHz, so the 48 rows at 16 kHz are
 * down-sampled to 8 kHz and their 8 kHz NB scores compared with the reference 16 kHz NB scores: the ITU
 * reference itself differs between the two rates on the same material (other band count, frame length,
 * filters), typically by up to about 0.1-0.2 MOS, so this is a consistency check with bounds set from the
 * measured distribution plus a small margin (see {@link #consistentWithReferenceNarrowBandAt16k()}).
 */
class Pesq8kTest {

    private static double[] cached;
    private static double[] scores8k;
    private static double[] referenceNb;

    /** Signed error (8 kHz NB score minus reference 16 kHz NB score) of each row, computed once and printed. */
    private static synchronized double[] errors() {
        if (cached != null) {
            return cached;
        }
        List<Double> errors = new ArrayList<>();
        List<Double> got = new ArrayList<>();
        List<Double> ref = new ArrayList<>();
        for (FixtureRows.Row row : FixtureRows.all()) {
            if (row.fs() != 16000 || Double.isNaN(row.pesqNb())) {
                continue;
            }
            float[] c = Resampler.resample(row.cleanAudio(), 16000, 8000);
            float[] d = Resampler.resample(row.degradedAudio(), 16000, 8000);
            double nb8 = Pesq.compute(c, d, 8000, Pesq.Mode.NB);
            System.out.printf("%-45s nb8k %.4f ref nb16k %.4f (%+.4f)%n", row.degraded(), nb8, row.pesqNb(),
                    nb8 - row.pesqNb());
            errors.add(nb8 - row.pesqNb());
            got.add(nb8);
            ref.add(row.pesqNb());
        }
        scores8k = got.stream().mapToDouble(Double::doubleValue).toArray();
        referenceNb = ref.stream().mapToDouble(Double::doubleValue).toArray();
        cached = errors.stream().mapToDouble(Double::doubleValue).toArray();
        return cached;
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }

    /**
     * Bounds from the distribution measured over the 48 rows (8 kHz NB minus reference 16 kHz NB): mean +0.090, standard
     * deviation 0.036, range -0.018 to +0.148; |error| median 0.096, 90th percentile 0.130, worst 0.148; Pearson
     * correlation 0.998. The offset is a property of P.862 at 8 kHz, not an error of the port: the symmetric disturbance
     * is an L2 norm over the bands normalised by their total width, which is 17.23 Bark over bands 1-41 at 8 kHz against
     * 21.18 Bark over bands 1-48 at 16 kHz, so the same per-band disturbances give a d_sym about sqrt(17.23 / 21.18) =
     * 0.90 times as large (the bands above 4 kHz carry no disturbance after the IRS filter). Diagnostic (not kept in the
     * code): with the 16 kHz total width substituted, the 8 kHz model matches the reference NB scores to a median 0.001,
     * worst 0.037 MOS; scoring the 4 kHz band-limited signals with the 16 kHz model changes its scores by 0.0004 on
     * average. The bounds are those measured figures plus about 0.01 MOS (a tenth of the systematic offset): the
     * computation is deterministic, so the margin only absorbs floating-point reordering and resampler changes, while a
     * real change of the 8 kHz model (band table, IRS filter, time alignment) moves these statistics by more. The sign of
     * the offset is asserted too, since the width ratio above predicts higher 8 kHz scores: median |error| at most 0.105
     * (measured 0.096), 90th percentile 0.14 (0.130), worst 0.16 (0.148), mean error between +0.075 and +0.105
     * (+0.090), correlation at least 0.995 (0.998).
     */
    @Test
    void consistentWithReferenceNarrowBandAt16k() {
        double[] e = errors();
        double[] abs = Arrays.stream(e).map(Math::abs).sorted().toArray();
        double mean = Arrays.stream(e).average().orElse(0);
        System.out.printf("PESQ NB 8 kHz vs reference NB 16 kHz over %d rows: mean %+.4f, |err| median %.4f, "
                + "p90 %.4f, max %.4f, within 0.1: %d, within 0.2: %d, correlation %.4f%n", e.length, mean,
                percentile(abs, 0.5), percentile(abs, 0.9), abs[abs.length - 1],
                Arrays.stream(abs).filter(v -> v <= 0.1).count(),
                Arrays.stream(abs).filter(v -> v <= 0.2).count(), correlation(scores8k, referenceNb));
        assertThat(e).hasSize(48);
        assertThat(percentile(abs, 0.5)).isLessThanOrEqualTo(0.105);
        assertThat(percentile(abs, 0.9)).isLessThanOrEqualTo(0.14);
        assertThat(abs[abs.length - 1]).isLessThanOrEqualTo(0.16);
        assertThat(mean).isBetween(0.075, 0.105);
        assertThat(correlation(scores8k, referenceNb)).isGreaterThanOrEqualTo(0.995);
    }

    @Test
    void identicalSignalsScoreHigh() {
        float[] x = PesqApiTest.speechLike(3 * 8000, 8000, 11);
        assertThat(Pesq.compute(x, x, 8000, Pesq.Mode.NB)).isGreaterThan(4.4);
        float[] y = PesqApiTest.speechLike(3 * 11025, 11025, 12); // below 16 kHz: resampled to 8 kHz
        assertThat(Pesq.compute(y, y, 11025, Pesq.Mode.NB)).isGreaterThan(4.4);
        FixtureRows.Row row = FixtureRows.all().stream().filter(r -> r.fs() == 16000).findFirst().orElseThrow();
        float[] c = Resampler.resample(row.cleanAudio(), 16000, 8000);
        assertThat(Pesq.compute(c, c, 8000, Pesq.Mode.NB)).isGreaterThan(4.4);
    }

    @Test
    void noisySignalScoresLowerThanClean() {
        float[] x = PesqApiTest.speechLike(3 * 8000, 8000, 13);
        SplittableRandom rng = new SplittableRandom(14);
        float[] noisy = x.clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += (float) (0.05 * rng.nextGaussian());
        }
        assertThat(Pesq.compute(x, noisy, 8000, Pesq.Mode.NB)).isLessThan(Pesq.compute(x, x, 8000, Pesq.Mode.NB));
    }

    @Test
    void errorsAt8kHz() {
        float[] shortInput = PesqApiTest.speechLike(1000, 8000, 15); // 125 ms
        assertThatThrownBy(() -> Pesq.compute(shortInput, shortInput, 8000, Pesq.Mode.NB))
                .isInstanceOf(PesqException.class).hasMessageContaining("too short").hasMessageNotContaining("\n");
        float[] silent = new float[16000];
        float[] x = PesqApiTest.speechLike(16000, 8000, 16);
        assertThatThrownBy(() -> Pesq.compute(silent, x, 8000, Pesq.Mode.NB))
                .isInstanceOf(PesqException.class).hasMessageContaining("reference");
        assertThatThrownBy(() -> Pesq.compute(x, x, 8000, Pesq.Mode.WB))
                .isInstanceOf(PesqException.class).hasMessageContaining("16000 Hz");
    }
}
