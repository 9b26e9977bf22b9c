package dev.sonicsaviors.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsLibrosaFixture() throws IOException {
        NpyArray a = Npy.read(resource("sines_mfcc_20x109.npy"));
        assertThat(a.shape()).containsExactly(20, 109);
        float[][] m = a.to2d();
        assertThat(m[0][0]).isEqualTo(-190.95555f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(m[0][2]).isEqualTo(-467.9274f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(m[5][7]).isEqualTo(-36.639267f, org.assertj.core.data.Offset.offset(1e-4f));
        double sum = 0;
        for (float v : a.data()) {
            sum += v;
        }
        assertThat(sum).isCloseTo(-44308.403646707535, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void roundTripIsBitExactAndHeaderAligned() throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        float[] data = new float[3 * 148 * 109];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rng.nextGaussian();
        }
        data[5] = Float.NaN;
        data[6] = Float.NEGATIVE_INFINITY;
        data[7] = -0.0f;
        Path f = tmp.resolve("x.npy");
        Npy.write(f, data, 3, 148, 109);
        byte[] bytes = Files.readAllBytes(f);
        int headerLen = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertThat((10 + headerLen) % 64).isZero();
        assertThat(bytes.length).isEqualTo(10 + headerLen + data.length * 4);
        NpyArray back = Npy.read(f);
        assertThat(back.shape()).containsExactly(3, 148, 109);
        for (int i = 0; i < data.length; i++) {
            assertThat(Float.floatToRawIntBits(back.data()[i])).isEqualTo(Float.floatToRawIntBits(data[i]));
        }
        assertThat(back.item2d(2)[147][108]).isEqualTo(data[data.length - 1]);
    }

    @Test
    void oneDimensionalAndEmptyShapes() throws IOException {
        Path f = tmp.resolve("v.npy");
        Npy.write(f, new float[] {1, 2, 3}, 3);
        assertThat(new String(Files.readAllBytes(f), 0, 80, java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("'shape': (3,)");
        assertThat(Npy.read(f).data()).containsExactly(1, 2, 3);
        Path e = tmp.resolve("e.npy");
        Npy.write(e, new float[0], 0, 148, 109);
        assertThat(Npy.read(e).shape()).containsExactly(0, 148, 109);
        assertThat(Npy.readShape(e)).containsExactly(0, 148, 109);
    }

    @Test
    void readsFloat64AndBigEndian() throws IOException {
        double[] d = Npy.readDouble(resource("f8_2x3.npy"));
        assertThat(d).containsExactly(1.5, -2.25, 1e-300, 3.0, Math.PI, 0.0);
        assertThat(Npy.read(resource("f8_2x3.npy")).to2d()[1][1]).isEqualTo((float) Math.PI);
        assertThat(Npy.read(resource("f4_big_endian_3.npy")).data()).containsExactly(1.0f, 2.5f, -3.0f);
    }

    @Test
    void rejectsUnsupportedAndBrokenFiles() throws IOException {
        assertThatThrownBy(() -> Npy.read(resource("i4_2.npy"))).hasMessageContaining("unsupported .npy dtype");
        assertThatThrownBy(() -> Npy.read(resource("fortran_2x2.npy"))).hasMessageContaining("Fortran");
        Path notNpy = tmp.resolve("a.npy");
        Files.writeString(notNpy, "hello world, this is not numpy");
        assertThatThrownBy(() -> Npy.read(notNpy)).hasMessageContaining("bad magic");
        Path good = tmp.resolve("g.npy");
        Npy.write(good, new float[100], 10, 10);
        byte[] all = Files.readAllBytes(good);
        Path truncated = tmp.resolve("t.npy");
        Files.write(truncated, Arrays.copyOf(all, all.length - 8));
        assertThatThrownBy(() -> Npy.read(truncated)).hasMessageContaining("truncated .npy data");
        Path header = tmp.resolve("h.npy");
        Files.write(header, Arrays.copyOf(all, 20));
        assertThatThrownBy(() -> Npy.read(header)).hasMessageContaining("truncated .npy header");
    }

    @Test
    void streamingWriterCommitsOnlyWhenComplete() throws IOException {
        Path f = tmp.resolve("s.npy");
        try (Npy.NpyWriter w = Npy.openWriter(f, 2, 2, 3)) {
            w.write(new float[][] {{1, 2, 3}, {4, 5, 6}});
            w.write(new float[] {7, 8, 9, 10, 11, 12});
        }
        assertThat(Npy.read(f).data()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Path g = tmp.resolve("incomplete.npy");
        assertThatThrownBy(() -> {
            try (Npy.NpyWriter w = Npy.openWriter(g, 2, 3)) {
                w.write(new float[] {1, 2, 3});
            }
        }).hasMessageContaining("file not created");
        assertThat(g).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void numpyLoadsWhatWeWrite() throws Exception {
        Assumptions.assumeTrue(pythonWithNumpy(), "python3 with numpy not available");
        Path f = tmp.resolve("py.npy");
        float[] data = new float[2 * 148 * 109];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f;
        }
        Npy.write(f, data, 2, 148, 109);
        Process p = new ProcessBuilder("python3", "-c",
                "import numpy as np,sys; a=np.load(sys.argv[1]); "
                        + "assert a.shape==(2,148,109) and a.dtype==np.float32 and a.flags['C_CONTIGUOUS']; "
                        + "assert a[1,147,108]==(2*148*109-1)*0.5; print('ok')", f.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes()).trim()).isEqualTo("ok");
    }

    static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
