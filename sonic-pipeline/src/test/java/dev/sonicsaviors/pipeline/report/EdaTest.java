package dev.sonicsaviors.pipeline.report;

import dev.sonicsaviors.io.AudioReader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.TestAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdaTest {


    @Test
    void reportsAFolder(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("in");
        int sr = 22050;
        TestAudio.writeWav(in.resolve("a_voice.wav"), TestAudio.voice(sr * 2, 150, 1, sr), sr);
        float[] loud = TestAudio.voice(sr, 200, 2, sr);
        for (int i = 0; i < loud.length; i++) {
            loud[i] = Math.max(-1, Math.min(1, loud[i] * 20));
        }
        TestAudio.writeWav(in.resolve("b_clipped.wav"), loud, sr);
        TestAudio.writeWav(in.resolve("c_silent.wav"), new float[sr], sr);
        TestAudio.writeWav(in.resolve("sub/d_stereo.wav"), new float[][] {TestAudio.voice(8000, 100, 3, 8000), new float[8000]}, 8000);
        Files.write(in.resolve("e_broken.wav"), new byte[] {1, 2, 3, 4, 5});
        Files.writeString(in.resolve("notes.txt"), "not audio");
        Path out = dir.resolve("report");
        Eda.Report r = new Eda(Eda.Config.defaults(), AudioReader::read, AudioLoader::loadMono).run(in, out, Progress.NONE);
        assertThat(r.files()).extracting(Eda.FileStats::file).containsExactly("a_voice.wav", "b_clipped.wav", "c_silent.wav", "sub/d_stereo.wav");
        assertThat(r.failures()).extracting(Eda.Failure::file).containsExactly("e_broken.wav");
        assertThat(r.totalSeconds()).isCloseTo(2 + 1 + 1 + 1, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(r.files().get(1).clipped()).isTrue();
        assertThat(r.files().get(0).clipped()).isFalse();
        assertThat(r.files().get(2).silent()).isTrue();
        assertThat(r.files().get(3).channels()).isEqualTo(2);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("fileCount").asInt()).isEqualTo(5);
        assertThat(s.get("failedCount").asInt()).isEqualTo(1);
        assertThat(s.get("sampleRates").get("22050").asInt()).isEqualTo(3);
        assertThat(s.get("clipped").get(0).asText()).isEqualTo("b_clipped.wav");
        assertThat(s.get("silent").get(0).asText()).isEqualTo("c_silent.wav");
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("e_broken.wav").contains("durations.png").contains("example-1.png").contains("example-3-noisy.png");
        for (String png : new String[] {"durations.png", "peak_dbfs.png", "rms_dbfs.png", "example-1.png", "example-1-noisy.png",
            "example-3.png"}) {
            assertThat(out.resolve(png)).isRegularFile();
            assertThat(javax.imageio.ImageIO.read(out.resolve(png).toFile())).as(png).isNotNull();
        }
    }
}
