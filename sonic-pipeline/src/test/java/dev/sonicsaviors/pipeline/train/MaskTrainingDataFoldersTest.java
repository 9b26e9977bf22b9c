package dev.sonicsaviors.pipeline.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.dsp.noise.ColoredNoise;
import dev.sonicsaviors.dsp.noise.MixtureAugmentation;
import dev.sonicsaviors.dsp.noise.NoiseAugmentation;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.TestAudio;
import dev.sonicsaviors.pipeline.denoise.MaskFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several speech and noise folders: the first is split as before, the others only add training material, never a validation speaker. */
class MaskTrainingDataFoldersTest {

    private static final int SR = 22050;

    @Test
    void extraFoldersAreTrainingOnlyAndNeverHoldAValidationSpeaker(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path n1 = Files.createDirectories(dir.resolve("n1"));
        Path n2 = Files.createDirectories(dir.resolve("n2"));
        Path rir = Files.createDirectories(dir.resolve("rir"));
        String[] speakers = {"ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal", "ivy", "jon"};
        for (int i = 0; i < speakers.length; i++) {
            TestAudio.writeWav(a.resolve(speakers[i] + "_1.wav"), TestAudio.voice(SR, 120 + 10 * i, i, SR), SR);
            TestAudio.writeWav(b.resolve(speakers[i] + "_2.wav"), TestAudio.voice(SR, 125 + 10 * i, 50 + i, SR), SR);
        }
        TestAudio.writeWav(b.resolve("zed_1.wav"), TestAudio.voice(SR, 200, 99, SR), SR);
        for (int i = 0; i < 5; i++) {
            TestAudio.writeWav(n1.resolve("noise" + i + ".wav"), ColoredNoise.pink(SR, i), SR);
        }
        TestAudio.writeWav(n2.resolve("extra.wav"), ColoredNoise.brown(SR, 9), SR);
        float[] impulse = new float[SR / 4];
        impulse[10] = 1;
        impulse[500] = 0.3f;
        TestAudio.writeWav(rir.resolve("room.wav"), impulse, SR);

        MaskTrainingData.Sets one = MaskTrainingData.fromFolders(a, n1, 8, 4, 32, 42, NoiseAugmentation.none(), AudioLoader::loadMono, 1,
                Progress.NONE);
        MaskTrainingData.Sets many = MaskTrainingData.fromFolders(List.of(a, b), List.of(n1, n2), rir, 8, 4, 32, 42,
                NoiseAugmentation.defaults(), MixtureAugmentation.defaults(), AudioLoader::loadMono, 1, Progress.NONE);

        List<?> validation = (List<?>) one.provenance().get("validationSpeakers");
        assertThat(validation).isNotEmpty();
        assertThat(many.provenance().get("validationSpeakers")).isEqualTo(validation);
        // The fixed validation set is the same examples as with the first folders alone.
        float[] x1 = new float[4 * MaskFeatures.BINS * 32];
        float[] y1 = new float[x1.length];
        float[] x2 = new float[x1.length];
        float[] y2 = new float[x1.length];
        int[] all = {0, 1, 2, 3};
        one.validation().fill(all, x1, y1);
        many.validation().fill(all, x2, y2);
        assertThat(x2).isEqualTo(x1);
        assertThat(y2).isEqualTo(y1);
        // b adds its files except those of a's validation speakers; n2 adds its one noise; rir its one response.
        Map<?, ?> extraSpeech = (Map<?, ?>) ((List<?>) many.provenance().get("extraTrainingFolders")).get(0);
        assertThat(extraSpeech.get("droppedValidationSpeakerFiles")).isEqualTo(validation.size());
        assertThat(extraSpeech.get("files")).isEqualTo(11 - validation.size());
        assertThat(many.provenance().get("trainSpeechFiles")).isEqualTo(10 - validation.size() + 11 - validation.size());
        assertThat(many.provenance().get("trainNoiseFiles")).isEqualTo(4 + 1);
        assertThat(many.train().noiseFolderSizes()).containsExactly(4, 1);
        MaskTrainingData.Sets balanced = many.withNoiseDrawnByFolder();
        assertThat(balanced.train().noiseFolderSizes()).containsExactly(4, 1);
        assertThat(balanced.provenance()).containsKey("noiseDraw");
        assertThat(many.provenance()).doesNotContainKey("noiseDraw");
        assertThat(balanced.validation()).isSameAs(many.validation());
        // Training examples are finite and seeded.
        float[] tx = new float[2 * MaskFeatures.BINS * 32];
        float[] ty = new float[tx.length];
        float[] tx2 = new float[tx.length];
        many.train().beginEpoch(3);
        many.train().fill(new int[] {0, 5}, tx, ty);
        many.train().fill(new int[] {0, 5}, tx2, new float[tx.length]);
        assertThat(tx2).isEqualTo(tx);
        for (float v : tx) {
            assertThat(Float.isFinite(v)).isTrue();
        }
        // Another mixing seed: new training mixtures of the same material; split and validation unchanged.
        MaskTrainingData.Sets remixed = many.withMixingSeed(1234);
        assertThat(remixed.train().mixingSeed()).isEqualTo(1234);
        assertThat(remixed.provenance()).containsEntry("mixingSeed", 1234L)
                .containsEntry("validationSpeakers", many.provenance().get("validationSpeakers"));
        assertThat(many.provenance()).doesNotContainKey("mixingSeed");
        assertThat(remixed.validation()).isSameAs(many.validation());
        assertThat(remixed.validationSource()).isSameAs(many.validationSource());
        float[] rx = new float[tx.length];
        remixed.train().beginEpoch(3);
        remixed.train().fill(new int[] {0, 5}, rx, new float[tx.length]);
        assertThat(rx).isNotEqualTo(tx);
        MaskTrainingData same = many.train().withMixingSeed(many.train().mixingSeed());
        float[] sx = new float[tx.length];
        same.beginEpoch(3);
        same.fill(new int[] {0, 5}, sx, new float[tx.length]);
        assertThat(sx).isEqualTo(tx);
    }

    @Test
    void emptyBandFloorFillsOnlyTheNarrowBandMixturesFeaturesAboveFourKilohertz() {
        List<float[]> speech = List.of(TestAudio.voice(SR, 140, 1, SR), TestAudio.voice(SR, 180, 2, SR));
        List<float[]> noise = List.of(ColoredNoise.pink(SR, 3), ColoredNoise.white(SR, 4));
        int frames = 32;
        int n = dev.sonicsaviors.pipeline.denoise.MaskFeatures.BINS * frames;
        int from = dev.sonicsaviors.pipeline.denoise.MaskFeatures.firstBinAtOrAbove(4000);
        assertThat(from).isEqualTo(93); // the bin 8 kHz input is floored from when denoised
        for (double narrow : new double[] {1, 0}) {
            MaskTrainingData plain = new MaskTrainingData(speech, noise, List.of(), 4, frames, 7, NoiseAugmentation.none(),
                    MixtureAugmentation.none().withNarrowBandProbability(narrow));
            MaskTrainingData floored = plain.withEmptyBandFloor();
            float[] px = new float[2 * n];
            float[] py = new float[2 * n];
            float[] fx = new float[2 * n];
            float[] fy = new float[2 * n];
            plain.beginEpoch(2);
            floored.beginEpoch(2);
            plain.fill(new int[] {0, 3}, px, py);
            floored.fill(new int[] {0, 3}, fx, fy);
            assertThat(fy).isEqualTo(py); // the targets are never floored
            if (narrow == 0) {
                assertThat(fx).isEqualTo(px); // full-band mixtures are left alone
                continue;
            }
            double power = 0;
            for (int e = 0; e < 2; e++) {
                for (int i = e * n; i < e * n + from * frames; i++) {
                    assertThat(fx[i]).isEqualTo(px[i]);
                }
                for (int i = e * n + from * frames; i < (e + 1) * n; i++) {
                    assertThat(px[i]).isZero(); // band-limited below 4 kHz: nothing up there
                    power += Math.pow(fx[i], 2 / 0.3);
                }
            }
            double mean = power / (2.0 * (n - from * frames));
            assertThat(mean).isBetween(0.8 * dev.sonicsaviors.pipeline.denoise.MaskFeatures.EMPTY_BAND_FLOOR,
                    1.2 * dev.sonicsaviors.pipeline.denoise.MaskFeatures.EMPTY_BAND_FLOOR);
            // seeded by the example: the same floor again
            float[] again = new float[2 * n];
            floored.fill(new int[] {0, 3}, again, new float[2 * n]);
            assertThat(again).isEqualTo(fx);
        }
    }

    @Test
    void phaseChannelsHoldTheSameMagnitudesAndTheNoisyAndCleanPhase() {
        List<float[]> speech = List.of(TestAudio.voice(SR, 140, 1, SR), TestAudio.voice(SR, 180, 2, SR));
        List<float[]> noise = List.of(ColoredNoise.pink(SR, 3), ColoredNoise.white(SR, 4));
        int frames = 20;
        int n = dev.sonicsaviors.pipeline.denoise.MaskFeatures.BINS * frames;
        MaskTrainingData plain = new MaskTrainingData(speech, noise, List.of(), 4, frames, 7, NoiseAugmentation.none(),
                MixtureAugmentation.none());
        MaskTrainingData phase = plain.withPhase();
        assertThat(plain.channels()).isEqualTo(1);
        assertThat(phase.channels()).isEqualTo(3);
        assertThat(phase.exampleSize()).isEqualTo(3 * n);
        float[] px = new float[2 * n];
        float[] py = new float[2 * n];
        float[] x = new float[6 * n];
        float[] y = new float[6 * n];
        plain.beginEpoch(2);
        phase.beginEpoch(2);
        plain.fill(new int[] {1, 2}, px, py);
        phase.fill(new int[] {1, 2}, x, y);
        int differ = 0;
        for (int i = 0; i < 2 * n; i++) {
            assertThat(x[3 * i]).isEqualTo(px[i]);
            assertThat(y[3 * i]).isEqualTo(py[i]);
            // the input's phase channels are a unit vector; the target's the compressed complex value
            assertThat(Math.hypot(x[3 * i + 1], x[3 * i + 2])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(Math.hypot(y[3 * i + 1], y[3 * i + 2])).isCloseTo(py[i], org.assertj.core.data.Offset.offset(1e-5 * (1 + py[i])));
            double d = Math.atan2(y[3 * i + 2], y[3 * i + 1]) - Math.atan2(x[3 * i + 2], x[3 * i + 1]);
            if (py[i] > 0.1 && Math.abs(Math.sin(d)) > 0.1) {
                differ++;
            }
        }
        assertThat(differ).as("noisy and clean phases differ in many bins").isGreaterThan(n / 10);
        assertThat(phase.materialize(0).exampleSize()).isEqualTo(3 * n);
    }

    @Test
    void nearCleanMixturesAreMixedAtTheirDrawnSnr() {
        List<float[]> speech = List.of(TestAudio.voice(SR, 140, 1, SR), TestAudio.voice(SR, 180, 2, SR));
        List<float[]> noise = List.of(ColoredNoise.pink(SR, 3), ColoredNoise.white(SR, 4));
        MaskTrainingData all = new MaskTrainingData(speech, noise, List.of(), 4, 32, 7, NoiseAugmentation.none(),
                MixtureAugmentation.none().withNearCleanProbability(1));
        MaskTrainingData never = new MaskTrainingData(speech, noise, List.of(), 4, 32, 7, NoiseAugmentation.none(),
                MixtureAugmentation.none());
        for (int seed = 0; seed < 20; seed++) {
            MaskTrainingData.Mixture m = all.mixture(new java.util.SplittableRandom(seed), SR / 2, Double.NaN);
            assertThat(m.snrDb()).isBetween(MixtureAugmentation.NEAR_CLEAN_MIN_DB, MixtureAugmentation.NEAR_CLEAN_MAX_DB);
            double s = 0;
            double e = 0;
            for (int i = 0; i < m.clean().length; i++) {
                s += (double) m.clean()[i] * m.clean()[i];
                double d = m.noisy()[i] - m.clean()[i];
                e += d * d;
            }
            assertThat(10 * Math.log10(s / e)).isCloseTo(m.snrDb(), org.assertj.core.data.Offset.offset(0.01));
            assertThat(never.mixture(new java.util.SplittableRandom(seed), SR / 2, Double.NaN).snrDb())
                    .isBetween(MaskTrainingData.SNR_MIN, MaskTrainingData.SNR_MAX);
            // an explicit SNR wins
            assertThat(all.mixture(new java.util.SplittableRandom(seed), SR / 2, 3.0).snrDb()).isEqualTo(3.0);
        }
    }

    @Test
    void colouredSpeechIsTheTargetAndIsMixedAtTheDrawnSnr() {
        float[] src = TestAudio.voice(SR / 2, 140, 1, SR); // exactly one crop long: the crop is the whole recording
        List<float[]> noise = List.of(ColoredNoise.pink(SR, 3));
        MaskTrainingData coloured = new MaskTrainingData(List.of(src), noise, List.of(), 4, 32, 7, NoiseAugmentation.none(),
                MixtureAugmentation.none().withSpeechEqProbability(1));
        for (int seed = 0; seed < 10; seed++) {
            MaskTrainingData.Mixture m = coloured.mixture(new java.util.SplittableRandom(seed), SR / 2, 5.0);
            double ss = 0;
            double cc = 0;
            double sc = 0;
            double e = 0;
            for (int i = 0; i < src.length; i++) {
                ss += (double) src[i] * src[i];
                cc += (double) m.clean()[i] * m.clean()[i];
                sc += (double) src[i] * m.clean()[i];
                double d = m.noisy()[i] - m.clean()[i];
                e += d * d;
            }
            // the target is the recording through an equaliser, not a scaled copy of it
            assertThat(sc / Math.sqrt(ss * cc)).isLessThan(0.999);
            assertThat(10 * Math.log10(cc / e)).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void thinnedSpeechIsTheTargetAndLosesItsLowHarmonics() {
        float[] src = TestAudio.voice(SR / 2, 140, 1, SR); // harmonics at 140, 280, ... 700 Hz, falling as 1/h
        List<float[]> noise = List.of(ColoredNoise.pink(SR, 3));
        MaskTrainingData thin = new MaskTrainingData(List.of(src), noise, List.of(), 4, 32, 7, NoiseAugmentation.none(),
                MixtureAugmentation.none().withThinMicProbability(1));
        double before = toneDb(src, 140) - toneDb(src, 700);
        for (int seed = 0; seed < 10; seed++) {
            MaskTrainingData.Mixture m = thin.mixture(new java.util.SplittableRandom(seed), SR / 2, 5.0);
            // a high-pass at 300-2,000 Hz takes at least 6 dB more off 140 Hz than off 700 Hz
            assertThat(toneDb(m.clean(), 140) - toneDb(m.clean(), 700)).isLessThan(before - 6);
            double cc = 0;
            double e = 0;
            for (int i = 0; i < src.length; i++) {
                cc += (double) m.clean()[i] * m.clean()[i];
                double d = m.noisy()[i] - m.clean()[i];
                e += d * d;
            }
            assertThat(10 * Math.log10(cc / e)).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    /** Level in dB of the component of {@code x} at {@code hz} (projection on a sine and a cosine over the whole signal). */
    private static double toneDb(float[] x, double hz) {
        double c = 0;
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double w = 2 * Math.PI * hz * i / SR;
            c += x[i] * Math.cos(w);
            s += x[i] * Math.sin(w);
        }
        return 10 * Math.log10(c * c + s * s);
    }

    /**
     * Babble replaces the noise recording in its share of the mixtures: such a mixture names no recording, its noise is the
     * other talkers (harmonics of their voices, none of the noise recording's tone), its SNR is at least 0 dB; without babble
     * every mixture is what it was.
     */
    @Test
    void babbleMixturesHaveOtherTalkersAsTheirNoiseAtZeroDecibelsOrMore() {
        List<float[]> speech = List.of(TestAudio.voice(SR, 140, 1, SR), TestAudio.voice(SR, 210, 1, SR), TestAudio.voice(SR, 95, 1, SR));
        float[] tone = new float[SR];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.1 * Math.sin(2 * Math.PI * 3000.0 * i / SR));
        }
        MaskTrainingData plain = new MaskTrainingData(speech, List.of(tone), List.of(), 4, 32, 7, NoiseAugmentation.none(),
                MixtureAugmentation.none());
        MaskTrainingData all = plain.withBabble(1);
        int length = SR / 2;
        for (int seed = 0; seed < 40; seed++) {
            MaskTrainingData.Mixture m = all.mixture(new java.util.SplittableRandom(seed), length, Double.NaN);
            assertThat(m.noise()).isEqualTo(-1);
            assertThat(m.snrDb()).isBetween(0.0, MaskTrainingData.SNR_MAX);
            float[] n = new float[length];
            double pn = 0;
            double ps = 0;
            for (int i = 0; i < length; i++) {
                n[i] = m.noisy()[i] - m.clean()[i];
                pn += n[i] * n[i];
                ps += m.clean()[i] * m.clean()[i];
            }
            assertThat(10 * Math.log10(ps / pn)).isCloseTo(m.snrDb(), org.assertj.core.api.Assertions.within(0.01));
            double toneAmplitude = 2 * Math.pow(10, toneDb(n, 3000) / 20) / length; // the recording's tone, were it there
            assertThat(toneAmplitude).as("the recording's tone").isLessThan(0.05 * Math.sqrt(pn / length));
        }
        MaskTrainingData none = plain.withBabble(0);
        MaskTrainingData half = plain.withBabble(0.5);
        int crowds = 0;
        for (int seed = 0; seed < 400; seed++) {
            assertThat(none.mixture(new java.util.SplittableRandom(seed), 256, Double.NaN).noisy())
                    .isEqualTo(plain.mixture(new java.util.SplittableRandom(seed), 256, Double.NaN).noisy());
            crowds += half.mixture(new java.util.SplittableRandom(seed), 256, Double.NaN).noise() == -1 ? 1 : 0;
        }
        assertThat(crowds).isBetween(160, 240);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.withBabble(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noiseDrawnByFolderGivesEachFolderAnEqualShare() {
        List<float[]> speech = List.of(TestAudio.voice(SR, 140, 1, SR));
        // folder 1: one long recording; folder 2: nine clips (recordings listed folder after folder)
        List<float[]> noise = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            noise.add(ColoredNoise.pink(SR / 4, i));
        }
        MaskTrainingData byFile = new MaskTrainingData(speech, noise, List.of(), 4, 32, 7, NoiseAugmentation.defaults(),
                MixtureAugmentation.none());
        MaskTrainingData byFolder = byFile.withNoiseDrawnByFolder(1, 9);
        assertThat(byFolder.noiseFolderSizes()).containsExactly(1, 9);
        int draws = 4000;
        int firstByFile = 0;
        int firstByFolder = 0;
        int[] seen = new int[10];
        for (int seed = 0; seed < draws; seed++) {
            firstByFile += byFile.mixture(new java.util.SplittableRandom(seed), 256, Double.NaN).noise() == 0 ? 1 : 0;
            int n = byFolder.mixture(new java.util.SplittableRandom(seed), 256, Double.NaN).noise();
            firstByFolder += n == 0 ? 1 : 0;
            seen[n]++;
        }
        // binomial: 10 % +- 0.5 % and 50 % +- 0.8 % (one standard deviation)
        assertThat(firstByFile / (double) draws).isBetween(0.08, 0.12);
        assertThat(firstByFolder / (double) draws).isBetween(0.47, 0.53);
        for (int i = 1; i < 10; i++) {
            assertThat(seen[i]).as("clip %d of the second folder", i).isBetween(170, 390); // 2000 / 9 = 222 expected
        }
        // one folder: the draw, and so every mixture, is the same as without folders
        MaskTrainingData oneFolder = byFile.withNoiseDrawnByFolder(10);
        for (int seed = 0; seed < 5; seed++) {
            assertThat(oneFolder.mixture(new java.util.SplittableRandom(seed), 256, Double.NaN).noisy())
                    .isEqualTo(byFile.mixture(new java.util.SplittableRandom(seed), 256, Double.NaN).noisy());
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> byFile.withNoiseDrawnByFolder(1, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up to 9");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> byFile.withNoiseDrawnByFolder(0, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
