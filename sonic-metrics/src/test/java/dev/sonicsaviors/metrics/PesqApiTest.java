package dev.sonicsaviors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** PESQ errors, mapping and the facade's handling of rates PESQ cannot score. */
class PesqApiTest {

    static float[] speechLike(int n, int fs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / fs;
            double env = Math.max(0, Math.sin(2 * Math.PI * 2 * t));
            x[i] = (float) (env * (0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 1330 * t)
                    + 0.02 * rng.nextGaussian()));
        }
        return x;
    }

    @Test
    void tooShortInputIsAClearError() {
        float[] x = speechLike(1000, 16000, 1);
        assertThatThrownBy(() -> Pesq.compute(x, x, 16000, Pesq.Mode.WB))
                .isInstanceOf(PesqException.class).hasMessageContaining("too short").hasMessageNotContaining("\n");
    }

    @Test
    void silentReferenceIsAClearError() {
        float[] silent = new float[32000];
        float[] x = speechLike(32000, 16000, 2);
        assertThatThrownBy(() -> Pesq.compute(silent, x, 16000, Pesq.Mode.NB))
                .isInstanceOf(PesqException.class).hasMessageContaining("reference");
    }

    @Test
    void wideBandNeeds16kHz() {
        float[] x = speechLike(16000, 8000, 3);
        assertThatThrownBy(() -> Pesq.compute(x, x, 8000, Pesq.Mode.WB)).isInstanceOf(PesqException.class)
                .hasMessageContaining("16000 Hz");
        MetricScores s = Metrics.all(x, x, 8000);
        assertThat(s.pesqWb()).isNaN();
        assertThat(s.pesqWbError()).contains("16000 Hz");
        assertThat(s.pesqNb()).isGreaterThan(4.0);
        assertThat(s.pesqNbError()).isNull();
    }

    @Test
    void identicalSignalsScoreNearTheTop() {
        float[] x = speechLike(3 * 16000, 16000, 4);
        assertThat(Pesq.compute(x, x, 16000, Pesq.Mode.WB)).isGreaterThan(4.5);
        assertThat(Pesq.compute(x, x, 16000, Pesq.Mode.NB)).isGreaterThan(4.5);
        assertThat(Pesq.mapToMos(4.5, Pesq.Mode.NB)).isCloseTo(0.999 + 4 / (1 + Math.exp(-1.4945 * 4.5 + 4.6607)),
                org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void facadeMatchesTheSingleMetrics() {
        float[] c = speechLike(2 * 16000, 16000, 5);
        float[] d = speechLike(2 * 16000 + 100, 16000, 6); // longer: truncated
        MetricScores s = Metrics.all(c, d, 16000);
        assertThat(s.siSdr()).isEqualTo(SiSdr.compute(c, d));
        assertThat(s.stoi()).isEqualTo(Stoi.compute(c, d, 16000));
        assertThat(s.estoi()).isEqualTo(Estoi.compute(c, d, 16000));
        assertThat(s.pesqWb()).isEqualTo(Pesq.compute(c, d, 16000, Pesq.Mode.WB));
        assertThat(s.asMap()).containsOnlyKeys("si_sdr", "snr", "segsnr", "stoi", "estoi", "pesq_wb", "pesq_nb");
    }
}
