package dev.sonicsaviors.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    @TempDir Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    static Path resource(String name) {
        return Path.of("src/test/resources/audio", name);
    }

    /** Asserts the call fails with a one-line AudioFormatException naming the file and mentioning {@code what}. */
    private static AbstractThrowableAssert<?, ? extends Throwable> fails(Path p, String what) {
        return assertThatThrownBy(() -> AudioReader.read(p))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(p + ": ")
                .hasMessageContaining(what)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n");
                    assertThat(((AudioFormatException) e).file()).isEqualTo(p);
                });
    }

    @Test
    void librosaFixtureDecodesBitIdenticallyToItsNpy() throws IOException {
        AudioData a = AudioReader.read(resource("librosa_sines.wav"));
        assertThat(a.sampleRate()).isEqualTo(22050);
        assertThat(a.channelCount()).isEqualTo(1);
        assertThat(a.bitsPerSample()).isEqualTo(16);
        assertThat(a.codec()).isEqualTo("pcm_s16le");
        float[] x = a.toMono();
        assertThat(x).hasSize(55296);
        // values from numpy: np.load("a_sines/signal.npy")[i]
        int[] idx = {0, 1, 2, 3, 100, 1000, 12345, 55295};
        float[] expected = {0.0f, 0.15728759765625f, 0.248443603515625f, 0.252166748046875f,
                -0.09149169921875f, -0.09844970703125f, 0.353424072265625f, 0.404296875f};
        for (int i = 0; i < idx.length; i++) {
            assertThat(Float.compare(x[idx[i]], expected[i])).as("sample %d", idx[i]).isZero();
        }
        double sum = 0;
        float max = -2;
        float min = 2;
        for (float v : x) {
            sum += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertThat(sum).isEqualTo(7.33282470703125); // np.sum(a.astype(np.float64))
        assertThat(max).isEqualTo(0.625396728515625f);
        assertThat(min).isEqualTo(-0.625396728515625f);
        assertThat(a.durationSeconds()).isCloseTo(55296 / 22050.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void pcm8IsUnsigned() throws IOException {
        Path p = file("u8.wav", new WavBytes().fmt(1, 1, 8000, 8).chunk("data", new byte[] {0, (byte) 128, (byte) 255}).build());
        AudioData a = AudioReader.read(p);
        assertThat(a.channels()[0]).containsExactly(-1.0f, 0.0f, 127 / 128.0f);
        assertThat(a.codec()).isEqualTo("pcm_u8");
        assertThat(a.bitsPerSample()).isEqualTo(8);
    }

    @Test
    void pcm16StereoInterleavingAndScale() throws IOException {
        Path p = file("s16.wav", new WavBytes().fmt(1, 2, 44100, 16)
                .chunk("data", WavBytes.shorts(-32768, 32767, 16384, -1)).build());
        AudioData a = WavReader.read(p);
        assertThat(a.channels()[0]).containsExactly(-1.0f, 0.5f);
        assertThat(a.channels()[1]).containsExactly(32767 / 32768.0f, -1 / 32768.0f);
        assertThat(a.toMono()).containsExactly((-1.0f + 32767 / 32768.0f) / 2, (0.5f - 1 / 32768.0f) / 2);
    }

    @Test
    void pcm24AndPcm32() throws IOException {
        Path p24 = file("s24.wav", new WavBytes().fmt(1, 1, 48000, 24)
                .chunk("data", WavBytes.int24(-8388608, 8388607, 1, 4194304)).build());
        assertThat(AudioReader.read(p24).channels()[0])
                .containsExactly(-1.0f, 8388607 / 8388608.0f, 1 / 8388608.0f, 0.5f);
        Path p32 = file("s32.wav", new WavBytes().fmt(1, 1, 48000, 32)
                .chunk("data", WavBytes.ints(Integer.MIN_VALUE, 1 << 30, -(1 << 29))).build());
        AudioData a = AudioReader.read(p32);
        assertThat(a.channels()[0]).containsExactly(-1.0f, 0.5f, -0.25f);
        assertThat(a.codec()).isEqualTo("pcm_s32le");
    }

    @Test
    void float32AndFloat64() throws IOException {
        Path f32 = file("f32.wav", new WavBytes().fmt(3, 1, 16000, 32)
                .chunk("fact", WavBytes.le32(3)).chunk("data", WavBytes.floats(0.25f, -0.75f, 1.5f)).build());
        AudioData a = AudioReader.read(f32);
        assertThat(a.channels()[0]).containsExactly(0.25f, -0.75f, 1.5f);
        assertThat(a.codec()).isEqualTo("pcm_f32le");
        Path f64 = file("f64.wav", new WavBytes().fmt(3, 2, 16000, 64)
                .chunk("data", WavBytes.doubles(0.1, -0.2, 0.3, -0.4)).build());
        AudioData b = AudioReader.read(f64);
        assertThat(b.channels()[0]).containsExactly(0.1f, 0.3f);
        assertThat(b.channels()[1]).containsExactly(-0.2f, -0.4f);
        assertThat(b.bitsPerSample()).isEqualTo(64);
    }

    @Test
    void extensiblePcmAndFloat() throws IOException {
        Path p = file("ext24.wav", new WavBytes().fmtExtensible(1, 2, 96000, 24, 24)
                .chunk("data", WavBytes.int24(4194304, -4194304, 0, 8388607)).build());
        AudioData a = AudioReader.read(p);
        assertThat(a.sampleRate()).isEqualTo(96000);
        assertThat(a.channels()[0]).containsExactly(0.5f, 0.0f);
        assertThat(a.channels()[1]).containsExactly(-0.5f, 8388607 / 8388608.0f);
        // 20 valid bits in a 24-bit container: scaled by the container, depth reported as 20
        Path p20 = file("ext20.wav", new WavBytes().fmtExtensible(1, 1, 48000, 24, 20)
                .chunk("data", WavBytes.int24(4194304)).build());
        assertThat(AudioReader.read(p20).bitsPerSample()).isEqualTo(20);
        Path pf = file("extf.wav", new WavBytes().fmtExtensible(3, 1, 48000, 32, 32)
                .chunk("data", WavBytes.floats(-0.125f)).build());
        assertThat(AudioReader.read(pf).channels()[0]).containsExactly(-0.125f);
    }

    @Test
    void manyChannels() throws IOException {
        int[] v = new int[6 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 1000;
        }
        Path p = file("6ch.wav", new WavBytes().fmtExtensible(1, 6, 48000, 16, 16).chunk("data", WavBytes.shorts(v)).build());
        AudioData a = AudioReader.read(p);
        assertThat(a.channelCount()).isEqualTo(6);
        assertThat(a.frames()).isEqualTo(2);
        assertThat(a.channels()[5][1]).isEqualTo(11000 / 32768.0f);
    }

    @Test
    void anyChunkOrderAndOddPadding() throws IOException {
        byte[] list = "LIST-odd".substring(0, 7).getBytes(StandardCharsets.ISO_8859_1); // 7 bytes: padded
        Path p = file("order.wav", new WavBytes()
                .chunk("LIST", list)
                .chunk("data", WavBytes.shorts(100, -100))
                .chunk("junk", new byte[3])
                .fmt(1, 1, 22050, 16)
                .build());
        AudioData a = AudioReader.read(p);
        assertThat(a.channels()[0]).containsExactly(100 / 32768.0f, -100 / 32768.0f);
        // odd-sized 8-bit data followed by its pad byte and a trailing chunk
        Path q = file("odd.wav", new WavBytes().fmt(1, 1, 8000, 8).chunk("data", new byte[] {1, 2, 3})
                .chunk("LIST", new byte[4]).build());
        assertThat(AudioReader.read(q).frames()).isEqualTo(3);
    }

    @Test
    void streamedDataChunkReadsToEndOfFile() throws IOException {
        Path p = file("stream1.wav", new WavBytes().fmt(1, 1, 16000, 16)
                .chunk("data", 0xFFFFFFFFL, WavBytes.shorts(1, 2, 3), false).build());
        assertThat(AudioReader.read(p).frames()).isEqualTo(3);
        // RIFF size 0xFFFFFFFF marks a stream: an oversized data chunk then runs to end of file (partial frame dropped)
        byte[] data = new byte[7];
        Path q = file("stream2.wav", new WavBytes().riffSize(0xFFFFFFFFL).fmt(1, 1, 16000, 16)
                .chunk("data", 1_000_000, data, false).build());
        assertThat(AudioReader.read(q).frames()).isEqualTo(3);
    }

    @Test
    void rf64TakesTheDataSizeFromDs64() throws IOException {
        byte[] body = new WavBytes()
                .chunk("ds64", WavBytes.concat(WavBytes.le64(0), WavBytes.le64(4), WavBytes.le64(2), WavBytes.le32(0)))
                .fmt(1, 1, 16000, 16)
                .chunk("data", 0xFFFFFFFFL, WavBytes.shorts(7, -7, 99), false) // one extra sample beyond ds64's 4 bytes
                .build();
        System.arraycopy("RF64".getBytes(StandardCharsets.ISO_8859_1), 0, body, 0, 4);
        System.arraycopy(WavBytes.le32(0xFFFFFFFFL), 0, body, 4, 4);
        AudioData a = AudioReader.read(file("rf64.wav", body));
        assertThat(a.channels()[0]).containsExactly(7 / 32768f, -7 / 32768f);
    }

    @Test
    void readFromStream() throws IOException {
        Path p = resource("tone440_22k_16bit_mono.wav");
        try (InputStream in = Files.newInputStream(p)) {
            AudioData a = WavReader.read(p, in);
            assertThat(a.frames()).isEqualTo(22050);
        }
    }

    @Test
    void g711DecodesToTheStandardLinearValues() throws IOException {
        Path mu = file("mulaw.wav", new WavBytes().fmt(7, 1, 8000, 8)
                .chunk("data", new byte[] {(byte) 0xFF, 0x00, (byte) 0x80, 0x7F}).build());
        AudioData a = AudioReader.read(mu);
        assertThat(a.codec()).isEqualTo("pcm_mulaw");
        assertThat(a.channels()[0]).containsExactly(0f, -32124 / 32768f, 32124 / 32768f, 0f);
        Path al = file("alaw.wav", new WavBytes().fmt(6, 1, 8000, 8)
                .chunk("data", new byte[] {(byte) 0xD5, 0x55, (byte) 0xAA, 0x2A}).build());
        assertThat(AudioReader.read(al).channels()[0]).containsExactly(8 / 32768f, -8 / 32768f, 32256 / 32768f,
                -32256 / 32768f);
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    @Test
    void emptyFile() throws IOException {
        fails(file("empty.wav", new byte[0]), "empty file");
        Path p = file("empty2.wav", new byte[0]);
        assertThatThrownBy(() -> WavReader.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessage(p + ": empty file");
    }

    @Test
    void truncatedHeader() throws IOException {
        fails(file("t1.wav", "RIFF\0\0".getBytes(StandardCharsets.ISO_8859_1)), "truncated header");
        byte[] full = new WavBytes().fmt(1, 1, 16000, 16).chunk("data", WavBytes.shorts(1, 2)).build();
        fails(file("t2.wav", java.util.Arrays.copyOf(full, 30)), "truncated header");
        fails(file("t3.wav", java.util.Arrays.copyOf(full, 12)), "truncated header");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] full = new WavBytes().fmt(1, 1, 16000, 16).chunk("data", WavBytes.shorts(1, 2, 3, 4)).build();
        fails(file("td.wav", java.util.Arrays.copyOf(full, full.length - 3)), "truncated data");
        fails(file("nodata.wav", new WavBytes().fmt(1, 1, 16000, 16).build()), "no 'data' chunk");
    }

    @Test
    void notAudio() throws IOException {
        fails(file("notes.wav", "hello, this is text\n".getBytes(StandardCharsets.UTF_8)), "not an audio file")
                .hasMessageContaining("text");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        fails(file("image.mp3", png), "not an audio file").hasMessageContaining("PNG");
        fails(file("avi.wav", "RIFF\0\0\0\0AVI LIST".getBytes(StandardCharsets.ISO_8859_1)), "not a WAV file");
    }

    @Test
    void unsupportedCodec() throws IOException {
        fails(file("adpcm.wav", new WavBytes().fmt(2, 1, 22050, 4).chunk("data", new byte[64]).build()),
                "unsupported codec").hasMessageContaining("0x0002").hasMessageContaining("ADPCM");
        fails(file("pcm12.wav", new WavBytes().fmt(3, 1, 22050, 16).chunk("data", new byte[4]).build()),
                "unsupported codec");
        byte[] ext = new WavBytes().fmtExtensible(1, 1, 22050, 16, 16).chunk("data", new byte[4]).build();
        ext[12 + 8 + 24 + 15] = 0x12; // corrupt the GUID tail
        fails(file("guid.wav", ext), "sub-format GUID");
    }

    @Test
    void zeroChannels() throws IOException {
        fails(file("zero.wav", new WavBytes().chunk("fmt ", WavBytes.fmtBody(1, 0, 16000, 16, 16))
                .chunk("data", new byte[4]).build()), "zero channels");
    }

    @Test
    void absurdSampleRate() throws IOException {
        fails(file("r500.wav", new WavBytes().fmt(1, 1, 500, 16).chunk("data", new byte[4]).build()),
                "absurd sample rate 500 Hz");
        fails(file("r1m.wav", new WavBytes().fmt(1, 1, 1_000_000, 16).chunk("data", new byte[4]).build()),
                "absurd sample rate 1000000 Hz");
        assertThat(AudioReader.read(file("r768k.wav",
                new WavBytes().fmt(1, 1, 768_000, 16).chunk("data", new byte[4]).build())).sampleRate()).isEqualTo(768_000);
    }

    @Test
    void nonFiniteFloats() throws IOException {
        fails(file("nan.wav", new WavBytes().fmt(3, 1, 16000, 32).chunk("data", WavBytes.floats(0f, Float.NaN)).build()),
                "non-finite float sample (NaN) at frame 1");
        fails(file("inf.wav", new WavBytes().fmt(3, 2, 16000, 64)
                .chunk("data", WavBytes.doubles(0, 0, 0, Double.NEGATIVE_INFINITY)).build()),
                "non-finite float sample (infinity) at frame 1, channel 1");
    }

    @Test
    void exceptionAccessors() {
        AudioFormatException e = new AudioFormatException(Path.of("a.wav"), "bad\nthing");
        assertThat(e.getMessage()).isEqualTo("a.wav: bad thing");
        assertThat(e.problem()).isEqualTo("bad thing");
        assertThat(e.file()).isEqualTo(Path.of("a.wav"));
    }
}
