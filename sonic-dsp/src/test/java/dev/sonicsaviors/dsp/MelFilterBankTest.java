package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-segment frame product equals the per-band one and the dense matrix product, for several bank shapes. */
class MelFilterBankTest {

    @ParameterizedTest
    @CsvSource({"22050, 2048, 128", "16000, 512, 40", "8000, 256, 128", "44100, 4096, 64", "22050, 64, 8"})
    void segmentProductMatchesBandProduct(int sampleRate, int nFft, int nMels) {
        MelFilterBank bank = MelFilterBank.slaney(sampleRate, nFft, nMels);
        SplittableRandom rng = new SplittableRandom(nFft + nMels);
        double[] power = new double[bank.bins()];
        for (int k = 0; k < power.length; k++) {
            power[k] = Math.pow(10, rng.nextDouble(-8, 4));
        }
        double[] bySegment = new double[nMels];
        double[] byBand = new double[nMels];
        java.util.Arrays.fill(bySegment, Double.NaN);
        bank.applyFrame(power, bySegment);
        bank.applyFrameByBand(power, byBand);
        float[][] dense = bank.weights();
        for (int b = 0; b < nMels; b++) {
            double direct = 0;
            for (int k = 0; k < power.length; k++) {
                direct += dense[b][k] * power[k];
            }
            assertThat(bySegment[b]).as("band %d", b).isCloseTo(byBand[b], org.assertj.core.data.Offset.offset(1e-12 * Math.abs(byBand[b])));
            assertThat(bySegment[b]).isCloseTo(direct, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(direct)));
        }
    }
}
