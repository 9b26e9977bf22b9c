package dev.sonicsaviors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sonicsaviors.io.AudioFormatException;
import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioLoaderTest {
    @TempDir Path dir;

    private static float[] tone(double f, double amp, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * f * i / rate));
        }
        return x;
    }

    @Test
    void sameRateIsTheMonoMixUnchanged() throws IOException {
        float[] left = tone(440, 0.5, 22050, 2205);
        float[] right = tone(440, 0.25, 22050, 2205);
        Path p = dir.resolve("stereo.wav");
        WavWriter.write(p, new float[][] {left, right}, 22050, 32);
        float[] y = AudioLoader.loadMono(p, 22050);
        assertThat(y).hasSize(2205);
        for (int i = 0; i < y.length; i++) {
            assertThat(y[i]).isEqualTo((left[i] + right[i]) / 2f);
        }
    }

    @Test
    void resamplesToTheTargetRate() throws IOException {
        int from = 48000;
        float[] x = tone(1000, 0.5, from, 4800);
        Path p = dir.resolve("tone48k.wav");
        WavWriter.write(p, new float[][] {x}, from, 32);
        float[] y = AudioLoader.loadMono(p, 22050);
        assertThat(y).hasSize(2205); // ceil(4800 * 22050 / 48000)
        float[] expected = tone(1000, 0.5, 22050, y.length);
        for (int i = 500; i < y.length - 500; i++) {
            assertThat(y[i]).isCloseTo(expected[i], Offset.offset(1e-3f));
        }
    }

    @Test
    void badFilesAreAudioFormatExceptions() throws IOException {
        Path p = dir.resolve("notes.wav");
        Files.writeString(p, "not audio", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AudioLoader.loadMono(p, 22050)).isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(p + ": ");
        assertThatThrownBy(() -> AudioLoader.loadMono(p, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
