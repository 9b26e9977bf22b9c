package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compares every feature with librosa 0.11 golden arrays, at the README's suggested tolerances. */
class LibrosaFixtureTest {

    private static final FeatureConfig CFG = FeatureConfig.defaults();

    @Test
    void configDefaults() {
        assertThat(CFG).isEqualTo(new FeatureConfig(22050, 2048, 512, 128, 20, 55296));
        assertThat(CFG.frames()).isEqualTo(109);
        assertThat(CFG.bins()).isEqualTo(1025);
        assertThat(CFG.hybridRows()).isEqualTo(148);
    }

    @Test
    void melFiltersMatchLibrosa() {
        float[][] expected = Fixtures.matrix("mel_filters.npy");
        float[][] actual = MelFilterBank.slaney(22050, 2048, 128).weights();
        assertThat(Fixtures.maxAbsDiff(actual, expected)).isLessThanOrEqualTo(1e-7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a_sines", "b_chirp", "c_noise", "d_short_padded", "e_silence", "f_speech"})
    void stftMagnitudeMatchesLibrosa(String name) {
        float[] y = Fixtures.vector(name + "/signal.npy");
        float[][] expected = Fixtures.matrix(name + "/stft_mag.npy");
        float[][] actual = new Stft(2048, 512).magnitude(y);
        assertThat(Fixtures.excess(actual, expected, 1e-5, 1e-6 * Fixtures.max(expected))).isLessThanOrEqualTo(0);
        float[][] viaComplex = new Stft(2048, 512).forward(y).magnitude();
        assertThat(Fixtures.excess(viaComplex, expected, 1e-5, 1e-6 * Fixtures.max(expected))).isLessThanOrEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a_sines", "b_chirp", "c_noise", "d_short_padded", "e_silence", "f_speech"})
    void melPowerMatchesLibrosa(String name) {
        float[] y = Fixtures.vector(name + "/signal.npy");
        float[][] expected = Fixtures.matrix(name + "/mel_power.npy");
        HybridFeatures hf = new HybridFeatures(CFG);
        float[][] actual = hf.melPower(y);
        assertThat(Fixtures.excess(actual, expected, 1e-5, 1e-7 * Fixtures.max(expected))).isLessThanOrEqualTo(0);
        float[][] viaBank = hf.filterBank().apply(new Stft(2048, 512).power(y));
        assertThat(Fixtures.excess(viaBank, expected, 1e-5, 1e-7 * Fixtures.max(expected))).isLessThanOrEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a_sines", "b_chirp", "c_noise", "d_short_padded", "e_silence", "f_speech"})
    void decibelsMatchLibrosa(String name) {
        float[][] mel = Fixtures.matrix(name + "/mel_power.npy");
        assertThat(Fixtures.maxAbsDiff(PowerToDb.convertRefMax(mel, 1e-10, 80), Fixtures.matrix(name + "/mel_db.npy")))
                .isLessThanOrEqualTo(1e-4);
        assertThat(Fixtures.maxAbsDiff(PowerToDb.convert(mel, 1.0, 1e-10, 80), Fixtures.matrix(name + "/mel_db_ref1.npy")))
                .isLessThanOrEqualTo(1e-4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a_sines", "b_chirp", "c_noise", "d_short_padded", "e_silence", "f_speech"})
    void decibelsFromOwnMelMatchLibrosa(String name) {
        float[][] mel = new HybridFeatures(CFG).melPower(Fixtures.vector(name + "/signal.npy"));
        assertThat(Fixtures.maxAbsDiff(PowerToDb.convertRefMax(mel, 1e-10, 80), Fixtures.matrix(name + "/mel_db.npy")))
                .isLessThanOrEqualTo(1e-3);
        assertThat(Fixtures.maxAbsDiff(PowerToDb.convert(mel, 1.0, 1e-10, 80), Fixtures.matrix(name + "/mel_db_ref1.npy")))
                .isLessThanOrEqualTo(1e-3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a_sines", "b_chirp", "c_noise", "d_short_padded", "e_silence", "f_speech"})
    void mfccMatchesLibrosa(String name) {
        float[] y = Fixtures.vector(name + "/signal.npy");
        float[][] expected = Fixtures.matrix(name + "/mfcc.npy");
        HybridFeatures hf = new HybridFeatures(CFG);
        assertThat(Fixtures.maxAbsDiff(hf.mfccFromMelPower(hf.melPower(y)), expected)).isLessThanOrEqualTo(1e-3);
        float[][] viaDb = new Mfcc(128, 20).fromDb(Fixtures.matrix(name + "/mel_db_ref1.npy"));
        assertThat(Fixtures.maxAbsDiff(viaDb, expected)).isLessThanOrEqualTo(1e-3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a_sines", "b_chirp", "c_noise", "d_short_padded", "e_silence", "f_speech"})
    void hybridStacksMelAndMfcc(String name) {
        float[] y = Fixtures.vector(name + "/signal.npy");
        HybridFeatures hf = new HybridFeatures(CFG);
        float[][] h = hf.compute(y);
        float[][] h2 = hf.compute(y);
        assertThat(h.length).isEqualTo(148);
        assertThat(h[0].length).isEqualTo(109);
        assertThat(h2).isDeepEqualTo(h);
        float[][] mel = Fixtures.matrix(name + "/mel_power.npy");
        float[][] mfcc = Fixtures.matrix(name + "/mfcc.npy");
        float[][] top = java.util.Arrays.copyOfRange(h, 0, 128);
        float[][] bottom = java.util.Arrays.copyOfRange(h, 128, 148);
        assertThat(Fixtures.excess(top, mel, 1e-5, 1e-7 * Fixtures.max(mel))).isLessThanOrEqualTo(0);
        assertThat(Fixtures.maxAbsDiff(bottom, mfcc)).isLessThanOrEqualTo(1e-3);
    }

    @Test
    void hybridRejectsWrongLength() {
        HybridFeatures hf = new HybridFeatures(CFG);
        assertThatThrownBy(() -> hf.compute(new float[55295])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixLengthMatchesPaddedFixture() {
        float[] raw = Fixtures.vector("d_short_padded/signal.npy");
        float[] cut = Signals.fixLength(raw, 30000);
        assertThat(cut).hasSize(30000);
        float[] again = Signals.fixLength(cut, 55296);
        assertThat(again).isEqualTo(raw);
    }
}
