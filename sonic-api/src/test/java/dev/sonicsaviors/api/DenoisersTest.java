package dev.sonicsaviors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sonicsaviors.dsp.noise.ColoredNoise;
import dev.sonicsaviors.dsp.noise.NoiseColor;
import dev.sonicsaviors.dsp.noise.SyntheticSpeech;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioSink;
import dev.sonicsaviors.io.AudioSource;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.NpyArray;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.denoise.ChunkedEnhancer;
import dev.sonicsaviors.pipeline.denoise.DenoiserRegistry;
import dev.sonicsaviors.pipeline.denoise.MaskGainModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoisersTest {

    @TempDir
    Path tmp;

    /** Noisy stereo test audio {@code [channel][sample]}: a voiced tone in pink noise, channels differing. */
    static float[][] noisy(int n, int rate) {
        float[][] x = new float[2][];
        for (int c = 0; c < 2; c++) {
            float[] noise = ColoredNoise.generate(NoiseColor.PINK, n, 10 + c);
            float[] voice = SyntheticSpeech.voiced(n, rate, 3 + c);
            for (int i = 0; i < n; i++) {
                noise[i] = 0.3f * voice[i] + 0.05f * noise[i];
            }
            x[c] = noise;
        }
        return x;
    }

    /** Collects everything written to it, checking the channel count. */
    static final class Collector implements AudioSink {
        final float[][] all;
        int n;

        Collector(int channels, int capacity) {
            all = new float[channels][capacity];
        }

        @Override
        public void write(float[][] frames, int offset, int count) {
            for (int c = 0; c < all.length; c++) {
                System.arraycopy(frames[c], offset, all[c], n, count);
            }
            n += count;
        }
    }

    @Test
    void arraysAreDenoisedExactlyAsTheChunkedEnhancerDoesAndTheInputIsKept() throws IOException {
        float[][] x = noisy(48_000 * 23 / 2, 48_000); // 11.5 s: two chunks
        float[][] copy = {x[0].clone(), x[1].clone()};
        float[][] y;
        try (Denoiser d = Denoisers.load(DenoiseOptions.of("wiener").withStrength(0.8))) {
            y = d.denoise(x, 48_000);
            assertThat(d.options().strength()).isEqualTo(0.8);
        }
        assertThat(x).isDeepEqualTo(copy);
        ChunkedEnhancer reference = DenoiserRegistry.builtIn().denoiser("wiener", 0.8, ChunkedEnhancer.Reconstruct.MASK);
        reference.processInPlace(copy, 48_000, Progress.NONE);
        assertThat(y).isDeepEqualTo(copy);
        assertThat(y[0]).isNotEqualTo(x[0]);
    }

    @Test
    void eightKilohertzInputGoesThroughAModelFoldersNarrowBandCompanion() throws IOException {
        // the bundled weights as a folder, and the same folder with a companion: those weights with the first layer's
        // bias shifted, so that the two give different gains
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        try (var files = Files.list(Path.of("..", "models", "default"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, plain.resolve(f.getFileName().toString()));
            }
        }
        Path withCompanion = Files.createDirectories(tmp.resolve("with-companion"));
        Path companion = Files.createDirectories(withCompanion.resolve(MaskGainModel.NARROW_BAND));
        try (var files = Files.list(plain)) {
            for (Path f : files.toList()) {
                Files.copy(f, withCompanion.resolve(f.getFileName().toString()));
                Files.copy(f, companion.resolve(f.getFileName().toString()));
            }
        }
        NpyArray bias = Npy.read(companion.resolve("conv2d.bias.npy"));
        float[] shifted = bias.data().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.2f;
        }
        Npy.write(companion.resolve("conv2d.bias.npy"), shifted, bias.shape());

        float[][] x = noisy(8000 * 3, 8000);
        float[][] y;
        float[][] mainOnly;
        try (Denoiser d = Denoisers.load(withCompanion.toString()); Denoiser p = Denoisers.load(plain.toString())) {
            y = d.denoise(x, 8000);
            mainOnly = p.denoise(x, 8000);
            // 16 kHz input is not narrow band: the main weights
            float[][] wide = noisy(16_000 * 2, 16_000);
            assertThat(d.denoise(wide, 16_000)).isDeepEqualTo(p.denoise(wide, 16_000));
        }
        assertThat(y[0]).isNotEqualTo(mainOnly[0]);
        // the pipeline's own path, which asks the model for its companion (GainModel.forInputRate), gives the same samples
        float[][] viaPipeline = {x[0].clone(), x[1].clone()};
        DenoiserRegistry.builtIn().denoiser(withCompanion.toString(), 1, ChunkedEnhancer.Reconstruct.MASK)
                .processInPlace(viaPipeline, 8000, Progress.NONE);
        assertThat(y).isDeepEqualTo(viaPipeline);
    }

    @Test
    void theBundledModelsCardComesFromItsModelJson() throws IOException {
        try (Denoiser d = Denoisers.load(Denoisers.DEFAULT)) {
            ModelCard card = d.card();
            assertThat(card.name()).isEqualTo("default");
            assertThat(card.architecture()).isEqualTo("mask-net-lite-257x192");
            assertThat(card.parameterCount()).isEqualTo(803_711);
            assertThat(card.sampleRate()).isEqualTo(22_050);
            assertThat(card.licence()).contains("non-commercial");
            assertThat(card.trainingData()).contains("224 speakers");
            assertThat(card.scores()).containsKey("si_sdr@5dB");
            // The card's held-out scores are the bundled model's column of its evaluation.json (a new model brings both).
            JsonNode results;
            try (InputStream in = DenoisersTest.class.getResourceAsStream("/models/default/evaluation.json")) {
                assertThat(in).isNotNull();
                results = new ObjectMapper().readTree(in).get("results");
            }
            for (String[] c : new String[][] {{"0dB", "0 dB"}, {"5dB", "5 dB"}, {"10dB", "10 dB"}, {"clean", "clean input"}}) {
                for (String metric : List.of("si_sdr", "stoi", "pesq_wb")) {
                    assertThat(card.scores().get(metric + "@" + c[0])).as("%s@%s", metric, c[0])
                            .isEqualTo(results.get(c[1]).get("default").get(metric).asDouble());
                }
            }
            float[][] y = d.denoise(new float[][] {noisy(16_000, 16_000)[0]}, 16_000);
            assertThat(y[0]).hasSize(16_000);
        }
        try (Denoiser w = Denoisers.load("wiener")) {
            assertThat(w.card().parameterCount()).isZero();
            assertThat(w.card().architecture()).contains("Wiener");
            assertThat(w.card().scores()).isEmpty();
        }
    }

    @Test
    void aModelFolderWithoutACardSectionGetsItsCardFromTheProvenance() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("my-model"));
        try (var files = Files.list(Path.of("..", "models", "default"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName().toString()));
            }
        }
        String json = Files.readString(folder.resolve("model.json"));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(json);
        ((ObjectNode) root.get("metadata")).remove("card");
        Files.writeString(folder.resolve("model.json"), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        try (Denoiser d = Denoisers.load(folder.toString())) {
            ModelCard card = d.card();
            assertThat(card.name()).isEqualTo("my-model");
            assertThat(card.architecture()).isEqualTo("mask-net-lite-257x192");
            assertThat(card.licence()).isEqualTo(Cards.NOT_STATED);
            assertThat(card.trainingData()).isEqualTo("7983 speech files from ../shared/data/train/speech + CORPUS/speech, "
                    + "noise from ../shared/data/train/noise + CORPUS/noise");
            assertThat(card.scores()).containsOnlyKeys("best_val_loss");
        }
        Files.writeString(folder.resolve("model.json"), json.replaceFirst("\"licence\" : \"[^\"]*\"", "\"licence\" : 3"));
        assertThatThrownBy(() -> Denoisers.load(folder.toString())).isInstanceOf(IOException.class)
                .hasMessage(folder.toAbsolutePath().resolve("model.json") + ": metadata.card.licence: expected a string, found 3");
    }

    @Test
    void streamingGivesTheArraySamplesWithProgressAndResampling() throws IOException {
        int rate = 32_000;
        float[][] x = noisy(rate * 25, rate);
        try (Denoiser d = Denoisers.load("specsub")) {
            float[][] whole = d.denoise(x, rate);
            Collector out = new Collector(2, x[0].length);
            List<long[]> calls = new ArrayList<>();
            d.denoise(AudioSource.of(new AudioData(x, rate, 16, "pcm")), out, (done, total) -> calls.add(new long[] {done, total}), null);
            assertThat(out.n).isEqualTo(x[0].length);
            assertThat(out.all).isDeepEqualTo(whole);
            assertThat(calls).hasSizeGreaterThan(2);
            for (int i = 1; i < calls.size(); i++) {
                assertThat(calls.get(i)[0]).isGreaterThan(calls.get(i - 1)[0]);
            }
            assertThat(calls.get(calls.size() - 1)).containsExactly(2L * x[0].length, 2L * x[0].length);

            Collector half = new Collector(2, x[0].length);
            d.denoise(AudioSource.of(new AudioData(x, rate, 16, "pcm")), half, rate / 2, ProgressListener.NONE, new Cancellation());
            assertThat(half.n).isEqualTo(x[0].length / 2);
        }
    }

    @Test
    void cancellationStopsAtAChunkBoundary() throws IOException {
        int rate = 16_000;
        float[][] x = noisy(rate * 35, rate);
        Cancellation cancel = new Cancellation();
        try (Denoiser d = Denoisers.load("wiener")) {
            Collector out = new Collector(2, x[0].length);
            assertThatThrownBy(() -> d.denoise(AudioSource.of(new AudioData(x, rate, 16, "pcm")), out, (done, total) -> cancel.cancel(),
                    cancel)).isInstanceOf(CancellationException.class);
            assertThat(out.n).isLessThan(x[0].length / 2);
            Collector none = new Collector(2, x[0].length);
            assertThatThrownBy(() -> d.denoise(AudioSource.of(new AudioData(x, rate, 16, "pcm")), none, ProgressListener.NONE, cancel))
                    .isInstanceOf(CancellationException.class);
            assertThat(none.n).isZero();
        }
    }

    @Test
    void oneInstanceServesSeveralThreadsWithTheSameResults() throws Exception {
        int rate = 22_050;
        float[][] x = noisy(rate * 12, rate);
        try (Denoiser d = Denoisers.load(Denoisers.DEFAULT)) {
            float[][] expected = d.denoise(x, rate);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<float[][]>> runs = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    runs.add(pool.submit(() -> d.denoise(x, rate)));
                }
                for (Future<float[][]> f : runs) {
                    assertThat(f.get()).isDeepEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void errorsAreClear() throws IOException {
        assertThatThrownBy(() -> Denoisers.load("no-such-model")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model 'no-such-model'");
        assertThatThrownBy(() -> DenoiseOptions.of("wiener").withStrength(1.5)).isInstanceOf(IllegalArgumentException.class);
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("model.json"), "{ \"formatVersion\" : 1 }");
        assertThatThrownBy(() -> Denoisers.load(bad.toString())).isInstanceOf(IOException.class)
                .hasMessageContaining(bad.resolve("model.json").toString());
        Denoiser d = Denoisers.load("wiener");
        d.close();
        d.close();
        assertThatThrownBy(() -> d.denoise(new float[][] {new float[10]}, 16_000)).isInstanceOf(IllegalStateException.class);
        try (Denoiser w = Denoisers.load("wiener")) {
            assertThatThrownBy(() -> w.denoise(new float[][] {new float[10], new float[11]}, 16_000))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(w.denoise(new float[0][], 16_000)).isEmpty();
            assertThat(Arrays.stream(w.denoise(new float[][] {new float[0]}, 16_000)).toList()).hasSize(1);
        }
        assertThat(Denoisers.names()).contains("default", "wiener", "specsub", "default-pitch");
    }

    @Test
    void theBundledModelWithThePitchFilterHasTheBundledCardUnderItsOwnName() throws IOException {
        try (Denoiser p = Denoisers.load("default-pitch"); Denoiser d = Denoisers.load("default")) {
            assertThat(p.card().name()).isEqualTo("default-pitch");
            assertThat(p.card().architecture()).isEqualTo(d.card().architecture());
            assertThat(p.card().licence()).isEqualTo(d.card().licence());
            float[] x = new float[16_000];
            for (int i = 0; i < x.length; i++) {
                double v = 0;
                for (int h = 1; h <= 5; h++) {
                    v += 0.1 / h * Math.sin(2 * Math.PI * 130 * h * i / 16_000.0);
                }
                x[i] = (float) (v + 0.05 * Math.sin(i * 1.7) * Math.sin(i * 0.013));
            }
            float[] yp = p.denoise(new float[][] {x}, 16_000)[0];
            float[] yd = d.denoise(new float[][] {x}, 16_000)[0];
            assertThat(yp).hasSize(x.length);
            assertThat(yp).isNotEqualTo(yd);
        }
    }
}
