package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static dev.sonicsaviors.cli.SonicCliTest.speechLike;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sonic denoise} with standard input and output, named pipes, and the output formats. */
class DenoisePipesCliTest {
    @TempDir
    Path tmp;

    private Path noisy(String name, int bits, int channels) throws IOException {
        float[][] x = new float[channels][];
        for (int c = 0; c < channels; c++) {
            x[c] = DenoiseCliTest.withNoise(speechLike(16000, 16000, 1 + c), 0.02, 2 + c);
        }
        Path f = tmp.resolve(name);
        WavWriter.write(f, x, 16000, bits);
        return f;
    }

    /** Runs the CLI in a child JVM with {@code stdin} piped in; returns {exit code, stdout bytes, stderr bytes}. */
    private static Object[] child(byte[] stdin, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream o = p.getOutputStream()) {
                o.write(stdin);
            } catch (IOException ignored) {
                // the child may stop reading early; its exit code says why
            }
        });
        feeder.start();
        byte[][] outErr = new byte[2][];
        Thread errReader = new Thread(() -> {
            try {
                outErr[1] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                outErr[1] = new byte[0];
            }
        });
        errReader.start();
        outErr[0] = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        feeder.join();
        errReader.join();
        return new Object[] {p.exitValue(), outErr[0], new String(outErr[1], StandardCharsets.UTF_8)};
    }

    @Test
    void standardInputToStandardOutputThroughPipesEqualsFiles() throws Exception {
        Path in = noisy("a.wav", 16, 1);
        Path ref = tmp.resolve("ref.wav");
        assertThat(sonic("denoise", in.toString(), "-o", ref.toString(), "--model", "wiener", "--quiet").code()).isZero();
        Object[] r = child(Files.readAllBytes(in), "denoise", "-", "-o", "-", "--model", "wiener", "--quiet");
        assertThat((int) r[0]).as((String) r[2]).isZero();
        assertThat((byte[]) r[1]).isEqualTo(Files.readAllBytes(ref));
        assertThat((String) r[2]).contains("1 of 1 file denoised");
        // /dev/stdin as a pipe
        Path viaDev = tmp.resolve("dev.wav");
        r = child(Files.readAllBytes(in), "denoise", "/dev/stdin", "-o", viaDev.toString(), "--model", "wiener", "--quiet");
        assertThat((int) r[0]).as((String) r[2]).isZero();
        assertThat(Files.readAllBytes(viaDev)).isEqualTo(Files.readAllBytes(ref));
        // broken standard input: one line naming it
        r = child("not audio".getBytes(StandardCharsets.UTF_8), "denoise", "-", "-o", "-", "--model", "wiener", "--quiet");
        assertThat((int) r[0]).isEqualTo(1);
        assertThat(((byte[]) r[1]).length).isZero();
        assertThat(((String) r[2]).strip()).startsWith("sonic: stdin: not an audio file").doesNotContain("\n");
    }

    @Test
    void aNamedPipeIsReadLikeAFile() throws Exception {
        Path in = noisy("a.wav", 16, 2);
        Path ref = tmp.resolve("ref.wav");
        assertThat(sonic("denoise", in.toString(), "-o", ref.toString(), "--model", "wiener", "--quiet").code()).isZero();
        Path fifo = tmp.resolve("fifo.wav");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Thread writer = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(Files.readAllBytes(in));
            } catch (IOException ignored) {
                // the assertion on the output shows the failure
            }
        });
        writer.start();
        Path out = tmp.resolve("out.wav");
        SonicCliTest.Run r = sonic("denoise", fifo.toString(), "-o", out.toString(), "--model", "wiener", "--quiet");
        writer.join(60_000);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(ref));
    }

    @Test
    void outputFormatFollowsTheNameOrFormatAndKeepsTheInputDepth() throws IOException {
        Path in24 = noisy("a24.wav", 24, 2);
        Path in16 = noisy("a16.wav", 16, 1);
        String[][] cases = {
            // input, output name, --format or "", expected codec, expected bits
            {in24.toString(), "o1.wav", "", "pcm_s24le", "24"},
            {in24.toString(), "o2.flac", "", "flac", "24"},
            {in16.toString(), "o3.flac", "", "flac", "16"},
            {in16.toString(), "o4.wav", "wav32f", "pcm_f32le", "32"},
            {in24.toString(), "o5.wav", "wav16", "pcm_s16le", "16"},
            {in24.toString(), "o6.out", "flac16", "flac", "16"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("denoise", c[0], "-o", tmp.resolve(c[1]).toString(), "--model", "wiener",
                    "--quiet"));
            if (!c[2].isEmpty()) {
                args.addAll(List.of("--format", c[2]));
            }
            SonicCliTest.Run r = sonic(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            AudioData a = AudioReader.read(tmp.resolve(c[1]));
            assertThat(a.codec()).as(c[1]).isEqualTo(c[3]);
            assertThat(a.bitsPerSample()).as(c[1]).isEqualTo(Integer.parseInt(c[4]));
            assertThat(a.frames()).isEqualTo(16000);
        }
        // FLAC and WAV outputs of the same depth hold the same samples
        assertThat(AudioReader.read(tmp.resolve("o2.flac")).channels()[1])
                .containsExactly(AudioReader.read(tmp.resolve("o1.wav")).channels()[1]);
        // a folder with --format flac gets .flac names
        SonicCliTest.Run r = sonic("denoise", in16.toString(), in24.toString(), "-o", tmp.resolve("dir") + "/", "--format", "flac",
                "--model", "wiener", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(AudioReader.read(tmp.resolve("dir/a24.flac")).bitsPerSample()).isEqualTo(24);
        assertThat(AudioReader.read(tmp.resolve("dir/a16.flac")).bitsPerSample()).isEqualTo(16);
        // FLAC in place stays FLAC
        SonicCliTest.Run inPlace = sonic("denoise", tmp.resolve("dir/a24.flac").toString(), "--in-place", "--model", "wiener",
                "--quiet");
        assertThat(inPlace.code()).as(inPlace.err()).isZero();
        assertThat(AudioReader.read(tmp.resolve("dir/a24.flac")).codec()).isEqualTo("flac");
        SonicCliTest.Run bad = sonic("denoise", in16.toString(), "-o", tmp.resolve("x.wav").toString(), "--format", "ogg");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--format").contains("flac24");
    }
}
