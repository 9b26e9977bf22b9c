package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.dsp.noise.ColoredNoise;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void theOutsideShareIsTheRoundTripsStopBand() {
        for (int rate : new int[] {44_100, 48_000}) {
            float[] outside = HighBandGain.outsideShare(rate, 22_050);
            int nFft = HighBandGain.frameSize(rate);
            assertThat(outside).hasSize(nFft / 2 + 1);
            for (int k = 0; k < outside.length; k++) {
                double hz = (double) k * rate / nFft;
                if (hz < 0.85 * 11_025) {
                    assertThat(outside[k]).as("%d Hz at %d Hz", Math.round(hz), rate).isLessThan(0.01f);
                } else if (hz > 1.1 * 11_025) {
                    assertThat(outside[k]).as("%d Hz at %d Hz", Math.round(hz), rate).isGreaterThan(0.99f);
                }
            }
        }
        // Below the model's rate the transition band lies inside the speech band: the long filter there, as before.
        assertThat(HighBandGain.roundTripQuality(16_000, 22_050)).isEqualTo(Resampler.Quality.HIGH);
        assertThat(HighBandGain.roundTripQuality(8_000, 22_050)).isEqualTo(Resampler.Quality.HIGH);
        assertThat(HighBandGain.roundTripQuality(44_100, 22_050)).isEqualTo(Resampler.Quality.SPEECH);
        float[] narrow = HighBandGain.outsideShare(16_000, 22_050); // the round trip loses only the top of 16 kHz input
        assertThat(narrow[narrow.length / 2]).isLessThan(0.01f);
        assertThat(narrow[narrow.length - 1]).isGreaterThan(0.5f); // at 8 kHz itself the filters are mid-transition
    }

    @Test
    void theCorrectionFromTheInputMatchesDenoisingTheBandItself(@TempDir Path dir) throws IOException {
        int rate = 48_000;
        float[] clean = FullBandTest.speech(dir).toMono();
        float[] noise = ColoredNoise.white(clean.length, 5);
        float[] x = new float[clean.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = clean[i] + 0.02f * noise[i];
        }
        assertThat(HighBandGain.roundTripQuality(rate, 22_050)).isEqualTo(Resampler.Quality.SPEECH);
        float[] roundTrip = HighBandGain.roundTrip(x, rate, 22_050);
        float[] band = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            band[i] = x[i] - roundTrip[i];
        }
        double fromHz = 0.85 * 11_025;
        float[] denoised = HighBandGain.denoise(band, rate, fromHz);
        float[] change = HighBandGain.correction(x, rate, fromHz, HighBandGain.outsideShare(rate, 22_050));
        double expected = 0;
        double error = 0;
        for (int i = 0; i < x.length; i++) {
            double want = denoised[i] - band[i];
            expected += want * want;
            error += (change[i] - want) * (change[i] - want);
        }
        double db = 10 * Math.log10(error / expected);
        System.out.printf(Locale.ROOT, "high-band correction from the input vs from the band: error %.1f dB%n", db);
        assertThat(expected).as("the band's noise is reduced").isGreaterThan(0);
        assertThat(db).as("error relative to the change, dB").isLessThan(-30);
    }
}
