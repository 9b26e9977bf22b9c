package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.Stft;
import dev.sonicsaviors.model.ArrayTrainingData;
import dev.sonicsaviors.model.MaskNet;
import dev.sonicsaviors.model.ModelFiles;
import dev.sonicsaviors.model.Network;
import dev.sonicsaviors.model.TrainConfig;
import dev.sonicsaviors.model.TrainListener;
import dev.sonicsaviors.model.TrainResult;
import dev.sonicsaviors.model.Trainer;
import dev.sonicsaviors.pipeline.train.MaskTrainingData;
import dev.sonicsaviors.pipeline.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learned mask model: gains for any frame count, the bundled model, and a 2-step training run on synthetic audio. */
class MaskGainModelTest {
    @TempDir
    Path tmp;

    static ComplexSpectrogram randomSpectrogram(int frames, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] re = new float[MaskFeatures.BINS][frames];
        float[][] im = new float[MaskFeatures.BINS][frames];
        for (int k = 0; k < MaskFeatures.BINS; k++) {
            for (int t = 0; t < frames; t++) {
                re[k][t] = (float) r.nextGaussian();
                im[k][t] = k == 0 || k == MaskFeatures.BINS - 1 ? 0 : (float) r.nextGaussian();
            }
        }
        return new ComplexSpectrogram(re, im);
    }

    /** Saves a randomly initialised 257-bin mask model (weights seeded by {@code seed}) to the model folder {@code dir}. */
    static void saveRandomModel(Path dir, long seed) throws IOException {
        try (Network net = Network.build(new MaskNet(MaskFeatures.BINS, 32), false, 1)) {
            net.initialize(seed);
            ModelFiles.save(dir, net, Map.of());
        }
    }

    static void assertGains(GainModel m, int frames) {
        float[][] g = m.gains(randomSpectrogram(frames, frames));
        assertThat(g.length).isEqualTo(MaskFeatures.BINS);
        for (float[] row : g) {
            assertThat(row).hasSize(frames);
            for (float v : row) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void randomlyInitialisedModelGivesGainsForAnyFrameCount() throws IOException {
        Path dir = tmp.resolve("m");
        saveRandomModel(dir, 3);
        GainModel m = DenoiserRegistry.builtIn().model(dir.toString());
        assertThat(m.name()).isEqualTo("m");
        assertThat(m.sampleRate()).isEqualTo(22050);
        for (int frames : new int[] {1, 37, 263}) {
            assertGains(m, frames);
        }
    }

    @Test
    void bundledDefaultModelLoadsAndGivesGains() throws IOException {
        GainModel m = DenoiserRegistry.builtIn().model(DenoiserRegistry.LEARNED_MODEL);
        assertThat(m.name()).isEqualTo("default");
        assertGains(m, 101);
    }

    /**
     * A model folder whose metadata names a pitch post-filter runs it after masking: on a 150 Hz voice in white noise the
     * output differs from the same weights without it, and only below the filter's 2 kHz edge.
     */
    @Test
    void aModelFolderWithAPostFilterRunsItBelowItsEdgeOnly() throws IOException {
        Path plain = tmp.resolve("plain");
        Path filtered = tmp.resolve("filtered");
        saveRandomModel(plain, 5);
        try (Network net = Network.build(new MaskNet(MaskFeatures.BINS, 32), false, 1)) {
            net.initialize(5);
            ModelFiles.save(filtered, net, Map.of(PitchPostFilter.METADATA_KEY, PitchPostFilter.Settings.defaults().toMetadata()));
        }
        GainModel a = DenoiserRegistry.builtIn().model(plain.toString());
        GainModel b = DenoiserRegistry.builtIn().model(filtered.toString());
        assertThat(a.postFilter()).isNull();
        assertThat(b.postFilter()).isEqualTo(PitchPostFilter.Settings.defaults());
        SplittableRandom r = new SplittableRandom(9);
        float[] x = new float[3 * 22050];
        for (int i = 0; i < x.length; i++) {
            double v = 0;
            for (int h = 1; h <= 6; h++) {
                v += 0.2 / h * Math.cos(2 * Math.PI * h * 150.0 * i / 22050);
            }
            x[i] = (float) (v + 0.02 * r.nextGaussian());
        }
        float[] ya = new float[x.length];
        float[] yb = new float[x.length];
        new ChunkedEnhancer(a, 1).denoise(x, ya, 22050, Progress.NONE);
        new ChunkedEnhancer(b, 1).denoise(x, yb, 22050, Progress.NONE);
        float[] d = new float[x.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = yb[i] - ya[i];
        }
        float[][] p = new Stft(512, 256).power(d);
        double low = 0;
        double high = 0;
        for (int k = 0; k < p.length; k++) {
            for (float v : p[k]) {
                if (k * 22050.0 / 512 < 2000) {
                    low += v;
                } else if (k * 22050.0 / 512 > 2200) {
                    high += v;
                }
            }
        }
        assertThat(low).as("change below 2 kHz").isGreaterThan(0);
        assertThat(high).as("change above 2.2 kHz against below 2 kHz").isLessThan(1e-4 * low);
    }

    @Test
    void theBundledModelWithThePitchFilterIsTheBundledModelWithDefaultSettings() throws IOException {
        GainModel p = DenoiserRegistry.builtIn().model(DenoiserRegistry.PITCH_FILTER_MODEL);
        GainModel d = DenoiserRegistry.builtIn().model(DenoiserRegistry.LEARNED_MODEL);
        assertThat(p.name()).isEqualTo("default-pitch");
        assertThat(p.postFilter()).isEqualTo(PitchPostFilter.Settings.defaults());
        assertThat(d.postFilter()).isNull();
        assertThat(p.forInputRate(8000).postFilter()).isEqualTo(PitchPostFilter.Settings.defaults());
        ComplexSpectrogram s = randomSpectrogram(40, 2);
        assertThat(p.gains(s)).isDeepEqualTo(d.gains(s));
    }

    @Test
    void aPostFilterEntryThatIsNotANumberIsAOneLineErrorNamingTheModel() throws IOException {
        Path dir = tmp.resolve("bad");
        try (Network net = Network.build(new MaskNet(MaskFeatures.BINS, 32), false, 1)) {
            net.initialize(5);
            ModelFiles.save(dir, net, Map.of(PitchPostFilter.METADATA_KEY, Map.of("strength", "high")));
        }
        assertThatThrownBy(() -> DenoiserRegistry.builtIn().model(dir.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad: model.json: postFilter.strength is not a number: high");
    }

    /** One second at 22,050 Hz of a 220 Hz tone whose amplitude swells at 3 Hz: speech enough for a two-step training run. */
    static float[] syntheticSpeech() {
        float[] speech = new float[22050];
        for (int i = 0; i < speech.length; i++) {
            speech[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 22050.0) * (1 + Math.sin(2 * Math.PI * 3 * i / 22050.0)));
        }
        return speech;
    }

    /** Half a second at 22,050 Hz of white Gaussian noise, standard deviation 0.1, drawn from {@code seed}. */
    static float[] gaussianNoise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] noise = new float[11025];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.1 * r.nextGaussian());
        }
        return noise;
    }

    @Test
    void trainsTwoStepsOnASyntheticCorpus() throws IOException {
        float[] speech = syntheticSpeech();
        float[] noise = gaussianNoise(1);
        MaskTrainingData train = new MaskTrainingData(List.of(speech), List.of(noise), 4, 24, 5);
        ArrayTrainingData val = new MaskTrainingData(List.of(speech), List.of(noise), 2, 24, 6).materialize(0);
        TrainConfig cfg = TrainConfig.defaults().withBatchSize(2).withMaxSteps(2).withThreads(1);
        TrainResult res = new Trainer(new MaskNet(MaskFeatures.BINS, 24), cfg).train(train, val, tmp.resolve("run"), Map.of(),
                new TrainListener() { });
        assertThat(res.stopReason()).contains("step limit 2");
        assertThat(Double.isFinite(res.bestValLoss())).isTrue();
        assertGains(MaskGainModel.load(res.modelDir(), "trained", 1), 50);
    }

    /**
     * A deep-filtering model (mask-net-lite-df) whose lite part is a random lite model's: with its taps zero it returns that
     * model's gains and, as its complex output, the noisy STFT times them; with taps it changes the band below
     * {@link MaskNet#DF_BINS} only (phase included); a three-channel training run of two steps loads and runs.
     */
    @Test
    void aDeepFilterModelStartsAsItsLiteModelAndChangesOnlyTheLowBand() throws IOException {
        Path liteDir = tmp.resolve("lite");
        Path dfDir = tmp.resolve("df");
        Map<String, float[]> w;
        try (Network lite = Network.build(new MaskNet(MaskFeatures.BINS, 32, 0, 0, MaskNet.Variant.LITE, null, 0), false, 1);
             Network df = Network.build(new MaskNet(MaskFeatures.BINS, 32, 0, 0, MaskNet.Variant.LITE_DF, null, 0), false, 1)) {
            lite.initialize(81);
            df.initialize(82);
            ModelFiles.save(liteDir, lite, Map.of());
            w = new java.util.LinkedHashMap<>(df.weights());
            w.putAll(lite.weights());
            df.setWeights(w);
            ModelFiles.save(dfDir, df, Map.of());
        }
        ComplexSpectrogram noisy = randomSpectrogram(41, 83);
        try (MaskGainModel a = MaskGainModel.load(liteDir, "lite", 1); MaskGainModel b = MaskGainModel.load(dfDir, "df", 1)) {
            assertThat(a.complexOutput()).isFalse();
            assertThat(b.complexOutput()).isTrue();
            float[][] ga = a.gains(noisy);
            float[][] gb = b.gains(noisy);
            ComplexSpectrogram y = b.enhance(noisy);
            ComplexSpectrogram ya = a.enhance(noisy);
            for (int k = 0; k < MaskFeatures.BINS; k++) {
                for (int t = 0; t < 41; t++) {
                    assertThat(gb[k][t]).isCloseTo(ga[k][t], org.assertj.core.data.Offset.offset(1e-4f));
                    float mag = (float) Math.hypot(noisy.re()[k][t], noisy.im()[k][t]);
                    assertThat(y.re()[k][t]).isCloseTo(noisy.re()[k][t] * ga[k][t], org.assertj.core.data.Offset.offset(2e-4f * mag + 1e-6f));
                    assertThat(y.im()[k][t]).isCloseTo(noisy.im()[k][t] * ga[k][t], org.assertj.core.data.Offset.offset(2e-4f * mag + 1e-6f));
                    assertThat(ya.re()[k][t]).isEqualTo(noisy.re()[k][t] * ga[k][t]);
                }
            }
        }
        // taps: the last layer non-zero
        String last = w.keySet().stream().filter(k -> k.endsWith("/kernel")).reduce((p, q) -> q).orElseThrow();
        SplittableRandom r = new SplittableRandom(84);
        for (int i = 0; i < w.get(last).length; i++) {
            w.get(last)[i] = (float) r.nextDouble(-0.2, 0.2);
        }
        try (Network df = Network.build(new MaskNet(MaskFeatures.BINS, 32, 0, 0, MaskNet.Variant.LITE_DF, null, 0), false, 1)) {
            df.setWeights(w);
            ModelFiles.save(tmp.resolve("df2"), df, Map.of());
        }
        try (MaskGainModel a = MaskGainModel.load(liteDir, "lite", 1); MaskGainModel b = MaskGainModel.load(tmp.resolve("df2"), "df2", 1)) {
            float[][] ga = a.gains(noisy);
            ComplexSpectrogram y = b.enhance(noisy);
            double phaseChange = 0;
            for (int k = 0; k < MaskFeatures.BINS; k++) {
                for (int t = 0; t < 41; t++) {
                    float er = noisy.re()[k][t] * ga[k][t];
                    float ei = noisy.im()[k][t] * ga[k][t];
                    if (k >= MaskNet.DF_BINS) {
                        float mag = (float) Math.hypot(noisy.re()[k][t], noisy.im()[k][t]);
                        assertThat(y.re()[k][t]).isCloseTo(er, org.assertj.core.data.Offset.offset(2e-4f * mag + 1e-6f));
                        assertThat(y.im()[k][t]).isCloseTo(ei, org.assertj.core.data.Offset.offset(2e-4f * mag + 1e-6f));
                    } else if (k > 0) {
                        double d = Math.atan2(y.im()[k][t], y.re()[k][t]) - Math.atan2(noisy.im()[k][t], noisy.re()[k][t]);
                        phaseChange = Math.max(phaseChange, Math.abs(Math.atan2(Math.sin(d), Math.cos(d))));
                    }
                }
            }
            assertThat(phaseChange).as("the deep filter changes the phase of the low band").isGreaterThan(0.1);
        }
    }

    @Test
    void trainsADeepFilterTwoStepsOnThreeChannelExamples() throws IOException {
        float[] speech = syntheticSpeech();
        float[] noise = gaussianNoise(2);
        MaskTrainingData train = new MaskTrainingData(List.of(speech), List.of(noise), 4, 24, 5).withPhase();
        ArrayTrainingData val = new MaskTrainingData(List.of(speech), List.of(noise), 2, 24, 6).withPhase().materialize(0);
        TrainConfig cfg = TrainConfig.defaults().withBatchSize(2).withMaxSteps(2).withThreads(1);
        MaskNet arch = new MaskNet(MaskFeatures.BINS, 24, 0.1, 0, MaskNet.Variant.LITE_DF, null, 0);
        TrainResult res = new Trainer(arch, cfg).train(train, val, tmp.resolve("run"), Map.of(), new TrainListener() { });
        assertThat(res.stopReason()).contains("step limit 2");
        assertThat(Double.isFinite(res.bestValLoss())).isTrue();
        try (MaskGainModel m = MaskGainModel.load(res.modelDir(), "trained", 1)) {
            assertGains(m, 50);
            ComplexSpectrogram y = m.enhance(randomSpectrogram(50, 9));
            assertThat(y.bins()).isEqualTo(MaskFeatures.BINS);
            assertThat(y.frames()).isEqualTo(50);
        }
    }

    /** {@code m} without {@link GainModel#forInputRate}: the same network for every input rate. */
    static GainModel asIs(GainModel m) {
        return new GainModel() {
            @Override
            public String name() {
                return m.name();
            }

            @Override
            public int sampleRate() {
                return m.sampleRate();
            }

            @Override
            public int nFft() {
                return m.nFft();
            }

            @Override
            public int hopLength() {
                return m.hopLength();
            }

            @Override
            public float[][] gains(ComplexSpectrogram noisy) {
                return m.gains(noisy);
            }
        };
    }

    @Test
    void inputAtEightKilohertzOrLessGetsAViewThatFloorsTheEmptyBand() throws IOException {
        Path dir = tmp.resolve("m");
        saveRandomModel(dir, 3);
        try (MaskGainModel m = MaskGainModel.load(dir, "m", 1)) {
            assertThat(m.forInputRate(22_050)).isSameAs(m);
            assertThat(m.forInputRate(44_100)).isSameAs(m);
            assertThat(m.forInputRate(16_000)).isSameAs(m);
            assertThat(m.forInputRate(8001)).isSameAs(m);
            GainModel at8k = m.forInputRate(8000);
            assertThat(at8k).isNotSameAs(m).isSameAs(m.forInputRate(8000)).isNotSameAs(m.forInputRate(6000));
            assertThat(at8k.forInputRate(8000)).isSameAs(at8k);
            assertThat(at8k.name()).isEqualTo("m");
            assertThat(MaskGainModel.floorFromBin(8000)).isEqualTo(93); // 93 x 43.07 Hz = 4,005 Hz: the first bin above 4 kHz
            assertThat(MaskGainModel.floorFromBin(6000)).isEqualTo(70);
            // The gains below the floor's first bin depend on it only through the network's reach across frequency; on a
            // spectrogram whose top is empty they differ from the plain model's, and the view gives the same gains every time.
            ComplexSpectrogram s = randomSpectrogram(40, 9);
            for (int k = 93; k < MaskFeatures.BINS; k++) {
                Arrays.fill(s.re()[k], 0);
                Arrays.fill(s.im()[k], 0);
            }
            float[][] plain = m.gains(s);
            float[][] floored = at8k.gains(s);
            assertThat(floored).isDeepEqualTo(at8k.gains(s));
            assertThat(floored[50]).isNotEqualTo(plain[50]);
            // Closing the view releases nothing: the owner still works.
            ((MaskGainModel) at8k).close();
            assertGains(m, 11);
            assertGains(at8k, 11);
        }
    }

    @Test
    void narrowBandCompanionRunsForInputAtEightKilohertzOrLess() throws IOException {
        Path dir = tmp.resolve("m");
        saveRandomModel(dir, 3);
        saveRandomModel(dir.resolve(MaskGainModel.NARROW_BAND), 4); // other weights, so the two models' outputs differ
        Path plain = tmp.resolve("plain");
        saveRandomModel(plain, 4); // the companion's weights as a model of its own
        float[] x = new float[12_000];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.2 * Math.sin(2 * Math.PI * 300 * i / 8000.0) + 0.05 * r.nextGaussian());
        }
        try (MaskGainModel m = MaskGainModel.load(dir, "m", 1); MaskGainModel p = MaskGainModel.load(plain, "plain", 1)) {
            assertThat(m.hasNarrowBandCompanion()).isTrue();
            assertThat(p.hasNarrowBandCompanion()).isFalse();
            assertThat(m.forInputRate(16_000)).isSameAs(m);
            assertThat(m.forInputRate(11_025)).isSameAs(m);
            GainModel narrow = m.forInputRate(8000);
            assertThat(narrow).isNotSameAs(m).isSameAs(m.forInputRate(6000));
            assertThat(narrow.name()).isEqualTo("m (narrow band)");
            assertThat(narrow.forInputRate(8000)).isSameAs(narrow); // a companion runs as trained: no floor of its own
            // At 8 kHz the enhancer runs the companion: the same samples as the companion's weights on their own, as a model
            // with nothing for that rate runs them (a plain model would floor its empty band, which the companion does not).
            float[] viaBundle = new float[x.length];
            float[] viaPlain = new float[x.length];
            new ChunkedEnhancer(m, 1).denoise(x, viaBundle, 8000, dev.sonicsaviors.pipeline.Progress.NONE);
            new ChunkedEnhancer(asIs(p), 1).denoise(x, viaPlain, 8000, dev.sonicsaviors.pipeline.Progress.NONE);
            assertThat(viaBundle).isEqualTo(viaPlain);
            // At 16 kHz the main model runs.
            float[] wide = new float[x.length];
            float[] widePlain = new float[x.length];
            new ChunkedEnhancer(m, 1).denoise(x, wide, 16_000, dev.sonicsaviors.pipeline.Progress.NONE);
            new ChunkedEnhancer(p, 1).denoise(x, widePlain, 16_000, dev.sonicsaviors.pipeline.Progress.NONE);
            assertThat(wide).isNotEqualTo(widePlain);
        }
        MaskGainModel closed = MaskGainModel.load(dir, "m", 1);
        closed.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> closed.forInputRate(8000)).isInstanceOf(IllegalStateException.class);
    }
}
