package dev.sonicsaviors.dsp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sonicsaviors.dsp.Stft;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixtureAugmentationTest {

    private static final int RATE = 22050;

    @Test
    void aUnitImpulseResponseLeavesTheSpeechInPlace() {
        float[] speech = ColoredNoise.pink(5000, 1);
        float[] rir = new float[3000];
        rir[700] = 0.5f; // the direct sound, late in the file: it is moved to time zero and scaled to 1
        float[] out = MixtureAugmentation.reverberate(speech, rir, RATE);
        assertThat(out).hasSameSizeAs(speech);
        for (int i = 0; i < speech.length; i++) {
            assertThat((double) out[i]).isCloseTo(speech[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void anEchoAddsADelayedCopy() {
        float[] speech = new float[1000];
        speech[10] = 1;
        float[] rir = new float[400];
        rir[0] = 1;
        rir[300] = 0.25f;
        float[] out = MixtureAugmentation.reverberate(speech, rir, RATE);
        assertThat((double) out[10]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) out[310]).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) out[500]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void rumbleLiesBelowItsCornerAndHasUnitPower() {
        float[] r = MixtureAugmentation.rumble(new SplittableRandom(3), RATE * 4, RATE, 100, 0);
        double ms = 0;
        for (float v : r) {
            ms += (double) v * v;
        }
        assertThat(ms / r.length).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
        float[][] p = new Stft(2048, 512).power(r);
        double below = 0;
        double above = 0;
        for (int k = 0; k < p.length; k++) {
            double f = k * (double) RATE / 2048;
            for (float v : p[k]) {
                if (f <= 200) {
                    below += v;
                } else if (f >= 400) {
                    above += v;
                }
            }
        }
        // Fourth-order low-pass: 24 dB per octave, so two octaves above the corner lie far below.
        assertThat(10 * Math.log10(above / below)).isLessThan(-30);
    }

    @Test
    void quietLevelsAreQuantisedAndLoudOnesClipped() {
        float[] clean = {0.1f, -0.2f, 0.4f};
        float[] noisy = {0.1f, -0.25f, 0.5f};
        MixtureAugmentation.setLevel(clean, noisy, -40);
        assertThat((double) noisy[2]).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1.0 / 32768));
        for (float v : noisy) {
            assertThat(v * 32768).isEqualTo(Math.round(v * 32768));
        }
        assertThat((double) clean[2]).isCloseTo(0.008, org.assertj.core.data.Offset.offset(1e-7));
        float[] c2 = {0.1f, -0.2f, 0.4f};
        float[] n2 = {0.1f, -0.25f, 0.5f};
        MixtureAugmentation.setLevel(c2, n2, 20 * Math.log10(1.5));
        assertThat(n2[2]).isEqualTo(1f);
        assertThat((double) c2[2]).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void drawsAreSeededAndNoneDrawsNothing() {
        MixtureAugmentation a = MixtureAugmentation.defaults();
        assertThat(a.draw(new SplittableRandom(9), 5)).isEqualTo(a.draw(new SplittableRandom(9), 5));
        SplittableRandom r = new SplittableRandom(4);
        MixtureAugmentation.none().draw(r, 5);
        assertThat(r.nextLong()).isEqualTo(new SplittableRandom(4).nextLong());
        int narrow = 0;
        int reverb = 0;
        SplittableRandom s = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            MixtureAugmentation.Draw d = a.draw(s, 5);
            narrow += d.bandHz() <= 4000 ? 1 : 0;
            reverb += d.rir() >= 0 ? 1 : 0;
        }
        assertThat(narrow).isBetween(1050, 1350);
        assertThat(reverb).isBetween(1850, 2150);
        assertThatThrownBy(() -> new MixtureAugmentation(0.2, 0.35, 20, 0.1, 0.05, 0.6, 0.6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nearCleanMixturesDrawTheirSnrLastAndOnlyWhenEnabled() {
        MixtureAugmentation base = MixtureAugmentation.defaults();
        MixtureAugmentation some = base.withNearCleanProbability(0.25);
        SplittableRandom r0 = new SplittableRandom(7);
        SplittableRandom r1 = new SplittableRandom(7);
        MixtureAugmentation.Draw d0 = base.draw(r0, 5);
        MixtureAugmentation.Draw d1 = some.draw(r1, 5);
        assertThat(d0.snrDb()).isNaN();
        // everything before the SNR is drawn as without it
        assertThat(d1.rir()).isEqualTo(d0.rir());
        assertThat(d1.bandHz()).isEqualTo(d0.bandHz());
        int near = 0;
        SplittableRandom s = new SplittableRandom(2);
        for (int i = 0; i < 10_000; i++) {
            double snr = some.draw(s, 5).snrDb();
            if (!Double.isNaN(snr)) {
                near++;
                assertThat(snr).isBetween(MixtureAugmentation.NEAR_CLEAN_MIN_DB, MixtureAugmentation.NEAR_CLEAN_MAX_DB);
            }
        }
        assertThat(near).isBetween(2300, 2700);
        assertThat(MixtureAugmentation.none().withNearCleanProbability(0.1).isNone()).isFalse();
        assertThatThrownBy(() -> base.withNearCleanProbability(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void speechEqualiserIsDrawnLastAndOnlyWhenEnabled() {
        MixtureAugmentation base = MixtureAugmentation.defaults().withNearCleanProbability(0.15);
        MixtureAugmentation some = base.withSpeechEqProbability(0.3);
        assertThat(some.nearCleanProbability()).isEqualTo(0.15);
        assertThat(some.withNarrowBandProbability(1).speechEqProbability()).isEqualTo(0.3);
        assertThat(some.withNearCleanProbability(0).speechEqProbability()).isEqualTo(0.3);
        int coloured = 0;
        for (int i = 0; i < 10_000; i++) {
            MixtureAugmentation.Draw d0 = base.draw(new SplittableRandom(i), 5);
            MixtureAugmentation.Draw d1 = some.draw(new SplittableRandom(i), 5);
            assertThat(d0.speechEq()).isNull();
            // everything before the equaliser is drawn as without it, so runs without it are unchanged
            assertThat(new MixtureAugmentation.Draw(d1.rir(), d1.rumbleDb(), d1.rumbleHz(), d1.humHz(), d1.peakDbfs(), d1.bandHz(),
                    d1.snrDb(), null, null)).isEqualTo(d0);
            MixtureAugmentation.Equaliser e = d1.speechEq();
            if (e != null) {
                coloured++;
                assertThat(e.lowDb()).isBetween(-MixtureAugmentation.SPEECH_EQ_SHELF_DB, MixtureAugmentation.SPEECH_EQ_SHELF_DB);
                assertThat(e.highDb()).isBetween(-MixtureAugmentation.SPEECH_EQ_SHELF_DB, MixtureAugmentation.SPEECH_EQ_SHELF_DB);
                assertThat(e.peakDb()).isBetween(-MixtureAugmentation.SPEECH_EQ_PEAK_DB, MixtureAugmentation.SPEECH_EQ_PEAK_DB);
                assertThat(e.peakHz()).isBetween(500.0, 6000.0);
            }
        }
        assertThat(coloured).isBetween(2700, 3300);
        assertThat(MixtureAugmentation.none().withSpeechEqProbability(0.1).isNone()).isFalse();
        assertThatThrownBy(() -> base.withSpeechEqProbability(-0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thinMicrophoneIsDrawnAfterTheEqualiserAndOnlyWhenEnabled() {
        MixtureAugmentation base = MixtureAugmentation.defaults().withNearCleanProbability(0.15).withSpeechEqProbability(0.3);
        MixtureAugmentation some = base.withThinMicProbability(0.2);
        assertThat(some.speechEqProbability()).isEqualTo(0.3);
        assertThat(some.withNarrowBandProbability(1).thinMicProbability()).isEqualTo(0.2);
        assertThat(some.withSpeechEqProbability(0).withNearCleanProbability(0).thinMicProbability()).isEqualTo(0.2);
        int thin = 0;
        int firstOrder = 0;
        for (int i = 0; i < 10_000; i++) {
            MixtureAugmentation.Draw d0 = base.draw(new SplittableRandom(i), 5);
            MixtureAugmentation.Draw d1 = some.draw(new SplittableRandom(i), 5);
            assertThat(d0.thinMic()).isNull();
            // everything before the high-pass is drawn as without it, so runs without it are unchanged
            assertThat(new MixtureAugmentation.Draw(d1.rir(), d1.rumbleDb(), d1.rumbleHz(), d1.humHz(), d1.peakDbfs(), d1.bandHz(),
                    d1.snrDb(), d1.speechEq(), null)).isEqualTo(d0);
            MixtureAugmentation.HighPass h = d1.thinMic();
            if (h != null) {
                thin++;
                firstOrder += h.order() == 1 ? 1 : 0;
                assertThat(h.cornerHz()).isBetween(MixtureAugmentation.THIN_MIC_MIN_HZ, MixtureAugmentation.THIN_MIC_MAX_HZ);
            }
        }
        assertThat(thin).isBetween(1800, 2200);
        assertThat(firstOrder).isBetween(thin * 4 / 10, thin * 6 / 10);
        assertThat(MixtureAugmentation.none().withThinMicProbability(0.1).isNone()).isFalse();
        assertThatThrownBy(() -> base.withThinMicProbability(1.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MixtureAugmentation.HighPass(500, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MixtureAugmentation.HighPass(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thinMicrophoneFallsBy6Or12DbPerOctaveBelowItsCorner() {
        float[] x = ColoredNoise.white(RATE * 4, 6);
        float[][] px = new Stft(2048, 512).power(x);
        for (int order = 1; order <= 2; order++) {
            float[][] py = new Stft(2048, 512).power(new MixtureAugmentation.HighPass(1000, order).apply(x, RATE));
            // Butterworth: -3 dB at the corner, flat an octave and more above, 6 dB per octave and order below
            assertThat(bandGainDb(px, py, 980, 1020)).isCloseTo(-3, org.assertj.core.data.Offset.offset(0.5));
            assertThat(bandGainDb(px, py, 6000, 8000)).isCloseTo(0, org.assertj.core.data.Offset.offset(0.3));
            double tenth = 10 * Math.log10(1 + Math.pow(10, 2 * order)); // attenuation at a tenth of the corner
            assertThat(bandGainDb(px, py, 95, 105)).isCloseTo(-tenth, org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test
    void speechEqualiserShapesTheSpectrumByItsShelves() {
        float[] x = ColoredNoise.white(RATE * 4, 5);
        float[] flat = new MixtureAugmentation.Equaliser(0, 0, 1000, 0, 1).apply(x, RATE);
        assertThat(flat).isEqualTo(x); // 0 dB everywhere: the biquads are the identity
        float[] bright = new MixtureAugmentation.Equaliser(-10, 10, 1000, 0, 1).apply(x, RATE);
        assertThat(bright).isNotSameAs(x);
        float[][] px = new Stft(2048, 512).power(x);
        float[][] pb = new Stft(2048, 512).power(bright);
        // low shelf -10 dB well below 300 Hz, high shelf +10 dB well above 3 kHz, little change between them
        assertThat(bandGainDb(px, pb, 20, 80)).isCloseTo(-10, org.assertj.core.data.Offset.offset(1.0));
        assertThat(bandGainDb(px, pb, 8000, 10000)).isCloseTo(10, org.assertj.core.data.Offset.offset(1.0));
        assertThat(bandGainDb(px, pb, 900, 1000)).isBetween(-3.0, 3.0);
    }

    private static double bandGainDb(float[][] before, float[][] after, double loHz, double hiHz) {
        double b = 0;
        double a = 0;
        for (int k = 0; k < before.length; k++) {
            double f = k * (double) RATE / 2048;
            if (f >= loHz && f <= hiHz) {
                for (int t = 0; t < before[k].length; t++) {
                    b += before[k][t];
                    a += after[k][t];
                }
            }
        }
        return 10 * Math.log10(a / b);
    }

    @Test
    void narrowBandShareOfOneBandLimitsEveryMixtureToTelephoneBand() {
        MixtureAugmentation all = MixtureAugmentation.defaults().withNearCleanProbability(0.15).withNarrowBandProbability(1);
        assertThat(all.wideBandProbability()).isZero();
        assertThat(all.nearCleanProbability()).isEqualTo(0.15);
        assertThat(all.reverbProbability()).isEqualTo(MixtureAugmentation.defaults().reverbProbability());
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            assertThat(all.draw(r, 4).bandHz()).isBetween(3400.0, 4000.0);
        }
        // a smaller share keeps the wide-band share where both fit
        assertThat(MixtureAugmentation.defaults().withNarrowBandProbability(0.5).wideBandProbability()).isEqualTo(0.12);
        assertThat(MixtureAugmentation.defaults().withNarrowBandProbability(0.95).wideBandProbability()).isCloseTo(0.05,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> MixtureAugmentation.defaults().withNarrowBandProbability(-0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
