package dev.sonicsaviors.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WavSource} decodes exactly what {@link WavReader} decodes, for any range of frames, without loading the file. */
class WavSourceTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Random bytes: any bit pattern is a valid PCM, A-law or mu-law sample. */
    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Random finite floats in [-1, 1) as little-endian bytes. */
    private static byte[] randomFloats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return WavBytes.floats(v);
    }

    private static byte[] randomDoubles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return WavBytes.doubles(v);
    }

    private static byte[] rf64(byte[] riff) {
        System.arraycopy("RF64".getBytes(StandardCharsets.ISO_8859_1), 0, riff, 0, 4);
        System.arraycopy(WavBytes.le32(0xFFFFFFFFL), 0, riff, 4, 4);
        return riff;
    }

    /** Files of every supported format; long ones span several of the source's 64 KiB reads. */
    private Map<String, Path> formats() throws IOException {
        Map<String, Path> m = new LinkedHashMap<>();
        int n = 50_001; // frames
        m.put("u8 mono", file("u8.wav", new WavBytes().fmt(1, 1, 8000, 8).chunk("data", randomBytes(n, 1)).build()));
        m.put("s16 stereo", file("s16.wav", new WavBytes().fmt(1, 2, 44100, 16).chunk("data", randomBytes(4 * n, 2)).build()));
        m.put("s24 3ch", file("s24.wav", new WavBytes().fmt(1, 3, 48000, 24).chunk("data", randomBytes(9 * n, 3)).build()));
        m.put("s32 mono", file("s32.wav", new WavBytes().fmt(1, 1, 16000, 32).chunk("data", randomBytes(4 * n, 4)).build()));
        m.put("f32 stereo", file("f32.wav", new WavBytes().fmt(3, 2, 22050, 32).chunk("fact", WavBytes.le32(n))
                .chunk("data", randomFloats(2 * n, 5)).build()));
        m.put("f64 mono", file("f64.wav", new WavBytes().fmt(3, 1, 32000, 64).chunk("data", randomDoubles(n, 6)).build()));
        m.put("extensible s24 stereo 20 valid bits", file("ext24.wav", new WavBytes().fmtExtensible(1, 2, 96000, 24, 20)
                .chunk("data", randomBytes(6 * n, 7)).build()));
        m.put("extensible f32 6ch", file("extf.wav", new WavBytes().fmtExtensible(3, 6, 48000, 32, 32)
                .chunk("data", randomFloats(6 * 1001, 8)).build()));
        m.put("a-law", file("alaw.wav", new WavBytes().fmt(6, 1, 8000, 8).chunk("data", randomBytes(n, 9)).build()));
        m.put("mu-law stereo", file("mulaw.wav", new WavBytes().fmt(7, 2, 8000, 8).chunk("data", randomBytes(2 * n, 10)).build()));
        m.put("chunks after data, odd size", file("order.wav", new WavBytes().chunk("LIST", new byte[7])
                .chunk("data", randomBytes(2 * 777, 11)).chunk("junk", new byte[3]).fmt(1, 1, 22050, 16).build()));
        m.put("streamed data chunk", file("stream.wav", new WavBytes().riffSize(0xFFFFFFFFL).fmt(1, 1, 16000, 16)
                .chunk("data", 1_000_000_000L, randomBytes(2 * 3000 + 1, 12), false).build()));
        m.put("rf64", file("rf64.wav", rf64(new WavBytes()
                .chunk("ds64", WavBytes.concat(WavBytes.le64(0), WavBytes.le64(2 * 4000), WavBytes.le64(4000), WavBytes.le32(0)))
                .fmt(1, 1, 16000, 16).chunk("data", 0xFFFFFFFFL, randomBytes(2 * 4001, 13), false).build())));
        m.put("one frame", file("one.wav", new WavBytes().fmt(1, 2, 8000, 16).chunk("data", randomBytes(4, 14)).build()));
        m.put("no frames", file("none.wav", new WavBytes().fmt(1, 2, 8000, 16).chunk("data", new byte[0]).build()));
        m.put("fixture", WavReaderTest.resource("librosa_sines.wav"));
        return m;
    }

    /** The in-memory decode of the byte image, the reference. */
    private static AudioData reference(Path p) throws IOException {
        return WavReader.read(p, new ByteArrayInputStream(Files.readAllBytes(p)));
    }

    @Test
    void everyFormatReadsExactlyAsWavReaderForAnyRange() throws IOException {
        SplittableRandom r = new SplittableRandom(42);
        for (Map.Entry<String, Path> e : formats().entrySet()) {
            AudioData ref = reference(e.getValue());
            int n = ref.frames();
            int ch = ref.channelCount();
            try (WavSource s = WavSource.open(e.getValue())) {
                assertThat(s.channelCount()).as(e.getKey()).isEqualTo(ch);
                assertThat(s.frames()).as(e.getKey()).isEqualTo(n);
                assertThat(s.sampleRate()).isEqualTo(ref.sampleRate());
                assertThat(s.bitsPerSample()).isEqualTo(ref.bitsPerSample());
                assertThat(s.codec()).isEqualTo(ref.codec());
                assertThat(s.durationSeconds()).isEqualTo(ref.durationSeconds());
                // the whole file at once, and in pieces crossing both ends
                long[][] ranges = {{0, n}, {-5, n + 10}, {-3, 3}, {n - 2, 7}, {n, 4}, {-100, 50}, {n + 5, 5}, {0, 0}};
                for (long[] range : ranges) {
                    check(e.getKey(), s, ref, range[0], (int) range[1]);
                }
                for (int k = 0; k < 20; k++) {
                    long off = r.nextLong(-1000, n + 1000L);
                    int len = r.nextInt(0, Math.max(1, n / 3));
                    check(e.getKey(), s, ref, off, len);
                }
            }
            for (int c = 0; c < ch; c++) {
                same(e.getKey() + " WavReader.read", WavReader.read(e.getValue()).channels()[c], ref.channels()[c]);
                if (n > 0) { // AudioReader refuses a file of 0 samples (see AudioReaderTest)
                    same(e.getKey() + " AudioReader.read", AudioReader.read(e.getValue()).channels()[c], ref.channels()[c]);
                }
            }
        }
    }

    /** Reads {@code [off, off + len)} at a destination offset of 3, one channel skipped, and compares with the reference. */
    private static void check(String what, AudioSource s, AudioData ref, long off, int len) throws IOException {
        int ch = ref.channelCount();
        float[][] dest = new float[ch][len + 5];
        for (float[] d : dest) {
            Arrays.fill(d, 99f);
        }
        if (ch > 1) {
            dest[ch - 1] = null;
        }
        s.read(off, dest, 3, len);
        for (int c = 0; c < ch; c++) {
            float[] expect = new float[len];
            for (int i = 0; i < len; i++) {
                long f = off + i;
                expect[i] = f >= 0 && f < ref.frames() ? ref.channels()[c][(int) f] : 0f;
            }
            if (dest[c] != null) {
                same(String.format("%s channel %d [%d, +%d)", what, c, off, len), Arrays.copyOfRange(dest[c], 3, 3 + len), expect);
                assertThat(dest[c][0]).isEqualTo(99f);
                assertThat(dest[c][len + 4]).isEqualTo(99f);
            }
            same(what + " readChannel " + c, s.readChannel(c, off, len), expect);
        }
    }

    /** Asserts bit-identical arrays (fast for long ones), naming the first difference. */
    static void same(String what, float[] got, float[] expect) {
        assertThat(got.length).as(what).isEqualTo(expect.length);
        int i = Arrays.mismatch(got, expect);
        if (i >= 0) {
            assertThat(got[i]).as("%s at %d", what, i).isEqualTo(expect[i]);
        }
    }

    @Test
    void inMemorySourceAgreesWithTheFileSource() throws IOException {
        Path p = formats().get("s24 3ch");
        AudioData ref = reference(p);
        try (AudioSource mem = AudioSource.of(ref); AudioSource wav = AudioReader.open(p)) {
            assertThat(wav).isInstanceOf(WavSource.class);
            for (long[] range : new long[][] {{0, ref.frames()}, {-7, 20}, {ref.frames() - 5, 30}, {123, 4567}}) {
                check("memory", mem, ref, range[0], (int) range[1]);
            }
        }
        try (AudioSource flac = AudioReader.open(WavReaderTest.resource("tone440_22k_16bit_mono.flac"))) {
            AudioData whole = AudioReader.read(WavReaderTest.resource("tone440_22k_16bit_mono.flac"));
            assertThat(flac).isNotInstanceOf(WavSource.class);
            assertThat(flac.frames()).isEqualTo(whole.frames());
            check("flac", flac, whole, -10, 1000);
        }
    }

    @Test
    void headerErrorsAreWavReadersOneLineErrors() throws IOException {
        byte[] full = new WavBytes().fmt(1, 1, 16000, 16).chunk("data", WavBytes.shorts(1, 2, 3, 4)).build();
        byte[] badGuid = new WavBytes().fmtExtensible(1, 1, 22050, 16, 16).chunk("data", new byte[4]).build();
        badGuid[12 + 8 + 24 + 15] = 0x12;
        Map<String, byte[]> broken = new LinkedHashMap<>();
        broken.put("empty.wav", new byte[0]);
        broken.put("short.wav", "RIFF\0\0".getBytes(StandardCharsets.ISO_8859_1));
        broken.put("t2.wav", Arrays.copyOf(full, 30));
        broken.put("td.wav", Arrays.copyOf(full, full.length - 3));
        broken.put("nodata.wav", new WavBytes().fmt(1, 1, 16000, 16).build());
        broken.put("avi.wav", "RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.ISO_8859_1));
        broken.put("rifx.wav", "RIFX\0\0\0\0WAVE".getBytes(StandardCharsets.ISO_8859_1));
        broken.put("adpcm.wav", new WavBytes().fmt(2, 1, 22050, 4).chunk("data", new byte[64]).build());
        broken.put("guid.wav", badGuid);
        broken.put("zero.wav", new WavBytes().chunk("fmt ", WavBytes.fmtBody(1, 0, 16000, 16, 16)).chunk("data", new byte[4]).build());
        broken.put("r500.wav", new WavBytes().fmt(1, 1, 500, 16).chunk("data", new byte[4]).build());
        broken.put("align.wav", new WavBytes().chunk("fmt ", WavBytes.fmtBody(1, 2, 16000, 16, 16)).build());
        for (Map.Entry<String, byte[]> e : broken.entrySet()) {
            Path p = file(e.getKey(), e.getValue());
            String expected = null;
            try {
                reference(p);
            } catch (AudioFormatException x) {
                expected = x.getMessage();
            }
            assertThat(expected).as(e.getKey()).isNotNull().startsWith(p + ": ").doesNotContain("\n");
            assertThatThrownBy(() -> WavSource.open(p)).as(e.getKey()).isInstanceOf(AudioFormatException.class)
                    .hasMessage(expected);
            assertThatThrownBy(() -> AudioReader.open(p)).isInstanceOf(AudioFormatException.class).hasMessage(expected);
        }
        assertThatThrownBy(() -> WavSource.open(dir)).isInstanceOf(AudioFormatException.class).hasMessageContaining("directory");
    }

    @Test
    void nonFiniteFloatsFailTheReadThatCoversThem() throws IOException {
        float[] v = new float[2 * 40_000];
        v[2 * 30_000 + 1] = Float.NEGATIVE_INFINITY;
        Path p = file("inf.wav", new WavBytes().fmt(3, 2, 16000, 32).chunk("data", WavBytes.floats(v)).build());
        try (WavSource s = WavSource.open(p)) {
            float[][] dest = new float[2][1000];
            s.read(0, dest, 0, 1000); // before the bad sample: fine
            assertThatThrownBy(() -> s.read(29_500, new float[2][1000], 0, 1000))
                    .isInstanceOf(AudioFormatException.class)
                    .hasMessage(p + ": non-finite float sample (infinity) at frame 30000, channel 1");
            // a skipped channel is still checked
            assertThatThrownBy(() -> s.read(29_999, new float[][] {new float[3], null}, 0, 3))
                    .isInstanceOf(AudioFormatException.class).hasMessageContaining("at frame 30000, channel 1");
        }
    }

    @Test
    void badReadArgumentsAreRejected() throws IOException {
        Path p = formats().get("s16 stereo");
        try (WavSource s = WavSource.open(p)) {
            assertThatThrownBy(() -> s.read(0, new float[1][10], 0, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.read(0, new float[2][10], 5, 10)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> s.read(0, new float[2][10], 0, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.readChannel(2, 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
