package dev.sonicsaviors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SI-SDR, SNR, segmental SNR, STOI and ESTOI against the reference scores of all 96 fixture rows. */
class SimpleMetricsFixtureTest {

    static List<FixtureRows.Row> rows() {
        return FixtureRows.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void matchesReference(FixtureRows.Row row) {
        float[] clean = row.cleanAudio();
        float[] degraded = row.degradedAudio();
        assertThat(SiSdr.compute(clean, degraded)).as("si_sdr").isCloseTo(row.siSdr(), within(0.01));
        assertThat(Snr.compute(clean, degraded)).as("snr").isCloseTo(row.snr(), within(0.01));
        assertThat(SegmentalSnr.compute(clean, degraded, row.fs())).as("segsnr").isCloseTo(row.segSnr(), within(0.01));
        assertThat(Stoi.compute(clean, degraded, row.fs())).as("stoi").isCloseTo(row.stoi(), within(1e-4));
        assertThat(Estoi.compute(clean, degraded, row.fs())).as("estoi").isCloseTo(row.estoi(), within(1e-4));
    }
}
