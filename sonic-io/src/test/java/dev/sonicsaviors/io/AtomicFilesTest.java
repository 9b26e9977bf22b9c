package dev.sonicsaviors.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files of atomic writes: their names, their clean-up, and refusing files of 0 samples. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aLegal252CharacterNameStillGetsATemporaryBesideIt() throws IOException {
        String name = "a".repeat(248) + ".wav"; // 252 bytes, legal on ext4 (limit 255)
        Path target = tmp.resolve(name);
        try (WavStreamWriter w = WavStreamWriter.create(target, 1, 16000, 16)) {
            try (Stream<Path> s = Files.list(tmp)) {
                Path temp = s.filter(p -> !p.equals(target)).findFirst().orElseThrow();
                assertThat(temp.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(100);
                assertThat(temp.getFileName().toString()).startsWith(".aaaa").endsWith(".tmp");
            }
            w.write(new float[][] {new float[100]}, 0, 100);
            w.commit();
        }
        assertThat(AudioReader.read(target).frames()).isEqualTo(100);
        // multi-byte names are cut by code points, never inside a character
        Path greek = tmp.resolve("\u03b1".repeat(120) + ".wav");
        WavWriter.write(greek, new float[10], 16000);
        assertThat(Files.size(greek)).isEqualTo(44 + 20);
    }

    @Test
    void errorsNameTheTargetNotTheTemporary() throws IOException {
        Path blocker = tmp.resolve("file");
        Files.writeString(blocker, "x");
        assertThatThrownBy(() -> WavWriter.write(blocker.resolve("out.wav"), new float[10], 16000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("out.wav")
                .hasMessageNotContaining(".tmp");
    }

    @Test
    void aHeaderOnlyWavIsAnError() throws IOException {
        Path empty = tmp.resolve("empty.wav");
        WavWriter.write(empty, new float[0], 16000);
        String msg = empty + ": no audio (the header is valid but the file holds 0 samples)";
        assertThatThrownBy(() -> AudioReader.read(empty)).isInstanceOf(AudioFormatException.class).hasMessage(msg);
        assertThatThrownBy(() -> AudioReader.open(empty)).isInstanceOf(AudioFormatException.class).hasMessage(msg);
    }
}
