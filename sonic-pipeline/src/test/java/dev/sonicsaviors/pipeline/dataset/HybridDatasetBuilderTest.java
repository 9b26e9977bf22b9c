package dev.sonicsaviors.pipeline.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.dsp.noise.ColoredNoise;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.NpyArray;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.TestAudio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridDatasetBuilderTest {

    static final int SR = 22050;
    static final int CLIP = 55296;

    @TempDir
    static Path corpus;

    static Path speech;
    static Path noise;

    @BeforeAll
    static void makeCorpus() throws IOException {
        speech = corpus.resolve("speech");
        noise = corpus.resolve("noise");
        TestAudio.writeWav(speech.resolve("alice_1.wav"), TestAudio.voice((int) (CLIP * 1.6), 180, 1, SR), SR); // 2 clips
        TestAudio.writeWav(speech.resolve("alice_2.wav"), TestAudio.voice(20000, 190, 2, SR), SR); // 1 padded clip
        TestAudio.writeWav(speech.resolve("bob_1.wav"), TestAudio.voice((int) (CLIP * 2.3), 110, 3, SR), SR); // 2 clips
        TestAudio.writeWav(speech.resolve("carol_1.wav"), TestAudio.voice(CLIP, 220, 4, SR), SR); // 1 clip
        TestAudio.writeWav(speech.resolve("sub/dave_1.wav"), TestAudio.voice(CLIP * 2, 130, 5, SR), SR); // 2 clips
        TestAudio.writeWav(noise.resolve("hiss.wav"), TestAudio.voice(30000, 3000, 6, SR), SR);
        TestAudio.writeWav(noise.resolve("hum.wav"), TestAudio.voice(90000, 50, 7, SR), SR);
    }

    static HybridDatasetBuilder.Result run(PrepareConfig c, Path out, boolean withNoise) throws IOException {
        return new HybridDatasetBuilder(c, AudioLoader::loadMono).run(speech, withNoise ? noise : null, out, Progress.NONE);
    }

    static List<String> manifest(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size());
    }

    @Test
    void clipOffsets() {
        assertThat(HybridDatasetBuilder.clipOffsets(0, 10)).isEmpty();
        assertThat(HybridDatasetBuilder.clipOffsets(3, 10)).containsExactly(0);
        assertThat(HybridDatasetBuilder.clipOffsets(10, 10)).containsExactly(0);
        assertThat(HybridDatasetBuilder.clipOffsets(14, 10)).containsExactly(0);
        assertThat(HybridDatasetBuilder.clipOffsets(15, 10)).containsExactly(0, 10);
        assertThat(HybridDatasetBuilder.clipOffsets(30, 10)).containsExactly(0, 10, 20);
        assertThat(HybridDatasetBuilder.clipAt(new float[] {1, 2, 3}, 2, 3)).containsExactly(3, 0, 0);
    }

    @Test
    void audioApproachWithNoiseFiles(@TempDir Path out) throws IOException {
        PrepareConfig c = PrepareConfig.defaults(PrepareConfig.Approach.AUDIO, true).withValidationFraction(0.25);
        assertThat(c.noiseKind()).isEqualTo(PrepareConfig.NoiseKind.FILES);
        HybridDatasetBuilder.Result r = run(c, out, true);
        assertThat(r.trainClips() + r.valClips()).isEqualTo(8);
        assertThat(r.valClips()).isPositive();
        assertThat(r.skipped()).isEmpty();
        Set<String> trainSpk = new HashSet<>();
        Set<String> valSpk = new HashSet<>();
        for (String split : List.of("train", "val")) {
            NpyArray clean = Npy.read(out.resolve(split + "/clean.npy"));
            NpyArray noisy = Npy.read(out.resolve(split + "/noisy.npy"));
            List<String> rows = manifest(out.resolve(split + "/manifest.csv"));
            assertThat(clean.shape()).containsExactly(rows.size(), 148, 109);
            assertThat(noisy.shape()).containsExactly(rows.size(), 148, 109);
            String prev = "";
            int prevOffset = -1;
            for (int i = 0; i < rows.size(); i++) {
                String[] f = rows.get(i).split(",", -1);
                assertThat(f).hasSize(8);
                assertThat(f[0]).isEqualTo(Integer.toString(i));
                assertThat(f[1]).isEqualTo(split);
                int off = Integer.parseInt(f[3]);
                assertThat(f[2].compareTo(prev) > 0 || (f[2].equals(prev) && off > prevOffset)).isTrue();
                prev = f[2];
                prevOffset = off;
                assertThat(f[5]).isIn("hiss.wav", "hum.wav");
                assertThat(Double.parseDouble(f[6])).isBetween(-5.0, 20.0);
                assertThat(f[7]).isEmpty();
                (split.equals("train") ? trainSpk : valSpk).add(f[4]);
            }
        }
        assertThat(trainSpk).doesNotContainAnyElementsOf(valSpk);
        // the first train clip is the clean hybrid of the first clip of its file
        String first = manifest(out.resolve("train/manifest.csv")).get(0).split(",")[2];
        float[] x = AudioLoader.loadMono(speech.resolve(first), SR);
        float[][] h = new HybridFeatures(FeatureConfig.defaults()).compute(HybridDatasetBuilder.clipAt(x, 0, CLIP));
        NpyArray clean = Npy.read(out.resolve("train/clean.npy"));
        for (int b = 0; b < 148; b += 7) {
            for (int t = 0; t < 109; t += 5) {
                assertThat(clean.data()[b * 109 + t]).isEqualTo(h[b][t]);
            }
        }
        Normalization n = Normalization.load(out.resolve("normalization.json"));
        assertThat(n).isEqualTo(r.normalization());
        assertThat(Files.readString(out.resolve("prepare.json"))).contains("\"approach\" : \"audio\"").contains("listSha256");
        try (var s = Files.list(out.resolve("train"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("clean.npy", "manifest.csv", "noisy.npy");
        }
    }

    @Test
    void processFileGivesTheClipsAndRowsThatRunWrites(@TempDir Path out) throws IOException {
        PrepareConfig c = PrepareConfig.defaults(PrepareConfig.Approach.AUDIO, false).withNoiseKind(PrepareConfig.NoiseKind.PINK)
                .withValidationFraction(0.25).withSeed(5);
        HybridDatasetBuilder b = new HybridDatasetBuilder(c, AudioLoader::loadMono);
        b.run(speech, null, out, Progress.NONE);
        List<Path> files = dev.sonicsaviors.pipeline.AudioFiles.list(speech);
        SpeakerSplit.Split split = SpeakerSplit.forFolder(speech).split(files, c.seed(), c.validationFraction());
        HybridFeatures hf = new HybridFeatures(c.features());
        NoisyExamples examples = new NoisyExamples(c, List.of());
        for (String name : List.of("train", "val")) {
            List<Path> part = name.equals("train") ? split.train() : split.validation();
            StringBuilder manifest = new StringBuilder(HybridDatasetBuilder.MANIFEST_HEADER);
            java.io.ByteArrayOutputStream clean = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream noisy = new java.io.ByteArrayOutputStream();
            int index = 0;
            for (Path f : part) { // files one at a time, in list order, each with its index in the whole list
                HybridDatasetBuilder.FileClips fc = b.processFile(f, files.indexOf(f), hf, examples);
                assertThat(fc.error()).isNull();
                for (HybridDatasetBuilder.Clip clip : fc.clips()) {
                    manifest.append(HybridDatasetBuilder.manifestRow(index++, name,
                            dev.sonicsaviors.pipeline.AudioFiles.relative(speech, f), split.speakers().get(f), clip));
                    clean.write(floatBytes(clip.clean()));
                    noisy.write(floatBytes(clip.noisy()));
                }
            }
            assertThat(manifest.toString()).isEqualTo(Files.readString(out.resolve(name + "/manifest.csv")));
            assertThat(clean.toByteArray()).isEqualTo(npyData(out.resolve(name + "/clean.npy")));
            assertThat(noisy.toByteArray()).isEqualTo(npyData(out.resolve(name + "/noisy.npy")));
        }
        Path bad = out.resolve("bad.wav");
        Files.writeString(bad, "not audio");
        HybridDatasetBuilder.FileClips fc = b.processFile(bad, 0, hf, examples);
        assertThat(fc.clips()).isEmpty();
        assertThat(fc.error()).startsWith(bad.toString()).doesNotContain("\n");
    }

    static byte[] floatBytes(float[][] h) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(h.length * h[0].length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float[] row : h) {
            for (float v : row) {
                b.putFloat(v);
            }
        }
        return b.array();
    }

    /** Returns the data bytes of a .npy file (after its header). */
    static byte[] npyData(Path npy) throws IOException {
        byte[] all = Files.readAllBytes(npy);
        int headerLen = (all[8] & 0xff) | (all[9] & 0xff) << 8; // version 1.0 header
        return java.util.Arrays.copyOfRange(all, 10 + headerLen, all.length);
    }

    @Test
    void sameSeedGivesIdenticalBytesWhateverTheThreads(@TempDir Path out) throws IOException {
        PrepareConfig c = PrepareConfig.defaults(PrepareConfig.Approach.AUDIO, true).withValidationFraction(0.25).withSeed(7);
        run(c.withThreads(1), out.resolve("a"), true);
        run(c.withThreads(3), out.resolve("b"), true);
        run(c.withSeed(8), out.resolve("c"), true);
        for (String f : List.of("train/clean.npy", "train/noisy.npy", "train/manifest.csv", "val/noisy.npy", "val/manifest.csv",
                "normalization.json", "prepare.json")) {
            assertThat(Files.readAllBytes(out.resolve("b").resolve(f))).as(f).isEqualTo(Files.readAllBytes(out.resolve("a").resolve(f)));
        }
        assertThat(Files.readAllBytes(out.resolve("c/train/noisy.npy"))).isNotEqualTo(Files.readAllBytes(out.resolve("a/train/noisy.npy")));
    }

    @Test
    void featuresApproachGaussian(@TempDir Path out) throws IOException {
        PrepareConfig c = PrepareConfig.defaults(PrepareConfig.Approach.FEATURES, false).withValidationFraction(0.25);
        assertThat(c.noiseKind()).isEqualTo(PrepareConfig.NoiseKind.GAUSSIAN);
        HybridDatasetBuilder.Result r = run(c, out, false);
        NpyArray clean = Npy.read(out.resolve("train/clean.npy"));
        NpyArray noisy = Npy.read(out.resolve("train/noisy.npy"));
        Normalization n = r.normalization();
        int per = 148 * 109;
        double sq = 0;
        int count = 0;
        for (int i = 0; i < r.trainClips(); i++) {
            float[][] a = new float[148][109];
            float[][] b = new float[148][109];
            for (int k = 0; k < 148; k++) {
                System.arraycopy(clean.data(), i * per + k * 109, a[k], 0, 109);
                System.arraycopy(noisy.data(), i * per + k * 109, b[k], 0, 109);
            }
            float[][] na = n.normalize(a);
            float[][] nb = n.normalize(b);
            for (int k = 0; k < 148; k++) {
                for (int t = 0; t < 109; t++) {
                    double d = nb[k][t] - na[k][t];
                    if (na[k][t] > 0.2 && na[k][t] < 0.8) {
                        sq += d * d;
                        count++;
                    }
                }
            }
        }
        assertThat(Math.sqrt(sq / count)).isCloseTo(0.05, within(0.01));
        String row = manifest(out.resolve("train/manifest.csv")).get(0);
        assertThat(row).endsWith(",gaussian,,0.0500000");
    }

    static double meanSquare(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s / x.length;
    }

    @Test
    void featuresApproachPinkAddsPower(@TempDir Path out) throws IOException {
        PrepareConfig c = PrepareConfig.defaults(PrepareConfig.Approach.FEATURES, false).withNoiseKind(PrepareConfig.NoiseKind.PINK)
                .withSnr(0, 0).withValidationFraction(0.25);
        HybridDatasetBuilder.Result r = run(c, out, false);
        NpyArray clean = Npy.read(out.resolve("train/clean.npy"));
        NpyArray noisy = Npy.read(out.resolve("train/noisy.npy"));
        int per = 148 * 109;
        List<String> rows = manifest(out.resolve("train/manifest.csv"));
        HybridFeatures hf = new HybridFeatures(FeatureConfig.defaults());
        double[] pink = {Double.MAX_VALUE, -Double.MAX_VALUE}; // range of 10 log10(mel sum / mean square) of pink noise
        for (long seed = 100; seed < 300; seed++) {
            float[] n = ColoredNoise.pink(CLIP, seed);
            double m = 0;
            for (float[] band : hf.melPower(n)) {
                for (float v : band) {
                    m += v;
                }
            }
            pink[0] = Math.min(pink[0], 10 * Math.log10(m / meanSquare(n)));
            pink[1] = Math.max(pink[1], 10 * Math.log10(m / meanSquare(n)));
        }
        for (int i = 0; i < r.trainClips(); i++) {
            double ps = 0;
            double pn = 0;
            for (int k = 0; k < 128 * 109; k++) {
                float a = clean.data()[i * per + k];
                float b = noisy.data()[i * per + k];
                assertThat(b).isGreaterThanOrEqualTo(a);
                ps += a;
                pn += b - a;
            }
            // The mixer scales the pink noise waveform to exactly 0 dB against the clip (equal mean squares), and its mel
            // power is added to the clean mel power, so the mel-domain SNR is 10 log10(clean mel sum / clip mean square)
            // minus the pink noise's 10 log10(mel sum / mean square). That last term is not a constant (the Slaney bands
            // weight frequencies unevenly and each realisation has its own random spectrum): its range over 200 other
            // pink noises, widened by 0.1 dB, bounds the mix (about +-0.9 dB; the range was +-4 dB before).
            String[] f = rows.get(i).split(",");
            float[] clip = HybridDatasetBuilder.clipAt(AudioLoader.loadMono(speech.resolve(f[2]), SR), Integer.parseInt(f[3]), CLIP);
            double a = 10 * Math.log10(ps / meanSquare(clip));
            double got = 10 * Math.log10(ps / pn);
            System.out.printf("clip %d: mel-domain SNR %.3f dB, 0 dB pink oracles %.3f to %.3f dB%n", i, got, a - pink[1], a - pink[0]);
            assertThat(got).isBetween(a - pink[1] - 0.1, a - pink[0] + 0.1);
        }
        assertThat(manifest(out.resolve("train/manifest.csv")).get(0)).contains(",pink,0.0000,");
    }

    @Test
    void audioApproachWhiteAndNumpyReadable(@TempDir Path out) throws IOException, InterruptedException {
        PrepareConfig c = PrepareConfig.defaults(PrepareConfig.Approach.AUDIO, false).withValidationFraction(0.25);
        assertThat(c.noiseKind()).isEqualTo(PrepareConfig.NoiseKind.WHITE);
        HybridDatasetBuilder.Result r = run(c, out, false);
        assertThat(manifest(out.resolve("train/manifest.csv")).get(0)).endsWith(",white,,0.0500000");
        Assumptions.assumeTrue(numpyAvailable(), "python3 with numpy not available");
        String py = "import numpy as np,sys\n"
                + "c=np.load(sys.argv[1]+'/train/clean.npy'); n=np.load(sys.argv[1]+'/train/noisy.npy')\n"
                + "assert c.dtype==np.float32 and n.dtype==np.float32, c.dtype\n"
                + "assert c.shape==(" + r.trainClips() + ",148,109), c.shape\n"
                + "assert n.shape==c.shape\n"
                + "print('ok', c.shape)\n";
        Process p = new ProcessBuilder("python3", "-c", py, out.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).startsWith("ok");
    }

    static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
