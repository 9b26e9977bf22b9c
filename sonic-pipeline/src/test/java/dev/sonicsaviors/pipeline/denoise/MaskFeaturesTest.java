package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The mask models' features: level normalisation, compression, and the noise floor for a band the input rate left empty. */
class MaskFeaturesTest {

    @Test
    void levelScaleMakesTheMeanPowerPerBinAndFrameOne() {
        ComplexSpectrogram s = MaskGainModelTest.randomSpectrogram(30, 4);
        scale(s, 0.01f);
        double scale = MaskFeatures.levelScale(s);
        float[] out = new float[MaskFeatures.BINS * 30];
        MaskFeatures.compressed(s, scale, out, 0);
        double mean = 0;
        for (float v : out) {
            mean += Math.pow(v, 2 / 0.3); // back to power
        }
        assertThat(mean / out.length).isCloseTo(1, within(1e-3));
    }

    @Test
    void floorLeavesTheBinsBelowItsFirstUntouchedAndFillsAnEmptyBandAtMinusFiftyDecibels() {
        int frames = 400;
        int from = 93;
        ComplexSpectrogram s = MaskGainModelTest.randomSpectrogram(frames, 5);
        for (int k = from; k < MaskFeatures.BINS; k++) { // what an 8 kHz input leaves above 4 kHz at 22,050 Hz
            Arrays.fill(s.re()[k], 0);
            Arrays.fill(s.im()[k], 0);
        }
        double scale = MaskFeatures.levelScale(s);
        float[] plain = new float[MaskFeatures.BINS * frames + 3];
        float[] floored = new float[plain.length];
        MaskFeatures.compressed(s, scale, plain, 3);
        MaskFeatures.compressedWithFloor(s, scale, from, 11, floored, 3);
        for (int i = 0; i < 3 + from * frames; i++) {
            assertThat(floored[i]).isEqualTo(plain[i]);
        }
        double power = 0;
        double powerSquared = 0;
        int n = 0;
        for (int i = 3 + from * frames; i < floored.length; i++) {
            assertThat(plain[i]).isZero();
            double p = Math.pow(floored[i], 2 / 0.3);
            power += p;
            powerSquared += p * p;
            n++;
        }
        double mean = power / n;
        // an exponential distribution: mean 1e-5 (the normalised signal's mean power being 1), standard deviation the same
        assertThat(mean).isCloseTo(MaskFeatures.EMPTY_BAND_FLOOR, within(0.02 * MaskFeatures.EMPTY_BAND_FLOOR));
        assertThat(Math.sqrt(powerSquared / n - mean * mean)).isCloseTo(mean, within(0.05 * mean));
        // seeded: the same floor every time, another seed another floor
        float[] again = new float[plain.length];
        float[] other = new float[plain.length];
        MaskFeatures.compressedWithFloor(s, scale, from, 11, again, 3);
        MaskFeatures.compressedWithFloor(s, scale, from, 12, other, 3);
        assertThat(again).isEqualTo(floored);
        assertThat(other).isNotEqualTo(floored);
    }

    @Test
    void floorAddsToWhatABinHolds() {
        ComplexSpectrogram s = MaskGainModelTest.randomSpectrogram(20, 6);
        double scale = MaskFeatures.levelScale(s);
        float[] plain = new float[MaskFeatures.BINS * 20];
        float[] floored = new float[plain.length];
        MaskFeatures.compressed(s, scale, plain, 0);
        MaskFeatures.compressedWithFloor(s, scale, 0, 1, floored, 0);
        for (int i = 0; i < plain.length; i++) {
            assertThat(floored[i]).isGreaterThanOrEqualTo(plain[i]);
            // 1e-5 of the mean power moves a bin of typical power by far less than 1e-3 of its compressed value
            if (Math.pow(plain[i], 2 / 0.3) > 0.1) {
                assertThat(floored[i]).isCloseTo(plain[i], within(1e-3f * plain[i]));
            }
        }
    }

    private static void scale(ComplexSpectrogram s, float a) {
        for (int k = 0; k < s.bins(); k++) {
            for (int t = 0; t < s.frames(); t++) {
                s.re()[k][t] *= a;
                s.im()[k][t] *= a;
            }
        }
    }
}
