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

class CompressedReadersTest {
    @TempDir Path dir;

    /** Amplitude of the sinusoid at {@code freq} Hz in {@code x[from..to)} by projection onto sin and cos. */
    static double amplitude(float[] x, int from, int to, double freq, int rate) {
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * freq * i / rate;
            re += x[i] * Math.cos(w);
            im += x[i] * Math.sin(w);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    @Test
    void flac16IsBitExactAgainstTheWav() throws IOException {
        AudioData wav = AudioReader.read(resource("tone440_22k_16bit_mono.wav"));
        AudioData flac = AudioReader.read(resource("tone440_22k_16bit_mono.flac"));
        assertThat(flac.codec()).isEqualTo("flac");
        assertThat(flac.sampleRate()).isEqualTo(22050);
        assertThat(flac.bitsPerSample()).isEqualTo(16);
        assertThat(flac.channelCount()).isEqualTo(1);
        assertThat(flac.channels()[0]).containsExactly(wav.channels()[0]);
        assertThat(FlacReader.read(resource("tone440_22k_16bit_mono.flac")).frames()).isEqualTo(22050);
    }

    @Test
    void flac24Stereo() throws IOException {
        AudioData a = AudioReader.read(resource("tone_22k_24bit_stereo.flac"));
        assertThat(a.bitsPerSample()).isEqualTo(24);
        assertThat(a.channelCount()).isEqualTo(2);
        assertThat(a.sampleRate()).isEqualTo(22050);
        assertThat(a.frames()).isEqualTo(22050);
        double[] amp = {0.5, 0.25};
        double[] freq = {440, 660};
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 22050; i++) {
                double q = a.channels()[c][i] * 8388608.0;
                assertThat(q).isEqualTo(Math.rint(q)); // integer 24-bit sample
                double expected = Math.rint(amp[c] * 8388607 * Math.sin(2 * Math.PI * freq[c] * i / 22050));
                assertThat(Math.abs(q - expected)).as("channel %d sample %d", c, i).isLessThanOrEqualTo(1.0);
            }
        }
    }

    @Test
    void sniffsContentNotExtension() throws IOException {
        Path p = dir.resolve("really_flac.wav");
        Files.copy(resource("tone440_22k_16bit_mono.flac"), p);
        assertThat(AudioReader.read(p).codec()).isEqualTo("flac");
        Path q = dir.resolve("really_mp3.flac");
        Files.copy(resource("tone440_44k_mono.mp3"), q);
        assertThat(AudioReader.read(q).codec()).isEqualTo("mp3");
    }

    @Test
    void truncatedFlacIsAnError() throws IOException {
        byte[] b = Files.readAllBytes(resource("tone440_22k_16bit_mono.flac"));
        Path p = dir.resolve("cut.flac");
        Files.write(p, Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> AudioReader.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(p + ": ").hasMessageContaining("truncated"); // half way through its padding block
        Path h = dir.resolve("header.flac");
        Files.write(h, Arrays.copyOf(b, 20));
        assertThatThrownBy(() -> AudioReader.read(h)).isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(h + ": ").hasMessageContaining("truncated header");
    }

    @Test
    void mp3MonoToneDecodes() throws IOException {
        AudioData a = AudioReader.read(resource("tone440_44k_mono.mp3"));
        assertThat(a.codec()).isEqualTo("mp3");
        assertThat(a.sampleRate()).isEqualTo(44100);
        assertThat(a.channelCount()).isEqualTo(1);
        // 44,100 samples plus the encoder delay and padding to whole 1,152-sample frames
        assertThat(a.frames()).isBetween(44100, 44100 + 3 * 1152);
        float[] x = a.channels()[0];
        assertThat(amplitude(x, 4000, 40000, 440, 44100)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.04));
        assertThat(amplitude(x, 4000, 40000, 500, 44100)).isLessThan(0.01);
        assertThat(rms(x, 4000, 40000)).isCloseTo(0.5 / Math.sqrt(2), org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void mp3StereoKeepsChannelsApart() throws IOException {
        AudioData a = Mp3Reader.read(resource("tone_44k_stereo.mp3"));
        assertThat(a.channelCount()).isEqualTo(2);
        assertThat(a.sampleRate()).isEqualTo(44100);
        assertThat(a.frames()).isBetween(44100, 44100 + 3 * 1152);
        float[] l = a.channels()[0];
        float[] r = a.channels()[1];
        assertThat(amplitude(l, 4000, 40000, 440, 44100)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.04));
        assertThat(amplitude(l, 4000, 40000, 880, 44100)).isLessThan(0.01);
        assertThat(amplitude(r, 4000, 40000, 880, 44100)).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.02));
        assertThat(amplitude(r, 4000, 40000, 440, 44100)).isLessThan(0.01);
    }

    @Test
    void garbageAfterMp3SyncIsAnError() throws IOException {
        Path p = dir.resolve("fake.mp3");
        byte[] b = new byte[64];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xFB;
        b[2] = (byte) 0x50; // valid-looking MPEG-1 layer III header, then nothing decodable
        Files.write(p, b);
        assertThatThrownBy(() -> AudioReader.read(p)).isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(p + ": ");
    }
}
