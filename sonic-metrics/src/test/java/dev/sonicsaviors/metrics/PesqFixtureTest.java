package dev.sonicsaviors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PESQ (WB and NB, through the {@link Metrics} facade) against the reference scores of the 48 rows at 16 kHz. */
class PesqFixtureTest {

    private static List<Double> cached;

    /** |error| of every scored value (WB then NB per row), computed once and printed to the test output. */
    private static synchronized List<Double> errors() {
        if (cached != null) {
            return cached;
        }
        List<Double> errors = new ArrayList<>();
        for (FixtureRows.Row row : FixtureRows.all()) {
            if (Double.isNaN(row.pesqWb())) {
                continue;
            }
            MetricScores s = Metrics.all(row.cleanAudio(), row.degradedAudio(), row.fs());
            System.out.printf("%-45s wb %.4f ref %.4f (%+.4f)  nb %.4f ref %.4f (%+.4f)%n", row.degraded(),
                    s.pesqWb(), row.pesqWb(), s.pesqWb() - row.pesqWb(), s.pesqNb(), row.pesqNb(),
                    s.pesqNb() - row.pesqNb());
            errors.add(Math.abs(s.pesqWb() - row.pesqWb()));
            errors.add(Math.abs(s.pesqNb() - row.pesqNb()));
        }
        cached = List.copyOf(errors);
        return cached;
    }

    /** The target: 0.02 MOS on 95% of the scores, 0.05 on all. */
    @Test
    void matchesReferenceWithinTarget() {
        List<Double> e = errors();
        long ok = e.stream().filter(v -> v <= 0.02).count();
        assertThat(ok).isGreaterThanOrEqualTo((long) Math.ceil(0.95 * e.size()));
        assertThat(e).allMatch(v -> v <= 0.05);
    }

    /**
     * Guards the accuracy reached so far, as the README quotes it: all 96 scores (WB and NB of the 48 rows at 16 kHz)
     * within 0.02 MOS, 95 of them within 0.001 MOS, the last (a degraded signal with no stable delay, NB) to 0.015, and
     * the median |error| ("typical error") below 1e-5 MOS.
     */
    @Test
    void accuracyDoesNotRegress() {
        List<Double> e = errors();
        long within05 = e.stream().filter(v -> v <= 0.05).count();
        long within10 = e.stream().filter(v -> v <= 0.10).count();
        System.out.printf("PESQ: %d of %d within 0.02, %d within 0.05, %d within 0.10, worst %.4f%n",
                e.stream().filter(v -> v <= 0.02).count(), e.size(), within05, within10,
                e.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        assertThat(e).hasSize(96);
        assertThat(e.stream().filter(v -> v <= 0.001).count()).isGreaterThanOrEqualTo(95);
        assertThat(within05).isEqualTo(96);
        assertThat(within10).isEqualTo(96);
        assertThat(e).allMatch(v -> v <= 0.02);
        double[] sorted = e.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf("PESQ: median |error| %.3g%n", median);
        assertThat(median).isLessThan(1e-5);
    }
}
