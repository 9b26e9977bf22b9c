package dev.sonicsaviors.io;

import static dev.sonicsaviors.io.WavReaderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlacSourceTest {
    @TempDir
    Path dir;

    private static final String FILE = "tone_44k_16bit_stereo_3s.flac";

    @Test
    void opensFlacAsAStreamingSourceWithTheHeaderFacts() throws IOException {
        try (AudioSource s = AudioReader.open(resource(FILE))) {
            assertThat(s).isInstanceOf(FlacSource.class);
            assertThat(s.channelCount()).isEqualTo(2);
            assertThat(s.sampleRate()).isEqualTo(44100);
            assertThat(s.bitsPerSample()).isEqualTo(16);
            assertThat(s.codec()).isEqualTo("flac");
            assertThat(s.frames()).isEqualTo(145_530);
        }
    }

    @Test
    void forwardOverlappingReadsGiveTheWholeDecodeExactly() throws IOException {
        AudioData whole = FlacReader.read(resource(FILE));
        float[][] expected = whole.channels();
        int n = expected[0].length;
        // like the chunked denoiser: segments of 20,000 frames that start 4,000 frames before the previous one ended
        try (AudioSource s = AudioReader.open(resource(FILE))) {
            for (long a = -3000; a < n + 5000; a += 16_000) {
                float[][] got = new float[2][20_000];
                s.read(a, got, 0, 20_000);
                for (int c = 0; c < 2; c++) {
                    for (int i = 0; i < 20_000; i++) {
                        long f = a + i;
                        float want = f < 0 || f >= n ? 0f : expected[c][(int) f];
                        assertThat(got[c][i]).as("channel %d frame %d", c, f).isEqualTo(want);
                    }
                }
            }
        }
    }

    @Test
    void randomReadsIncludingBackwardsOnesAndSkippedChannels() throws IOException {
        float[][] expected = FlacReader.read(resource(FILE)).channels();
        int n = expected[0].length;
        SplittableRandom r = new SplittableRandom(5);
        try (AudioSource s = AudioReader.open(resource(FILE))) {
            for (int k = 0; k < 40; k++) {
                long a = r.nextLong(-2000, n + 2000);
                int len = r.nextInt(0, 9000);
                float[][] got = {new float[len + 3], k % 3 == 0 ? null : new float[len + 3]};
                s.read(a, got, 3, len);
                for (int c = 0; c < 2; c++) {
                    if (got[c] == null) {
                        continue;
                    }
                    for (int i = 0; i < len; i++) {
                        long f = a + i;
                        assertThat(got[c][3 + i]).isEqualTo(f < 0 || f >= n ? 0f : expected[c][(int) f]);
                    }
                }
            }
            assertThat(s.readChannel(1, 100_000, 5)).containsExactly(java.util.Arrays.copyOfRange(expected[1], 100_000, 100_005));
        }
    }

    @Test
    void aFileWithoutItsLengthInStreamInfoIsDecodedWhole() throws IOException {
        byte[] b = Files.readAllBytes(resource(FILE));
        // STREAMINFO's 36-bit total-samples field ends at byte 25 (its low 4 bits are in byte 21)
        b[21] &= (byte) 0xF0;
        for (int i = 22; i < 26; i++) {
            b[i] = 0;
        }
        Path p = dir.resolve("unknown-length.flac");
        Files.write(p, b);
        float[][] expected = FlacReader.read(resource(FILE)).channels();
        try (AudioSource s = AudioReader.open(p)) {
            assertThat(s).isNotInstanceOf(FlacSource.class);
            assertThat(s.frames()).isEqualTo(expected[0].length);
            assertThat(s.readChannel(0, 0, expected[0].length)).containsExactly(expected[0]);
        }
    }

    @Test
    void aTruncatedFileFailsWhenTheMissingFramesAreRead() throws IOException {
        byte[] b = Files.readAllBytes(resource(FILE));
        Path p = dir.resolve("cut.flac");
        Files.write(p, java.util.Arrays.copyOf(b, b.length / 2));
        try (AudioSource s = AudioReader.open(p)) {
            float[][] head = new float[2][1000];
            s.read(0, head, 0, 1000); // the first frames are there
            float[][] all = new float[2][(int) s.frames()];
            assertThatThrownBy(() -> s.read(0, all, 0, all[0].length))
                    .isInstanceOf(AudioFormatException.class)
                    .hasMessageStartingWith(p + ": ");
        }
    }

    @Test
    void aBrokenHeaderIsTheSameErrorAsTheWholeFileReader() throws IOException {
        byte[] b = Files.readAllBytes(resource(FILE));
        Path p = dir.resolve("header.flac");
        Files.write(p, java.util.Arrays.copyOf(b, 12));
        assertThatThrownBy(() -> AudioReader.open(p).close())
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(p + ": ");
    }

    @Test
    void aFrameWhoseSamplesOverflowTheBitDepthIsCorruptInBothReaders() throws IOException {
        // found by DecoderFuzzTest: a flipped bit makes a 12-bit frame decode to samples outside -2048..2047 (1.49 full scale)
        Path p = Path.of("src/test/resources/dev/sonicsaviors/io/DecoderFuzzTestInputs/flac/found-sample-outside-bit-depth.flac");
        assertThatThrownBy(() -> FlacReader.read(p))
                .isInstanceOf(AudioFormatException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote(p + ": corrupt FLAC stream: sample ") + "\\d+ is outside the 12-bit range");
        try (AudioSource s = AudioReader.open(p)) {
            float[][] all = new float[s.channelCount()][(int) s.frames()];
            assertThatThrownBy(() -> s.read(0, all, 0, all[0].length))
                    .isInstanceOf(AudioFormatException.class)
                    .hasMessageContaining("is outside the 12-bit range");
        }
    }

    @Test
    void aCrcErrorNamesTheSampleWhereItHappenedInBothReaders() throws IOException {
        byte[] b = java.nio.file.Files.readAllBytes(WavReaderTest.resource("tone_44k_16bit_stereo_3s.flac"));
        b[b.length / 2] ^= 0x5A;
        Path p = java.nio.file.Files.write(java.nio.file.Files.createTempDirectory("crc").resolve("crc.flac"), b);
        Throwable whole = org.assertj.core.api.Assertions.catchThrowable(() -> AudioReader.read(p));
        Throwable streamed = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (AudioSource s = AudioReader.open(p)) {
                s.readChannel(0, 0, (int) s.frames());
            }
        });
        assertThat(whole).isInstanceOf(AudioFormatException.class);
        assertThat(streamed).isInstanceOf(AudioFormatException.class).hasMessage(whole.getMessage());
        assertThat(whole.getMessage()).matches(java.util.regex.Pattern.quote(p.toString())
                + ": corrupt FLAC frame at sample [0-9]+: .*").doesNotContain("Exception");
        long at = Long.parseLong(whole.getMessage().replaceAll(".* at sample ([0-9]+):.*", "$1"));
        assertThat(at).isGreaterThan(0).isLessThan(145530 * 3 / 4);
    }
}
