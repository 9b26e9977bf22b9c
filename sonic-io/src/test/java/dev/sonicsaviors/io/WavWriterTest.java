package dev.sonicsaviors.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {
    @TempDir Path dir;

    private static float[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    @Test
    void roundTrip16Mono() throws IOException {
        float[] x = noise(1001, 1);
        Path p = dir.resolve("m16.wav");
        WavWriter.write(p, x, 22050);
        AudioData a = AudioReader.read(p);
        assertThat(a.sampleRate()).isEqualTo(22050);
        assertThat(a.channelCount()).isEqualTo(1);
        assertThat(a.bitsPerSample()).isEqualTo(16);
        assertThat(Files.size(p)).isEqualTo(44 + 2 * 1001);
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(a.channels()[0][i] - x[i])).isLessThanOrEqualTo(0.5f / 32768 + 1e-7f);
        }
        // writing decoded 16-bit audio again is lossless
        Path q = dir.resolve("again.wav");
        WavWriter.write(q, a.channels()[0], 22050);
        assertThat(AudioReader.read(q).channels()[0]).containsExactly(a.channels()[0]);
    }

    @Test
    void roundTrip24And32fStereo() throws IOException {
        float[][] x = {noise(500, 2), noise(500, 3)};
        Path p24 = dir.resolve("s24.wav");
        WavWriter.write(p24, x, 48000, 24);
        AudioData a = AudioReader.read(p24);
        assertThat(a.codec()).isEqualTo("pcm_s24le");
        assertThat(a.channelCount()).isEqualTo(2);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 500; i++) {
                assertThat(Math.abs(a.channels()[c][i] - x[c][i])).isLessThanOrEqualTo(0.5f / 8388608 + 1e-7f);
            }
        }
        Path p32 = dir.resolve("f32.wav");
        WavWriter.write(p32, x, 44100, 32);
        AudioData b = AudioReader.read(p32);
        assertThat(b.codec()).isEqualTo("pcm_f32le");
        assertThat(b.channels()[0]).containsExactly(x[0]);
        assertThat(b.channels()[1]).containsExactly(x[1]);
    }

    @Test
    void roundTrip16Stereo() throws IOException {
        float[][] x = {{0.5f, -0.25f, 1.0f}, {-1.0f, 0f, 0.125f}};
        Path p = dir.resolve("s16.wav");
        WavWriter.write(p, x, 8000, 16);
        AudioData a = AudioReader.read(p);
        assertThat(a.channels()[0]).containsExactly(0.5f, -0.25f, 32767 / 32768f);
        assertThat(a.channels()[1]).containsExactly(-1.0f, 0f, 0.125f);
    }

    @Test
    void clipsAndRoundsRatherThanTruncates() throws IOException {
        float[] x = {1.6f / 32768, -1.6f / 32768, 1.4f / 32768, 3.0f, -3.0f, Float.POSITIVE_INFINITY};
        Path p = dir.resolve("clip.wav");
        WavWriter.write(p, x, 16000);
        assertThat(AudioReader.read(p).channels()[0])
                .containsExactly(2 / 32768f, -2 / 32768f, 1 / 32768f, 32767 / 32768f, -1f, 32767 / 32768f);
        Path f = dir.resolve("clipf.wav");
        WavWriter.write(f, new float[][] {{1.5f, -2f}}, 16000, 32);
        assertThat(AudioReader.read(f).channels()[0]).containsExactly(1f, -1f);
    }

    @Test
    void rejectsBadArguments() {
        Path p = dir.resolve("bad.wav");
        assertThatThrownBy(() -> WavWriter.write(p, new float[][] {{0f}}, 16000, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WavWriter.write(p, new float[][] {{0f}, {0f, 1f}}, 16000, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WavWriter.write(p, new float[] {Float.NaN}, 16000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WavWriter.write(p, new float[] {0f}, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(p).doesNotExist();
    }

    @Test
    void writesAtomicallyAndLeavesNoTempFiles() throws IOException {
        Path p = dir.resolve("sub/dir/out.wav");
        WavWriter.write(p, new float[100], 16000);
        WavWriter.write(p, new float[10], 16000); // replaces the existing file
        assertThat(AudioReader.read(p).frames()).isEqualTo(10);
        try (Stream<Path> s = Files.list(p.getParent())) {
            assertThat(s).containsExactly(p);
        }
    }

    @Test
    void atomicFilesFailureKeepsTargetAndDeletesTemp() throws IOException {
        Path p = dir.resolve("keep.txt");
        AtomicFiles.write(p, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> AtomicFiles.write(p, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThatThrownBy(() -> AtomicFiles.write(p, out -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(p)).isEqualTo("old");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).containsExactly(p);
        }
        AtomicFiles.write(p, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            out.close(); // a body closing the stream is harmless
        });
        assertThat(Files.readString(p)).isEqualTo("new");
    }
}
