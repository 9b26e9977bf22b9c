package dev.sonicsaviors.pipeline.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

    @TempDir
    Path tmp;

    private static Map<String, Double> scores(double base) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String k : Evaluation.KEYS) {
            m.put(k, base + k.length());
        }
        return m;
    }

    @Test
    void scoresJsonHasAFixedKeyOrderAndTheMeans() throws IOException {
        List<Evaluation.FileScores> files = List.of(new Evaluation.FileScores("a.wav", scores(1), scores(2)),
                new Evaluation.FileScores("b.wav", scores(3), scores(5)));
        Evaluation.write(tmp, files);
        String json = Files.readString(tmp.resolve("scores.json"));
        // every summary entry lists mean, ci95, n in this order (the file is the same bytes on every run)
        int mean = json.indexOf("\"mean\"");
        int ci = json.indexOf("\"ci95\"");
        int n = json.indexOf("\"n\"");
        assertThat(mean).isPositive().isLessThan(ci);
        assertThat(ci).isLessThan(n);
        assertThat(json.split("\"mean\"", -1)).hasSize(3 * Evaluation.KEYS.size() + 1);
        assertThat(json).contains("\"mean\" : 8.0"); // si_sdr noisy: (1 + 6 + 3 + 6) / 2
        assertThat(Evaluation.summarize(files, "si_sdr", "improvement").mean()).isEqualTo(1.5);
    }
}
