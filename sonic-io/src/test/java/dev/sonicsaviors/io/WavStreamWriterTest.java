package dev.sonicsaviors.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WavStreamWriter}: the same bytes as a whole-array write, whatever the blocks, and no file unless committed. */
class WavStreamWriterTest {
    @TempDir
    Path dir;

    private static float[][] noise(int channels, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[channels][n];
        for (float[] ch : x) {
            for (int i = 0; i < n; i++) {
                ch[i] = (float) (r.nextDouble() * 2.2 - 1.1); // some beyond [-1, 1]: clipped
            }
        }
        return x;
    }

    /** The expected file, built independently chunk by chunk (float files carry an 18-byte fmt and a fact chunk). */
    private static byte[] expected(float[][] x, int rate, int bits) {
        int ch = x.length;
        int n = x[0].length;
        ByteBuffer data = ByteBuffer.allocate(n * ch * bits / 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            for (float[] c : x) {
                float v = Math.max(-1f, Math.min(1f, c[i]));
                if (bits == 32) {
                    data.putFloat(v);
                } else {
                    long scale = 1L << (bits - 1);
                    long q = Math.max(-scale, Math.min(scale - 1, Math.round(v * (double) scale)));
                    for (int b = 0; b < bits / 8; b++) {
                        data.put((byte) (q >> (8 * b)));
                    }
                }
            }
        }
        WavBytes w = new WavBytes();
        if (bits == 32) {
            w.chunk("fmt ", WavBytes.fmtBody(3, ch, rate, 32, 18)).chunk("fact", WavBytes.le32(n));
        } else {
            w.fmt(1, ch, rate, bits);
        }
        return w.chunk("data", data.array()).build();
    }

    @Test
    void blocksOfAnySizeGiveTheBytesOfAWholeWrite() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        int[][] cases = {{1, 16, 70_001}, {2, 16, 33_333}, {1, 24, 20_001}, {3, 24, 5_000}, {2, 32, 40_000}, {1, 16, 0}, {1, 24, 1}};
        for (int[] c : cases) {
            int ch = c[0];
            int bits = c[1];
            int n = c[2];
            float[][] x = noise(ch, n, n + bits);
            Path streamed = dir.resolve("s" + ch + "-" + bits + "-" + n + ".wav");
            try (WavStreamWriter w = WavStreamWriter.create(streamed, ch, 44100, bits)) {
                for (int at = 0; at < n;) {
                    int len = Math.min(n - at, r.nextInt(0, 20_000));
                    float[][] block = new float[ch][len + 7]; // the block sits at offset 5 of a larger array
                    for (int k = 0; k < ch; k++) {
                        System.arraycopy(x[k], at, block[k], 5, len);
                    }
                    w.write(block, 5, len);
                    at += len;
                    assertThat(w.frames()).isEqualTo(at);
                }
                assertThat(streamed).doesNotExist(); // nothing at the target before the commit
                w.commit();
            }
            Path whole = dir.resolve("w" + ch + "-" + bits + "-" + n + ".wav");
            WavWriter.write(whole, x, 44100, bits);
            byte[] expect = expected(x, 44100, bits);
            assertThat(Arrays.equals(Files.readAllBytes(streamed), expect)).as("streamed %d ch %d bits", ch, bits).isTrue();
            assertThat(Arrays.equals(Files.readAllBytes(whole), expect)).as("whole %d ch %d bits", ch, bits).isTrue();
            try (WavSource s = WavSource.open(streamed)) {
                assertThat(s.frames()).isEqualTo(n);
                assertThat(s.channelCount()).isEqualTo(ch);
                if (bits == 32 && n > 0) {
                    assertThat(s.readChannel(0, 0, n)[0]).isEqualTo(Math.max(-1f, Math.min(1f, x[0][0])));
                }
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void aFailureLeavesNoFileAndKeepsAnExistingTarget() throws IOException {
        Path fresh = dir.resolve("sub/new.wav");
        float[][] x = noise(2, 10_000, 1);
        assertThatThrownBy(() -> {
            try (WavStreamWriter w = WavStreamWriter.create(fresh, 2, 16000, 16)) {
                w.write(x, 0, 10_000);
                throw new IOException("the model failed");
            }
        }).hasMessage("the model failed");
        assertThat(fresh).doesNotExist();
        try (Stream<Path> s = Files.list(fresh.getParent())) {
            assertThat(s).isEmpty();
        }

        Path old = dir.resolve("old.wav");
        WavWriter.write(old, new float[] {0.5f, -0.5f}, 8000);
        byte[] before = Files.readAllBytes(old);
        float[][] bad = noise(1, 100, 2);
        bad[0][57] = Float.NaN;
        try (WavStreamWriter w = WavStreamWriter.create(old, 1, 8000, 16)) {
            w.write(noise(1, 1000, 3), 0, 1000);
            assertThatThrownBy(() -> w.write(bad, 0, 100)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NaN sample at index 1057");
        }
        assertThat(Files.readAllBytes(old)).isEqualTo(before);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void misuseAndLimits() throws IOException {
        Path p = dir.resolve("m.wav");
        assertThatThrownBy(() -> WavStreamWriter.create(p, 0, 16000, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WavStreamWriter.create(p, 1, 500, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WavStreamWriter.create(p, 1, 16000, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(p).doesNotExist();
        try (WavStreamWriter w = WavStreamWriter.create(p, 2, 16000, 16)) {
            assertThatThrownBy(() -> w.write(new float[1][4], 0, 4)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.write(new float[2][4], 2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
            w.write(new float[2][4], 0, 4);
            w.commit();
            assertThatThrownBy(() -> w.write(new float[2][4], 0, 4)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(AudioReader.read(p).frames()).isEqualTo(4);
        assertThatThrownBy(() -> WavStreamWriter.riffLength(p, 1L << 30, 2, 16)).isInstanceOf(IOException.class)
                .hasMessage(p + ": audio too long for a WAV file (4294967296 data bytes)");
    }
}
