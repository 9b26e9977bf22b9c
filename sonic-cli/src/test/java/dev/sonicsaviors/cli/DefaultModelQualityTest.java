package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.NpyArray;
import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled {@code default} model removes noise ({@link DenoisingQuality}: SI-SDR and PESQ WB gains on shipped material),
 * through {@code sonic denoise} and through the Java denoising path; copies of it with zeroed or shuffled weights fail the
 * same check, so the check can tell a working model from a broken one.
 */
class DefaultModelQualityTest {
    @TempDir
    Path tmp;

    /** {@code sonic denoise IN_DIR -o OUT_DIR --model MODEL} in-process on the material written as 16-bit WAV files. */
    List<float[]> viaCli(List<float[]> noisy, String model) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        for (int i = 0; i < noisy.size(); i++) {
            WavWriter.write(in.resolve("case" + i + ".wav"), noisy.get(i), DenoisingQuality.RATE);
        }
        SonicCliTest.Run r = sonic("denoise", in.toString(), "-o", out.toString(), "--model", model, "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        List<float[]> result = new ArrayList<>();
        for (int i = 0; i < noisy.size(); i++) {
            result.add(AudioReader.read(out.resolve("case" + i + ".wav")).toMono());
        }
        return result;
    }

    static List<float[]> viaJava(List<float[]> noisy, String model) throws IOException {
        List<float[]> result = new ArrayList<>();
        try (dev.sonicsaviors.api.Denoiser d = dev.sonicsaviors.api.Denoisers.load(model)) {
            for (float[] x : noisy) {
                result.add(d.denoise(new float[][] {x}, DenoisingQuality.RATE)[0]);
            }
        }
        return result;
    }

    @Test
    void denoiseCommandWithTheDefaultModelRaisesSiSdrAndPesq() throws IOException {
        List<DenoisingQuality.Scores> s = DenoisingQuality.score(noisy -> viaCli(noisy, "default"));
        System.out.print("sonic denoise --model default\n" + DenoisingQuality.report(s));
        DenoisingQuality.assertDenoises(s);
    }

    @Test
    void javaDenoisingWithTheDefaultModelRaisesSiSdrAndPesq() throws IOException {
        List<DenoisingQuality.Scores> s = DenoisingQuality.score(noisy -> viaJava(noisy, "default"));
        System.out.print("Java path, default\n" + DenoisingQuality.report(s));
        DenoisingQuality.assertDenoises(s);
    }

    @Test
    void theUnchangedCopyOfTheModelFolderPassesSoTheCorruptionsBelowAreWhatFails() throws IOException {
        Path copy = corruptedCopy("copy", v -> { });
        DenoisingQuality.assertDenoises(DenoisingQuality.score(noisy -> viaJava(noisy, copy.toString())));
    }

    @Test
    void aModelWithZeroedWeightsFailsTheCheck() throws IOException {
        Path zeroed = corruptedCopy("zeroed", v -> java.util.Arrays.fill(v, 0f));
        List<DenoisingQuality.Scores> s = DenoisingQuality.score(noisy -> viaJava(noisy, zeroed.toString()));
        System.out.print("zeroed weights\n" + DenoisingQuality.report(s));
        assertThatThrownBy(() -> DenoisingQuality.assertDenoises(s)).isInstanceOf(AssertionError.class).hasMessageContaining("does not denoise");
    }

    @Test
    void aModelWithShuffledWeightsFailsTheCheck() throws IOException {
        SplittableRandom rng = new SplittableRandom(15);
        Path shuffled = corruptedCopy("shuffled", v -> {
            for (int i = v.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                float t = v[i];
                v[i] = v[j];
                v[j] = t;
            }
        });
        List<DenoisingQuality.Scores> s = DenoisingQuality.score(noisy -> viaJava(noisy, shuffled.toString()));
        System.out.print("shuffled weights\n" + DenoisingQuality.report(s));
        assertThatThrownBy(() -> DenoisingQuality.assertDenoises(s)).isInstanceOf(AssertionError.class).hasMessageContaining("does not denoise");
    }

    /** A change made to the values of one weight array, in place. */
    interface Corruption {
        void apply(float[] values);
    }

    /** Copies {@code models/default} to a temporary folder, applying {@code corruption} to every {@code .npy} weight array (shape kept). */
    Path corruptedCopy(String name, Corruption corruption) throws IOException {
        Path src = ProjectRoot.find().resolve("models/default");
        Path dst = Files.createDirectories(tmp.resolve(name));
        int changed = 0;
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.sorted().toList()) {
                Path to = dst.resolve(f.getFileName().toString());
                if (f.getFileName().toString().endsWith(".npy")) {
                    NpyArray a = Npy.read(f);
                    float[] v = a.data().clone();
                    corruption.apply(v);
                    Npy.write(to, v, a.shape());
                    changed++;
                } else {
                    Files.copy(f, to);
                }
            }
        }
        assertThat(changed).as("weight arrays in " + src).isPositive();
        return dst;
    }
}
