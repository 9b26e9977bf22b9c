package dev.sonicsaviors.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our FLAC encoder: what jflac (and the reference flac tool, where installed) decodes equals the WAV writer's samples. */
class FlacStreamWriterTest {
    @TempDir
    Path tmp;

    /** Awkward test audio: a chirp, white noise, silence, a constant run and full-scale clipping, seeded. */
    static float[][] signal(int channels, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[channels][n];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                int part = (int) ((long) i * 5 / Math.max(1, n));
                double t = i / 16000.0;
                x[c][i] = (float) switch (part) {
                    case 0 -> 0.6 * Math.sin(2 * Math.PI * (200 + 3000 * t) * t + c);
                    case 1 -> 0.3 * r.nextGaussian();
                    case 2 -> 0;
                    case 3 -> 0.25;
                    default -> 1.7 * Math.sin(2 * Math.PI * 440 * t) + 0.001 * r.nextGaussian();
                };
            }
        }
        return x;
    }

    @Test
    void decodesToTheSamplesTheWavWriterWrites() throws Exception {
        int[] lengths = {1, 15, 16, 4095, 4096, 4097, 3 * 4096 + 77, 40000};
        boolean flacTool = new ProcessBuilder("sh", "-c", "command -v flac").start().waitFor() == 0;
        for (int bits : new int[] {16, 24}) {
            for (int channels : new int[] {1, 2, 3}) {
                for (int n : lengths) {
                    float[][] x = signal(channels, n, 31L * n + bits + channels);
                    String what = bits + "-bit, " + channels + " ch, " + n + " frames";
                    Path flac = tmp.resolve("x" + bits + "_" + channels + "_" + n + ".flac");
                    Path wav = tmp.resolve("x.wav");
                    try (FlacStreamWriter w = FlacStreamWriter.create(flac, channels, 16000, bits)) {
                        w.write(x, 0, n / 2); // two calls, split anywhere
                        w.write(x, n / 2, n - n / 2);
                        assertThat(w.frames()).isEqualTo(n);
                        w.commit();
                    }
                    WavWriter.write(wav, x, 16000, bits);
                    AudioData a = AudioReader.read(flac);
                    AudioData ref = AudioReader.read(wav);
                    assertThat(a.codec()).isEqualTo("flac");
                    assertThat(a.bitsPerSample()).as(what).isEqualTo(bits);
                    assertThat(a.sampleRate()).isEqualTo(16000);
                    assertThat(a.frames()).as(what).isEqualTo(n);
                    for (int c = 0; c < channels; c++) {
                        assertThat(a.channels()[c]).as(what + " channel " + c).containsExactly(ref.channels()[c]);
                    }
                    try (AudioSource s = AudioReader.open(flac)) {
                        assertThat(s).isInstanceOf(FlacSource.class);
                        assertThat(s.readChannel(0, 0, n)).as(what).containsExactly(ref.channels()[0]);
                    }
                    if (flacTool) {
                        Process p = new ProcessBuilder("flac", "-t", "-s", flac.toString()).redirectErrorStream(true).start();
                        String log = new String(p.getInputStream().readAllBytes());
                        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                        assertThat(p.exitValue()).as(what + ": flac -t says " + log).isZero();
                    }
                }
            }
        }
        // compression is real: speech-like audio takes well under the 16-bit WAV's size
        Path big = tmp.resolve("x16_1_40000.flac");
        assertThat(Files.size(big)).isLessThan(44 + 2 * 40000);
    }

    @Test
    void withoutACommitNothingIsLeftAndNaNIsRefused() throws IOException {
        Path f = tmp.resolve("a.flac");
        try (FlacStreamWriter w = FlacStreamWriter.create(f, 1, 8000, 16)) {
            w.write(new float[][] {new float[5000]}, 0, 5000);
            assertThatThrownBy(() -> w.write(new float[][] {{0f, Float.NaN}}, 0, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).isEmpty();
        }
    }
}
