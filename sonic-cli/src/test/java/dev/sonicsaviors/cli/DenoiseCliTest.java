package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static dev.sonicsaviors.cli.SonicCliTest.speechLike;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end tests of {@code sonic denoise}. */
class DenoiseCliTest {
    @TempDir
    Path tmp;

    static float[] withNoise(float[] clean, double sigma, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] y = new float[clean.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (clean[i] + sigma * rng.nextGaussian());
        }
        return y;
    }

    static double snrDb(float[] clean, float[] estimate) {
        double s = 0;
        double e = 0;
        for (int i = 0; i < clean.length; i++) {
            s += (double) clean[i] * clean[i];
            double d = estimate[i] - clean[i];
            e += d * d;
        }
        return 10 * Math.log10(s / e);
    }

    Path wav(String name, float[][] channels, int rate) throws IOException {
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        WavWriter.write(f, channels, rate, 16);
        return f;
    }

    @Test
    void denoisesAStereoFileKeepingRateLengthAndChannels() throws IOException {
        int rate = 44100;
        int n = rate * 3 + 5;
        float[] left = speechLike(n, rate, 1);
        float[] right = speechLike(n, rate, 2);
        Path in = wav("noisy.wav", new float[][] {withNoise(left, 0.03, 3), withNoise(right, 0.03, 4)}, rate);
        for (String model : new String[] {"wiener", "specsub"}) {
            Path out = tmp.resolve("out/clean-" + model + ".wav");
            SonicCliTest.Run r = sonic("denoise", in.toString(), "-o", out.toString(), "--model", model, "--quiet");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("1 of 1 file denoised with " + model);
            AudioData noisy = AudioReader.read(in);
            AudioData got = AudioReader.read(out);
            assertThat(got.sampleRate()).isEqualTo(rate);
            assertThat(got.channelCount()).isEqualTo(2);
            assertThat(got.frames()).isEqualTo(n);
            assertThat(snrDb(left, got.channels()[0])).isGreaterThan(snrDb(left, noisy.channels()[0]) + 3);
            assertThat(snrDb(right, got.channels()[1])).isGreaterThan(snrDb(right, noisy.channels()[1]) + 3);
        }
    }

    @Test
    void rateStrengthAndGriffinLimOptions() throws IOException {
        int rate = 48000;
        int n = rate * 2 + 1;
        Path in = wav("in.wav", new float[][] {withNoise(speechLike(n, rate, 5), 0.02, 6)}, rate);
        Path out = tmp.resolve("16k.wav");
        SonicCliTest.Run r = sonic("denoise", in.toString(), "-o", out.toString(), "--rate", "16000", "--strength", "0.5",
                "--reconstruct", "griffinlim", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        AudioData got = AudioReader.read(out);
        assertThat(got.sampleRate()).isEqualTo(16000);
        assertThat(got.frames()).isEqualTo(new Resampler(rate, 16000).outputLength(n));
    }

    @Test
    void folderBatchReportsTheBrokenFileAndGoesOn() throws IOException {
        int rate = 22050;
        wav("in/a.wav", new float[][] {withNoise(speechLike(rate * 2, rate, 7), 0.02, 8)}, rate);
        wav("in/sub/b.wav", new float[][] {withNoise(speechLike(rate, 16000, 9), 0.02, 10)}, 16000);
        Files.writeString(tmp.resolve("in/broken.wav"), "not audio at all");
        Path extra = wav("extra.wav", new float[][] {withNoise(speechLike(rate, rate, 11), 0.02, 12)}, rate);
        Path outDir = tmp.resolve("out");
        SonicCliTest.Run r = sonic("denoise", tmp.resolve("in").toString(), extra.toString(), "-o", outDir + "/",
                "--model", "specsub");
        assertThat(r.code()).isEqualTo(1);
        assertThat(outDir.resolve("a.wav")).exists();
        assertThat(outDir.resolve("sub/b.wav")).exists();
        assertThat(outDir.resolve("extra.wav")).exists();
        assertThat(outDir.resolve("broken.wav")).doesNotExist();
        assertThat(AudioReader.read(outDir.resolve("sub/b.wav")).sampleRate()).isEqualTo(16000);
        assertThat(r.out()).contains("3 of 4 files denoised");
        String errors = r.err().lines().filter(l -> l.startsWith("sonic: ")).reduce("", (a, b) -> a + b + "\n");
        assertThat(errors.lines().count()).isEqualTo(1);
        assertThat(errors).contains("broken.wav").doesNotContain("Exception");
        try (var files = Files.list(outDir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count()).isZero();
        }
        SonicCliTest.Run verbose = sonic("denoise", tmp.resolve("in").toString(), "-o", outDir.toString(), "--quiet", "--verbose");
        assertThat(verbose.code()).isEqualTo(1);
        assertThat(verbose.err()).contains("broken.wav").contains("\tat ");
    }

    @Test
    void badArgumentsAndMissingFiles() throws IOException {
        Path in = wav("x.wav", new float[][] {speechLike(6000, 6000, 13)}, 6000);
        Path out = tmp.resolve("y.wav");
        assertThat(sonic("denoise", in.toString(), "-o", out.toString(), "--strength", "1.5").code()).isEqualTo(2);
        SonicCliTest.Run unknown = sonic("denoise", in.toString(), "-o", out.toString(), "--model", "nope");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("nope").contains("specsub");
        Path folder = Files.createDirectories(tmp.resolve("some-model"));
        SonicCliTest.Run notYet = sonic("denoise", in.toString(), "-o", out.toString(), "--model", folder.toString());
        assertThat(notYet.code()).isEqualTo(2); // a folder without model.json is a bad argument
        assertThat(notYet.err()).contains("some-model").contains("not a model folder");
        SonicCliTest.Run missing = sonic("denoise", tmp.resolve("nope.wav").toString(), "-o", out.toString(), "--quiet");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().trim()).contains("nope.wav").contains("no such file").doesNotContain("\n");
        assertThat(out).doesNotExist();
        SonicCliTest.Run ok = sonic("denoise", in.toString(), "-o", out.toString(), "--quiet");
        assertThat(ok.code()).as(ok.err()).isZero();
        // 6 kHz is below what the learned model was trained for (8 kHz sources at the lowest): one warning line for the file
        assertThat(ok.err().lines().filter(l -> l.contains("warning")).toList())
                .containsExactly("sonic: " + in + ": warning: 6000 Hz input is outside the 8000-48000 Hz the learned models "
                        + "were trained for (see the model card); expect weaker denoising");
        assertThat(AudioReader.read(out).frames()).isEqualTo(6000);
    }
}
