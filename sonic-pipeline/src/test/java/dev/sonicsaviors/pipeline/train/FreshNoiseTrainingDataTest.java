package dev.sonicsaviors.pipeline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.NpyArray;
import dev.sonicsaviors.model.ArrayTrainingData;
import dev.sonicsaviors.model.TrainingData;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.TestAudio;
import dev.sonicsaviors.pipeline.dataset.HybridDatasetBuilder;
import dev.sonicsaviors.pipeline.dataset.NoisyExamples;
import dev.sonicsaviors.pipeline.dataset.Normalization;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreshNoiseTrainingDataTest {

    static final int SR = 22050;
    static final int CLIP = 55296;
    static final int ES = 148 * 109;

    @TempDir
    static Path corpus;

    static Path speech;
    static Path noise;
    static PrepareConfig config;
    static FreshNoiseTrainingData.Sets sets;

    @BeforeAll
    static void build() throws IOException {
        speech = corpus.resolve("speech");
        noise = corpus.resolve("noise");
        TestAudio.writeWav(speech.resolve("alice_1.wav"), TestAudio.voice((int) (CLIP * 1.6), 180, 1, SR), SR); // 2 clips
        TestAudio.writeWav(speech.resolve("alice_2.wav"), TestAudio.voice(20000, 190, 2, SR), SR); // 1 padded clip
        TestAudio.writeWav(speech.resolve("bob_1.wav"), TestAudio.voice((int) (CLIP * 2.3), 110, 3, SR), SR); // 2 clips
        TestAudio.writeWav(speech.resolve("carol_1.wav"), TestAudio.voice(CLIP, 220, 4, SR), SR); // 1 clip
        TestAudio.writeWav(speech.resolve("sub/dave_1.wav"), TestAudio.voice(CLIP * 2, 130, 5, SR), SR); // 2 clips
        String[] names = {"a_hiss", "b_hum", "c_rumble", "d_whine", "e_buzz", "f_drone"};
        double[] f0 = {3000, 50, 80, 1500, 400, 120};
        for (int i = 0; i < names.length; i++) {
            TestAudio.writeWav(noise.resolve(names[i] + ".wav"), TestAudio.voice(30000 + 20000 * i, f0[i], 10 + i, SR), SR);
        }
        config = PrepareConfig.defaults(PrepareConfig.Approach.AUDIO, true).withValidationFraction(0.25).withThreads(2);
        sets = FreshNoiseTrainingData.fromFolders(speech, noise, config, Progress.NONE);
    }

    @AfterAll
    static void close() {
        if (sets != null) {
            sets.close();
        }
    }

    static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    static float[][] fill(TrainingData d, int epoch, int[] idx) {
        float[] x = new float[idx.length * d.exampleSize()];
        float[] y = new float[idx.length * d.exampleSize()];
        d.beginEpoch(epoch);
        d.fill(idx, x, y);
        return new float[][] {x, y};
    }

    static float[] example(float[] flat, int i) {
        return Arrays.copyOfRange(flat, i * ES, (i + 1) * ES);
    }

    @Test
    void sizesAndSplitMatchPrepare(@TempDir Path out) throws IOException {
        HybridDatasetBuilder.Result r = new HybridDatasetBuilder(config).run(speech, noise, out, Progress.NONE);
        FreshNoiseTrainingData.Provenance p = sets.provenance();
        assertThat(sets.train().size()).isEqualTo(r.trainClips()).isEqualTo(p.trainClips());
        assertThat(sets.validation().size()).isEqualTo(r.valClips()).isEqualTo(p.validationClips()).isPositive();
        assertThat(sets.train().exampleSize()).isEqualTo(ES);
        assertThat(sets.validation().exampleSize()).isEqualTo(ES);
        assertThat(p.speechFiles()).isEqualTo(5);
        assertThat(p.trainSpeechFiles() + p.validationSpeechFiles()).isEqualTo(5);
        assertThat(p.trainSpeakers()).doesNotContainAnyElementsOf(p.validationSpeakers());
        assertThat(p.trainSpeakers().size()).isEqualTo(r.trainSpeakers());
        assertThat(p.validationSpeakers().size()).isEqualTo(r.valSpeakers());
        assertThat(p.speechListSha256()).hasSize(64);
        assertThat(p.noiseListSha256()).hasSize(64);
        assertThat(p.skipped()).isEmpty();
    }

    @Test
    void cleanTargetsArePreparesCleanHybridsNormalised(@TempDir Path out) throws IOException {
        new HybridDatasetBuilder(config).run(speech, noise, out, Progress.NONE);
        NpyArray clean = Npy.read(out.resolve("train/clean.npy"));
        int n = sets.train().size();
        float[] y = fill(sets.train(), 3, range(n))[1];
        for (int i = 0; i < n; i++) {
            float[][] raw = new float[148][109];
            for (int r = 0; r < 148; r++) {
                System.arraycopy(clean.data(), i * ES + r * 109, raw[r], 0, 109);
            }
            float[][] norm = sets.normalization().normalize(raw);
            float[] flat = new float[ES];
            for (int r = 0; r < 148; r++) {
                System.arraycopy(norm[r], 0, flat, r * 109, 109);
            }
            assertThat(example(y, i)).as("clip %d", i).isEqualTo(flat);
        }
    }

    @Test
    void freshNoiseEveryEpochSameForSameEpochAndIndex() {
        int n = sets.train().size();
        int[] idx = range(n);
        float[][] e1 = fill(sets.train(), 1, idx);
        float[][] e2 = fill(sets.train(), 2, idx);
        float[][] e1again = fill(sets.train(), 1, idx);
        assertThat(e1again[0]).isEqualTo(e1[0]);
        assertThat(e2[1]).isEqualTo(e1[1]); // clean targets do not change
        for (int i = 0; i < n; i++) {
            assertThat(example(e2[0], i)).as("example %d", i).isNotEqualTo(example(e1[0], i));
        }
        // batch composition, order and position do not matter
        int[] some = {n - 1, 0, 2};
        float[][] b = fill(sets.train(), 2, some);
        for (int k = 0; k < some.length; k++) {
            assertThat(example(b[0], k)).isEqualTo(example(e2[0], some[k]));
            assertThat(example(b[1], k)).isEqualTo(example(e2[1], some[k]));
        }
        assertThat(sets.train().epoch()).isEqualTo(2);
    }

    @Test
    void valuesInUnitRange() {
        List<float[]> arrays = new ArrayList<>(List.of(fill(sets.train(), 5, range(sets.train().size()))));
        arrays.addAll(List.of(fill(sets.validation(), 5, range(sets.validation().size()))));
        for (float[] a : arrays) {
            for (float v : a) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void normalizationFittedOnCleanAndOneNoisyDraw() {
        List<float[][]> hybrids = new ArrayList<>();
        for (int i = 0; i < sets.train().size(); i++) {
            NoisyExamples.Example e = sets.train().example(FreshNoiseTrainingData.FIT_EPOCH, i);
            hybrids.add(e.clean());
            hybrids.add(e.noisy());
        }
        assertThat(Normalization.fit(hybrids, 128)).isEqualTo(sets.normalization());
        assertThat(sets.train().normalization()).isEqualTo(sets.normalization());
    }

    @Test
    void validationIsFixedWithDisjointSpeakersAndNoise() {
        ArrayTrainingData v = sets.validation();
        int[] idx = range(v.size());
        float[][] a = fill(v, 1, idx);
        float[][] b = fill(v, 7, idx);
        assertThat(b[0]).isEqualTo(a[0]);
        assertThat(b[1]).isEqualTo(a[1]);
        float[][] t = fill(sets.train(), 1, range(sets.train().size()));
        for (int i = 0; i < v.size(); i++) {
            for (int j = 0; j < sets.train().size(); j++) {
                assertThat(example(a[1], i)).isNotEqualTo(example(t[1], j)); // other speakers' clips
            }
        }
        FreshNoiseTrainingData.Provenance p = sets.provenance();
        assertThat(p.noiseFiles()).isEqualTo(6);
        assertThat(p.validationNoise()).containsExactly("e_buzz.wav"); // every 5th file in sorted order
        assertThat(p.trainNoise()).containsExactly("a_hiss.wav", "b_hum.wav", "c_rumble.wav", "d_whine.wav", "f_drone.wav");
        assertThat(p.validationNoiseLabels()).hasSize(v.size()).allMatch(p.validationNoise()::contains);
        Set<String> used = new HashSet<>();
        for (int epoch = 1; epoch <= 4; epoch++) {
            for (int i = 0; i < sets.train().size(); i++) {
                used.add(sets.train().example(epoch, i).noiseLabel());
            }
        }
        assertThat(used).isSubsetOf(p.trainNoise()).hasSizeGreaterThan(1);
    }

    @Test
    void deterministicWhateverTheThreads() {
        FeatureConfig fc = FeatureConfig.defaults();
        List<float[]> clips = List.of(TestAudio.voice(CLIP, 150, 21, SR), TestAudio.voice(CLIP, 210, 22, SR), TestAudio.voice(CLIP, 95, 23, SR));
        List<NoisyExamples.Noise> noises = List.of(new NoisyExamples.Noise("n1", TestAudio.voice(40000, 700, 24, SR)),
                new NoisyExamples.Noise("n2", TestAudio.voice(9000, 60, 25, SR)));
        PrepareConfig c = PrepareConfig.defaults(PrepareConfig.Approach.FEATURES, true).withSeed(9);
        NoisyExamples ex = new NoisyExamples(c, noises);
        HybridFeatures hf = new HybridFeatures(fc);
        List<float[][]> fit = new ArrayList<>();
        for (float[] clip : clips) {
            NoisyExamples.Example e = ex.make(clip, 1, hf);
            fit.add(e.clean());
            fit.add(e.noisy());
        }
        Normalization norm = Normalization.fit(fit, fc.nMels());
        try (FreshNoiseTrainingData one = new FreshNoiseTrainingData(clips, ex, norm, 9, 1);
                FreshNoiseTrainingData three = new FreshNoiseTrainingData(clips, ex, norm, 9, 3);
                FreshNoiseTrainingData otherSeed = new FreshNoiseTrainingData(clips, ex, norm, 10, 2)) {
            float[][] a = fill(one, 4, new int[] {0, 1, 2, 1});
            float[][] b = fill(three, 4, new int[] {0, 1, 2, 1});
            float[][] c2 = fill(otherSeed, 4, new int[] {0, 1, 2, 1});
            assertThat(b[0]).isEqualTo(a[0]);
            assertThat(b[1]).isEqualTo(a[1]);
            assertThat(example(a[0], 3)).isEqualTo(example(a[0], 1));
            assertThat(c2[0]).isNotEqualTo(a[0]);
            assertThat(c2[1]).isEqualTo(a[1]);
            // the raw example is exactly what NoisyExamples makes with the documented seed
            NoisyExamples.Example e = ex.make(clips.get(2), FreshNoiseTrainingData.exampleSeed(9, 4, 2), hf);
            assertThat(one.example(4, 2).noisy()).isEqualTo(e.noisy());
            assertThat(one.example(4, 2).noiseLabel()).isEqualTo(e.noiseLabel());
        }
    }

    @Test
    void featureLevelGaussianNoiseWithoutNoiseFolder() throws IOException {
        PrepareConfig c = PrepareConfig.defaults(PrepareConfig.Approach.FEATURES, false).withValidationFraction(0.25).withThreads(2);
        assertThat(c.noiseKind()).isEqualTo(PrepareConfig.NoiseKind.GAUSSIAN);
        try (FreshNoiseTrainingData.Sets g = FreshNoiseTrainingData.fromFolders(speech, null, c, Progress.NONE)) {
            int[] idx = range(g.train().size());
            float[][] e1 = fill(g.train(), 1, idx);
            float[][] e2 = fill(g.train(), 2, idx);
            assertThat(e2[0]).isNotEqualTo(e1[0]);
            assertThat(e2[1]).isEqualTo(e1[1]);
            for (float v : e1[0]) {
                assertThat(v).isBetween(0f, 1f);
            }
            assertThat(g.provenance().noiseFiles()).isZero();
            assertThat(g.provenance().noiseListSha256()).isNull();
            assertThat(g.provenance().validationNoiseLabels()).containsOnly("gaussian");
        }
    }

    @Test
    void filesNoiseNeedsTwoRecordings(@TempDir Path dir) throws IOException {
        TestAudio.writeWav(dir.resolve("only.wav"), TestAudio.voice(30000, 300, 1, SR), SR);
        assertThatThrownBy(() -> FreshNoiseTrainingData.fromFolders(speech, dir, config, Progress.NONE)).isInstanceOf(IOException.class)
                .hasMessageContaining("at least 2 noise files");
    }
}
