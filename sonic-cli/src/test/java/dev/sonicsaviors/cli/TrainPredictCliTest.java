package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static dev.sonicsaviors.cli.SonicCliTest.speechLike;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code sonic train} and {@code sonic predict} on a tiny generated corpus with a small model. */
class TrainPredictCliTest {
    static final String SMALL = "conv-autoencoder-148x109-4";

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void prepare() throws IOException {
        Path speech = tmp.resolve("corpus/speech");
        for (int s = 0; s < 4; s++) {
            WavWriter.write(speech.resolve("spk" + s + "-a.wav"), speechLike(70000, 22050, 30 + s), 22050);
        }
        data = tmp.resolve("hybrid");
        SonicCliTest.Run r = sonic("prepare", "--approach", "audio", "--speech", speech.toString(), "--noise-kind", "white",
                "--out", data.toString(), "--val-fraction", "0.25", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void trainsThenPredictsWithBothReconstructionRoutes() throws IOException {
        Path model = tmp.resolve("model-small");
        SonicCliTest.Run t = sonic("train", "--approach", "audio", "--data", data.toString(), "-o", model.toString(), "--arch", SMALL,
                "--epochs", "2", "--batch", "2", "--threads", "1", "--quiet");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("epoch   2").contains("MSE noisy vs clean");
        assertThat(model.resolve("model/model.json")).exists();
        assertThat(Files.readString(model.resolve("history.csv")).lines().count()).isEqualTo(3);
        assertThat(model.resolve("loss.png")).exists();
        String json = Files.readString(model.resolve("model/model.json"));
        assertThat(json).contains("\"approach\"").contains("\"normalization\"").contains("\"trainSha256\"").contains("\"seed\"");

        Path noisy = tmp.resolve("noisy.wav");
        WavWriter.write(noisy, speechLike(44100, 44100, 99), 44100);
        Path out = tmp.resolve("pred");
        SonicCliTest.Run p = sonic("predict", model.toString(), noisy.toString(), "-o", out.toString(), "--clean", noisy.toString());
        assertThat(p.code()).as(p.err()).isZero();
        for (String f : new String[] {"noisy.npy", "predicted.npy", "clean.npy"}) {
            assertThat(Npy.readShape(out.resolve(f))).containsExactly(148, 109);
        }
        for (String f : new String[] {"comparison.png", "predicted-mel.wav", "predicted-mfcc.wav"}) {
            assertThat(Files.size(out.resolve(f))).isGreaterThan(1000);
        }
        assertThat(p.out()).contains("MSE vs clean");

        // the trained folder also works as a denoiser (mask route): same rate and length out
        Path denoised = tmp.resolve("denoised.wav");
        SonicCliTest.Run d = sonic("denoise", noisy.toString(), "-o", denoised.toString(), "--model", model.toString(), "--quiet");
        assertThat(d.code()).as(d.err()).isZero();
        dev.sonicsaviors.io.AudioData a = dev.sonicsaviors.io.AudioReader.read(denoised);
        assertThat(a.sampleRate()).isEqualTo(44100);
        assertThat(a.frames()).isEqualTo(44100);
    }

    @Test
    void trainsOnFreshMixturesFromSpeechAndNoiseFolders() throws IOException {
        Path noise = tmp.resolve("corpus/noise");
        for (int k = 0; k < 3; k++) {
            float[] x = dev.sonicsaviors.dsp.noise.ColoredNoise.pink(30000, k);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 0.1f;
            }
            WavWriter.write(noise.resolve("noise" + k + ".wav"), x, 22050);
        }
        Path model = tmp.resolve("model-fresh");
        SonicCliTest.Run t = sonic("train", "--approach", "audio", "--speech", tmp.resolve("corpus/speech").toString(), "--noise",
                noise.toString(), "-o", model.toString(), "--arch", SMALL, "--epochs", "2", "--batch", "2", "--threads", "1", "--quiet");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(Files.readString(model.resolve("model/model.json"))).contains("fresh noise every epoch");
        SonicCliTest.Run both = sonic("train", "--approach", "audio", "--data", data.toString(), "--speech", "x", "--noise", "y",
                "-o", model.toString());
        assertThat(both.code()).isEqualTo(2);
    }

    @Test
    void resumeContinuesAfterTheLastCheckpoint() throws IOException {
        Path model = tmp.resolve("model-resume");
        String[] base = {"train", "--approach", "audio", "--data", data.toString(), "-o", model.toString(), "--arch", SMALL,
            "--batch", "2", "--threads", "1", "--quiet"};
        assertThat(sonic(concat(base, "--epochs", "1")).code()).isZero();
        SonicCliTest.Run r = sonic(concat(base, "--epochs", "2", "--resume"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch   2").doesNotContain("epoch   1 ");
        assertThat(Files.readString(model.resolve("history.csv")).lines().count()).isEqualTo(3);
    }

    @Test
    void badModelsAndDataFailCleanlyWithoutOutput() throws IOException {
        Path noisy = tmp.resolve("n2.wav");
        WavWriter.write(noisy, speechLike(30000, 22050, 5), 22050);
        Path out = tmp.resolve("pred-none");
        SonicCliTest.Run missing = sonic("predict", tmp.resolve("no-model").toString(), noisy.toString(), "-o", out.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no-model");
        Path corrupt = Files.createDirectories(tmp.resolve("corrupt-model"));
        Files.writeString(corrupt.resolve("model.json"), "{ not json");
        SonicCliTest.Run bad = sonic("predict", corrupt.toString(), noisy.toString(), "-o", out.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("model.json").doesNotContain("\tat ");
        assertThat(out).doesNotExist();

        // data with a NaN, and data with mismatched shapes
        Path nanData = copyData("nan-data");
        float[] clean = Npy.read(nanData.resolve("train/clean.npy")).data();
        int n = clean.length / (148 * 109);
        clean[148 * 109 + 5] = Float.NaN;
        Npy.write(nanData.resolve("train/clean.npy"), clean, n, 148, 109);
        SonicCliTest.Run nan = sonic("train", "--approach", "audio", "--data", nanData.toString(), "-o", tmp.resolve("m-nan").toString(),
                "--arch", SMALL, "--quiet");
        assertThat(nan.code()).isEqualTo(1);
        assertThat(nan.err()).contains("clean.npy").contains("NaN in example 1");
        assertThat(tmp.resolve("m-nan")).doesNotExist();

        Path shapeData = copyData("shape-data");
        Npy.write(shapeData.resolve("train/noisy.npy"), new float[2 * 148 * 108], 2, 148, 108);
        SonicCliTest.Run shape = sonic("train", "--approach", "audio", "--data", shapeData.toString(), "-o", tmp.resolve("m-shape").toString(),
                "--arch", SMALL, "--quiet");
        assertThat(shape.code()).isEqualTo(1);
        assertThat(shape.err()).contains("noisy.npy").contains("expected (N, 148, 109)");

        SonicCliTest.Run wrongApproach = sonic("train", "--approach", "features", "--data", data.toString(), "-o",
                tmp.resolve("m-wrong").toString(), "--arch", SMALL, "--quiet");
        assertThat(wrongApproach.code()).isEqualTo(1);
        assertThat(wrongApproach.err()).contains("prepared for the audio approach");
    }

    static Path copyData(String name) throws IOException {
        Path dst = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.toList()) {
                Path q = dst.resolve(data.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return dst;
    }

    static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
