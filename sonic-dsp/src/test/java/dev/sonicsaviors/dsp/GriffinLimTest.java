package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Griffin-Lim and mel inversion against librosa's mel_to_audio / mel_to_stft fixtures (a_sines). */
class GriffinLimTest {

    private static final Stft STFT = new Stft(2048, 512);
    private static final MelFilterBank FB = MelFilterBank.slaney(22050, 2048, 128);

    private static double[] spectralConvergence(float[] yHat) {
        float[][] mag = STFT.magnitude(yHat);
        float[][] mel = FB.apply(STFT.power(yHat));
        return new double[] {
            Fixtures.relFro(mag, Fixtures.matrix("a_sines/stft_mag.npy")),
            Fixtures.relFro(mag, Fixtures.matrix("a_sines/mel_to_stft.npy")),
            Fixtures.relFro(mel, Fixtures.matrix("a_sines/mel_power.npy")),
        };
    }

    @Test
    void reproducesLibrosaMelToAudio() {
        float[][] target = Fixtures.matrix("a_sines/mel_to_stft.npy");
        double[][] u = Fixtures.matrixDouble("a_sines/gl_init_uniform.npy");
        float[] y = GriffinLim.reconstruct(target, STFT, 55296, 32, 0.99, u);
        float[] expected = Fixtures.vector("a_sines/mel_to_audio.npy");
        assertThat(y).hasSize(expected.length);
        double maxDiff = 0;
        for (int i = 0; i < y.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(y[i] - expected[i]));
        }
        assertThat(maxDiff).isLessThan(2e-4); // float64 vs librosa float32: 8.8e-5
        double[] sc = spectralConvergence(y);
        assertThat(sc[0]).isCloseTo(0.2103, within(0.01));
        assertThat(sc[1]).isCloseTo(0.1207, within(0.01));
        assertThat(sc[2]).isCloseTo(0.0453, within(0.01));
    }

    @Test
    void seededRunIsDeterministicAndConverges() {
        float[][] target = Fixtures.matrix("a_sines/mel_to_stft.npy");
        float[] a = GriffinLim.reconstruct(target, STFT, 55296, 32, 0.99, 7L);
        float[] b = GriffinLim.reconstruct(target, STFT, 55296, 32, 0.99, 7L);
        assertThat(a).isEqualTo(b);
        double[] sc = spectralConvergence(a);
        assertThat(sc[1]).isLessThan(0.2);
        float[] zeroIter = GriffinLim.reconstruct(target, STFT, 55296, 0, 0.99, 7L);
        assertThat(spectralConvergence(zeroIter)[1]).isGreaterThan(sc[1]);
    }

    @Test
    void melInverseFitsTheMelSpectrogram() {
        float[][] mel = Fixtures.matrix("a_sines/mel_power.npy");
        float[][] s = MelInverse.melToStft(mel, FB, 2.0);
        assertThat(s.length).isEqualTo(1025);
        assertThat(s[0].length).isEqualTo(109);
        float[][] sq = new float[s.length][s[0].length];
        for (int k = 0; k < s.length; k++) {
            for (int t = 0; t < s[k].length; t++) {
                assertThat(s[k][t]).isGreaterThanOrEqualTo(0f);
                sq[k][t] = s[k][t] * s[k][t];
            }
        }
        double residual = Fixtures.relFro(FB.apply(sq), mel);
        assertThat(residual).isLessThan(0.01);
        // comparable to librosa's own NNLS answer (0.2219 away from the original magnitude)
        assertThat(Fixtures.relFro(s, Fixtures.matrix("a_sines/stft_mag.npy"))).isLessThan(0.35);

        double[][] u = Fixtures.matrixDouble("a_sines/gl_init_uniform.npy");
        float[] y = GriffinLim.reconstruct(s, STFT, 55296, 32, 0.99, u);
        double[] sc = spectralConvergence(y);
        assertThat(sc[0]).isLessThanOrEqualTo(0.25);
        assertThat(sc[2]).isLessThanOrEqualTo(0.1);
    }

    @Test
    void melInverseOfSilenceIsZero() {
        float[][] s = MelInverse.melToStft(new float[128][5], FB, 2.0);
        for (float[] row : s) {
            for (float v : row) {
                assertThat(v).isZero();
            }
        }
    }
}
