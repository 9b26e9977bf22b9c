package dev.sonicsaviors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.dsp.Signals;
import dev.sonicsaviors.dsp.noise.SyntheticSpeech;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.NpyArray;
import dev.sonicsaviors.io.WavWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end tests of the {@code sonic} command line through {@link SonicCli#run}. */
class SonicCliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run sonic(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SonicCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A voiced, speech-like test signal ({@link SyntheticSpeech#voiced}). */
    static float[] speechLike(int n, int rate, long seed) {
        return SyntheticSpeech.voiced(n, rate, seed);
    }

    Path wav(String name, float[] x, int rate) throws IOException {
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        WavWriter.write(f, x, rate);
        return f;
    }

    @Test
    void featuresWritesLibrosaHybridOfTheFirstClip() throws IOException {
        Path in = wav("speech.wav", speechLike(70000, 22050, 1), 22050);
        Path out = tmp.resolve("out/hybrid.npy");
        Run r = sonic("features", in.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        NpyArray a = Npy.read(out);
        assertThat(a.shape()).containsExactly(148, 109);
        float[] clip = Signals.fixLength(AudioReader.read(in).toMono(), 55296);
        float[][] expected = new HybridFeatures(FeatureConfig.defaults()).compute(clip);
        float[][] got = a.to2d();
        for (int row = 0; row < 148; row++) {
            assertThat(got[row]).containsExactly(expected[row]);
        }
        assertThat(r.out()).contains("148 x 109");
    }

    @Test
    void featuresNormalizedLiesInUnitRangeAndPlotIsDrawn() throws IOException {
        Path in = wav("speech48k.wav", speechLike(48000 * 2, 48000, 2), 48000);
        Path out = tmp.resolve("n.npy");
        Path png = tmp.resolve("n.png");
        Run r = sonic("features", in.toString(), "-o", out.toString(), "--normalized", "--plot", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        float[] v = Npy.read(out).data();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertThat(min).isGreaterThanOrEqualTo(0f);
        assertThat(max).isLessThanOrEqualTo(1f).isGreaterThan(0.3f);
        assertThat(Files.readAllBytes(png)).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void brokenInputFailsWithOneLineAndNoOutput() throws IOException {
        Path in = wav("ok.wav", speechLike(30000, 22050, 3), 22050);
        byte[] bytes = Files.readAllBytes(in);
        Path truncated = tmp.resolve("truncated.wav");
        Files.write(truncated, Arrays.copyOf(bytes, 30));
        Path out = tmp.resolve("never.npy");
        Run r = sonic("features", truncated.toString(), "-o", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().trim()).startsWith("sonic: ").contains("truncated.wav").doesNotContain("\n").doesNotContain("Exception");
        assertThat(out).doesNotExist();

        Run missing = sonic("features", tmp.resolve("nope.wav").toString(), "-o", out.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.wav").contains("no such file");
        assertThat(out).doesNotExist();
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path text = tmp.resolve("notes.wav");
        Files.writeString(text, "these are not the samples you are looking for");
        Run r = sonic("features", text.toString(), "-o", tmp.resolve("x.npy").toString(), "--verbose");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("notes.wav").contains("\tat ");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(sonic("features").code()).isEqualTo(2);
        assertThat(sonic("no-such-command").code()).isEqualTo(2);
        Run r = sonic("prepare", "--approach", "sideways", "--speech", tmp.toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--approach");
        assertThat(sonic("--help").code()).isZero();
        Path in = tmp.resolve("x.wav");
        Run sigma = sonic("add-noise", in.toString(), "-o", tmp.resolve("y.wav").toString(), "--sigma", "-1");
        assertThat(sigma.code()).isEqualTo(2);
        assertThat(sigma.err()).contains("--sigma");
    }

    @Test
    void topLevelHelpEndsEachDescriptionAtASentenceAndVersionIsReal() {
        Run help = sonic("--help");
        String list = help.out().substring(help.out().indexOf("Commands:"));
        // every command's entry (its lines up to the next command) ends with a full stop
        String[] entries = list.substring("Commands:".length()).strip().split("\\n(?=  \\S)");
        assertThat(entries).hasSizeGreaterThan(10);
        for (String e : entries) {
            assertThat(e.strip()).as(e).endsWith(".");
        }
        Run v = sonic("--version");
        assertThat(v.out().strip()).matches("sonic [0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
    }

    @Test
    void addNoiseThenPrepareBothApproachesThenEda() throws IOException {
        Path speech = tmp.resolve("corpus/speech");
        Path noise = tmp.resolve("corpus/noise");
        for (int s = 0; s < 4; s++) {
            wav("corpus/speech/spk" + s + "-utt0.wav", speechLike(60000, 22050, 10 + s), 22050);
            wav("corpus/speech/spk" + s + "-utt1.wav", speechLike(40000, 16000, 20 + s), 16000);
        }
        Path pink = tmp.resolve("corpus/noise/pink.wav");
        Run add = sonic("add-noise", speech.resolve("spk0-utt0.wav").toString(), "-o", pink.toString(),
                "--kind", "pink", "--snr", "-20", "--seed", "3");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(AudioReader.read(pink).frames()).isEqualTo(60000);

        for (String approach : new String[] {"audio", "features"}) {
            Path out = tmp.resolve("hybrid-" + approach);
            Run r = sonic("prepare", "--approach", approach, "--speech", speech.toString(), "--noise", noise.toString(),
                    "--out", out.toString(), "--val-fraction", "0.25", "--quiet");
            assertThat(r.code()).as(r.err()).isZero();
            for (String split : new String[] {"train", "val"}) {
                int[] clean = Npy.readShape(out.resolve(split).resolve("clean.npy"));
                int[] noisy = Npy.readShape(out.resolve(split).resolve("noisy.npy"));
                assertThat(clean).isEqualTo(noisy);
                assertThat(clean[0]).isPositive();
                assertThat(Arrays.copyOfRange(clean, 1, 3)).containsExactly(148, 109);
                assertThat(out.resolve(split).resolve("manifest.csv")).exists();
            }
            assertThat(out.resolve("normalization.json")).exists();
        }

        Path report = tmp.resolve("report");
        Run eda = sonic("eda", tmp.resolve("corpus").toString(), "-o", report.toString(), "--quiet", "--examples", "1");
        assertThat(eda.code()).as(eda.err()).isZero();
        assertThat(eda.out()).contains("9 audio files");
        assertThat(Files.readString(report.resolve("index.html"))).contains("<html");
        try (Stream<Path> files = Files.list(report)) {
            assertThat(files.filter(p -> p.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void benchReportsARealTimeFactorPerModel() {
        Run r = sonic("bench", "--seconds", "3", "--repeat", "1", "--model", "wiener", "--model", "specsub");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("wiener +real-time factor 0\\.\\d{4}").contains("specsub");
        assertThat(sonic("bench", "--model", "no-such-model", "--seconds", "1").code()).isEqualTo(2);
    }
}
