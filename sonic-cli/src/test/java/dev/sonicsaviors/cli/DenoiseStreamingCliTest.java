package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.dsp.noise.SyntheticSpeech;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.WavSource;
import dev.sonicsaviors.io.WavStreamWriter;
import dev.sonicsaviors.io.WavWriter;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.denoise.ChunkedEnhancer;
import dev.sonicsaviors.pipeline.denoise.DenoiserRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sonic denoise} streams WAV files: the same bytes as the in-memory pipeline, atomic output, bounded heap. */
class DenoiseStreamingCliTest {
    @TempDir
    Path tmp;

    /** What {@code denoise} wrote before streaming: decode whole, enhance in place, resample whole, write whole. */
    static Path inMemory(Path in, Path out, String model, Integer rate) throws IOException {
        AudioData audio = AudioReader.read(in);
        float[][] ch = audio.channels();
        ChunkedEnhancer e = DenoiserRegistry.builtIn().denoiser(model, 1, ChunkedEnhancer.Reconstruct.MASK);
        e.processInPlace(ch, audio.sampleRate(), Progress.NONE);
        int outRate = audio.sampleRate();
        if (rate != null && rate != outRate) {
            Resampler r = new Resampler(outRate, rate);
            for (int c = 0; c < ch.length; c++) {
                ch[c] = r.process(ch[c]);
            }
            outRate = rate;
        }
        WavWriter.write(out, ch, outRate, 16);
        return out;
    }

    static float[][] noisyStereo(int n, int rate, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = {SyntheticSpeech.voiced(n, rate, seed), SyntheticSpeech.voiced(n, rate, seed + 1)};
        for (float[] c : x) {
            for (int i = 0; i < n; i++) {
                c[i] += (float) (0.03 * r.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void streamedOutputHasTheBytesOfTheInMemoryPipeline() throws IOException {
        int rate = 44100;
        Path in = tmp.resolve("in.wav");
        WavWriter.write(in, noisyStereo(rate * 23 + 17, rate, 1), rate, 16); // three 10 s chunks
        for (Integer outRate : new Integer[] {null, 16000, 48000}) {
            Path out = tmp.resolve("out-" + outRate + ".wav");
            List<String> args = new ArrayList<>(List.of("denoise", in.toString(), "-o", out.toString(), "--model", "wiener", "--quiet"));
            if (outRate != null) {
                args.addAll(List.of("--rate", outRate.toString()));
            }
            SonicCliTest.Run r = sonic(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            Path expected = inMemory(in, tmp.resolve("expected-" + outRate + ".wav"), "wiener", outRate);
            assertThat(Arrays.equals(Files.readAllBytes(out), Files.readAllBytes(expected))).as("--rate %s", outRate).isTrue();
        }
        // FLAC and MP3: streamed by FlacSource / Mp3Source and the same enhancer and writer
        for (String name : new String[] {"tone_22k_24bit_stereo.flac", "tone_44k_16bit_stereo_3s.flac", "tone_44k_stereo.mp3",
                "tone_22k_stereo_mpeg2.mp3"}) {
            Path flac = Path.of("../sonic-io/src/test/resources/audio/" + name);
            Path out = tmp.resolve(name + ".wav");
            SonicCliTest.Run r = sonic("denoise", flac.toString(), "-o", out.toString(), "--model", "specsub", "--quiet",
                    "--format", "wav16"); // the in-memory reference writes 16 bits; 24-bit input keeps 24 by default
            assertThat(r.code()).as(r.err()).isZero();
            Path expected = inMemory(flac, tmp.resolve(name + "-expected.wav"), "specsub", null);
            assertThat(Arrays.equals(Files.readAllBytes(out), Files.readAllBytes(expected))).as(name).isTrue();
        }
    }

    @Test
    void aBadSampleLateInTheFileLeavesNoOutput() throws IOException {
        int rate = 16000;
        Path in = tmp.resolve("late-nan.wav");
        Path out = tmp.resolve("out/late-nan.wav");
        try (WavStreamWriter w = WavStreamWriter.create(in, 1, rate, 32)) {
            float[][] x = {noisyStereo(rate * 25, rate, 3)[0]};
            w.write(x, 0, x[0].length);
            w.commit();
        }
        byte[] b = Files.readAllBytes(in);
        int header = 12 + 8 + 18 + 12 + 8;
        int bad = header + 4 * (rate * 24 + 5); // frame 24 s + 5, in the third chunk
        b[bad] = 0;
        b[bad + 1] = 0;
        b[bad + 2] = (byte) 0xC0;
        b[bad + 3] = 0x7F; // NaN
        Files.write(in, b);
        SonicCliTest.Run r = sonic("denoise", in.toString(), "-o", out.toString(), "--model", "wiener", "--quiet");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().trim()).contains("late-nan.wav").contains("non-finite float sample (NaN) at frame " + (rate * 24 + 5))
                .doesNotContain("\n");
        assertThat(out).doesNotExist();
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertThat(s).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void denoisingAFileInPlaceWorks() throws IOException {
        int rate = 22050;
        Path in = tmp.resolve("self.wav");
        WavWriter.write(in, noisyStereo(rate * 12, rate, 5), rate, 16);
        Path expected = inMemory(in, tmp.resolve("expected.wav"), "wiener", null);
        SonicCliTest.Run r = sonic("denoise", in.toString(), "--in-place", "--model", "wiener", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Arrays.equals(Files.readAllBytes(in), Files.readAllBytes(expected))).isTrue();
    }

    /** Writes {@code seconds} of noisy speech-like stereo at {@code rate} Hz block by block, so the test itself stays small. */
    static void writeLong(Path file, int seconds, int rate) throws IOException {
        try (WavStreamWriter w = WavStreamWriter.create(file, 2, rate, 16)) {
            for (int s = 0; s < seconds; s++) {
                float[][] x = noisyStereo(rate, rate, 100 + s);
                w.write(x, 0, rate);
            }
            w.commit();
        }
    }

    /** Runs {@code sonic denoise} in a child JVM with the heap capped at {@code heap} and returns its exit code; output in {@code log}. */
    static int denoiseInChildJvm(String heap, Path in, Path out, Path log) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-cp", cp, "dev.sonicsaviors.cli.Main", "denoise", in.toString(), "-o", out.toString(),
                "--model", "wiener", "--quiet");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("child JVM timed out");
        }
        return p.exitValue();
    }

    /** Denoises a generated long stereo file in a child JVM whose heap is far smaller than the decoded file. */
    void longFileInSmallHeap(int seconds, String heap) throws Exception {
        int rate = 44100;
        Path in = tmp.resolve("long.wav");
        Path out = tmp.resolve("long-out.wav");
        Path log = tmp.resolve("child.log");
        writeLong(in, seconds, rate);
        long decodedBytes = 4L * 2 * seconds * rate;
        int code = denoiseInChildJvm(heap, in, out, log);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.printf("%d s stereo (%d MB decoded) in -Xmx%s: %s%n", seconds, decodedBytes >> 20, heap, output.strip());
        assertThat(code).as(output).isZero();
        assertThat(output).contains("1 of 1 file denoised with wiener");
        try (WavSource noisy = WavSource.open(in); WavSource got = WavSource.open(out)) {
            assertThat(got.frames()).isEqualTo(noisy.frames());
            assertThat(got.channelCount()).isEqualTo(2);
            assertThat(got.sampleRate()).isEqualTo(rate);
            // the noise is reduced at the start, in the middle and at the end of the file
            for (int s : new int[] {0, seconds / 2, seconds - 1}) {
                float[][] clean = {SyntheticSpeech.voiced(rate, rate, 100 + s), SyntheticSpeech.voiced(rate, rate, 101 + s)};
                for (int c = 0; c < 2; c++) {
                    float[] before = noisy.readChannel(c, (long) s * rate, rate);
                    float[] after = got.readChannel(c, (long) s * rate, rate);
                    assertThat(DenoiseCliTest.snrDb(clean[c], after)).as("second %d channel %d", s, c)
                            .isGreaterThan(DenoiseCliTest.snrDb(clean[c], before) + 3);
                }
            }
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void fourMinutesOfStereoIn96MegabytesOfHeap() throws Exception {
        // 4 min at 44.1 kHz stereo: 81 MB of float samples plus 42 MB of file bytes, which no longer need to fit. (The heap
        // was 48 MB for 2 minutes until each 12 s segment also carried its high band at the input rate, HighBandGain: about
        // 8 MB more per channel, two channels side by side; 64 MB passed once and failed once, too close to the working set.
        // The working memory is still one segment's, whatever the length.)
        longFileInSmallHeap(240, "96m");
    }

    @Test
    @Tag("slow")
    void twentyMinutesOfStereoIn128MegabytesOfHeap() throws Exception {
        // 20 min at 44.1 kHz stereo: 423 MB of float samples.
        longFileInSmallHeap(1200, "128m");
    }

}
