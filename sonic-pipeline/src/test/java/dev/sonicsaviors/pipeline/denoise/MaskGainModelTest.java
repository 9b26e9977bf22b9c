package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.model.ArrayTrainingData;
import dev.sonicsaviors.model.MaskNet;
import dev.sonicsaviors.model.ModelFiles;
import dev.sonicsaviors.model.Network;
import dev.sonicsaviors.model.TrainConfig;
import dev.sonicsaviors.model.TrainListener;
import dev.sonicsaviors.model.TrainResult;
import dev.sonicsaviors.model.Trainer;
import dev.sonicsaviors.pipeline.train.MaskTrainingData;
import java.io.IOException;
import java.nio.file.Path;
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
        try (Network net = Network.build(new MaskNet(MaskFeatures.BINS, 32), false, 1)) {
            net.initialize(3);
            ModelFiles.save(dir, net, Map.of());
        }
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

    @Test
    void trainsTwoStepsOnASyntheticCorpus() throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        float[] speech = new float[22050];
        float[] noise = new float[11025];
        for (int i = 0; i < speech.length; i++) {
            speech[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 22050.0) * (1 + Math.sin(2 * Math.PI * 3 * i / 22050.0)));
        }
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.1 * r.nextGaussian());
        }
        MaskTrainingData train = new MaskTrainingData(List.of(speech), List.of(noise), 4, 24, 5);
        ArrayTrainingData val = new MaskTrainingData(List.of(speech), List.of(noise), 2, 24, 6).materialize(0);
        TrainConfig cfg = TrainConfig.defaults().withBatchSize(2).withMaxSteps(2).withThreads(1);
        TrainResult res = new Trainer(new MaskNet(MaskFeatures.BINS, 24), cfg).train(train, val, tmp.resolve("run"), Map.of(),
                new TrainListener() { });
        assertThat(res.stopReason()).contains("step limit 2");
        assertThat(Double.isFinite(res.bestValLoss())).isTrue();
        assertGains(MaskGainModel.load(res.modelDir(), "trained", 1), 50);
    }
}
