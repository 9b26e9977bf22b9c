package dev.sonicsaviors.io;

import static dev.sonicsaviors.io.WavReaderTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Mp3SourceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tone440_44k_mono.mp3", "tone_44k_stereo.mp3", "tone_22k_stereo_mpeg2.mp3", "tone_8k_mono_mpeg25.mp3"})
    void streamedSamplesEqualTheWholeDecode(String name) throws IOException {
        AudioData whole = Mp3Reader.read(resource(name));
        float[][] expected = whole.channels();
        int n = expected[0].length;
        try (AudioSource s = AudioReader.open(resource(name))) {
            assertThat(s).isInstanceOf(Mp3Source.class);
            assertThat(s.frames()).as("length from the header scan").isEqualTo(n);
            assertThat(s.channelCount()).isEqualTo(whole.channelCount());
            assertThat(s.sampleRate()).isEqualTo(whole.sampleRate());
            assertThat(s.codec()).isEqualTo(whole.codec());
            int len = Math.max(1, n / 5);
            int step = Math.max(1, n / 7);
            for (long a = -len / 2; a < n; a += step) { // forward, overlapping, past both ends
                float[][] got = new float[expected.length][len];
                s.read(a, got, 0, len);
                for (int c = 0; c < expected.length; c++) {
                    for (int i = 0; i < len; i++) {
                        long f = a + i;
                        assertThat(got[c][i]).as("%s channel %d frame %d", name, c, f)
                                .isEqualTo(f < 0 || f >= n ? 0f : expected[c][(int) f]);
                    }
                }
            }
            // backwards: decodes again from the start
            assertThat(s.readChannel(0, 100, 50)).containsExactly(Arrays.copyOfRange(expected[0], 100, 150));
        }
    }

    @Test
    void aTruncatedFileIsAnErrorForBothReadersWithTheSameMessage() throws IOException {
        byte[] b = Files.readAllBytes(resource("tone_44k_stereo.mp3"));
        Path p = dir.resolve("cut.mp3");
        Files.write(p, Arrays.copyOf(b, b.length / 2));
        String msg = p + ": truncated data (frame 20 at byte 8358 needs 418 bytes, the file ends at byte 8567)";
        assertThatThrownBy(() -> AudioReader.open(p).close()).isInstanceOf(AudioFormatException.class).hasMessage(msg);
        assertThatThrownBy(() -> AudioReader.read(p)).isInstanceOf(AudioFormatException.class).hasMessage(msg);
    }

    @Test
    void garbageAfterTheFirstFrameIsCorruptForBothReaders() throws IOException {
        byte[] b = Files.readAllBytes(resource("mp3-align/cbr_44k_stereo_notag.mp3"));
        int frame = 417; // 128 kbit/s at 44.1 kHz, no padding in the first frame
        for (int i = frame; i < b.length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        Path p = dir.resolve("garbage.mp3");
        Files.write(p, b);
        String msg = p + ": corrupt data (" + (b.length - frame) + " bytes after frame 0, from byte 417, are not MPEG audio"
                + " of the same stream)";
        assertThatThrownBy(() -> AudioReader.open(p).close()).isInstanceOf(AudioFormatException.class).hasMessage(msg);
        assertThatThrownBy(() -> AudioReader.read(p)).isInstanceOf(AudioFormatException.class).hasMessage(msg);
    }

    @Test
    void trailingTagsAreNotDamage() throws IOException {
        byte[] b = Files.readAllBytes(resource("mp3-align/cbr_44k_stereo_tag.mp3"));
        byte[] id3v1 = new byte[128];
        id3v1[0] = 'T';
        id3v1[1] = 'A';
        id3v1[2] = 'G';
        byte[] withTag = Arrays.copyOf(b, b.length + 128);
        System.arraycopy(id3v1, 0, withTag, b.length, 128);
        Path p = dir.resolve("tagged.mp3");
        Files.write(p, withTag);
        assertThat(AudioReader.read(p).channels()[0]).containsExactly(AudioReader.read(resource("mp3-align/cbr_44k_stereo_tag.mp3")).channels()[0]);
    }

    @Test
    void notAnMp3IsTheSameErrorAsTheWholeFileReader() throws IOException {
        Path p = dir.resolve("noise.mp3");
        byte[] b = new byte[4000];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xFB;
        Files.write(p, b);
        assertThatThrownBy(() -> AudioReader.open(p).close())
                .isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(p + ": ");
    }
}
