package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of the bad-input corpus ({@code src/test/resources/bad-inputs}, made by its make.py) fails in
 * {@code features}, {@code denoise} and {@code metrics} (as either file) alike: exit code 1, the one line of
 * {@code expected.tsv} on standard error, nothing on standard output for denoise, and no file or temporary left.
 */
class BadInputCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/bad-inputs");

    @TempDir
    Path tmp;

    static Map<String, String> expected() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CORPUS.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split("\t", 2);
            m.put(p[0], p[1]);
        }
        return m;
    }

    @Test
    void everyBadFileFailsWithItsOneLineInEveryCommand() throws IOException {
        Map<String, String> expected = expected();
        try (Stream<Path> s = Files.list(CORPUS)) {
            List<String> files = s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("make.py") && !n.equals("expected.tsv") && !n.equals("README.md")).sorted().toList();
            assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(files);
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(40);
        Path good = tmp.resolve("good.wav");
        dev.sonicsaviors.io.WavWriter.write(good, SonicCliTest.speechLike(16000, 16000, 1), 16000);
        Path out = Files.createDirectories(tmp.resolve("out"));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path f = CORPUS.resolve(e.getKey());
            String line = "sonic: " + f + ": " + e.getValue() + System.lineSeparator();
            String[][] runs = {
                {"features", f.toString(), "-o", out.resolve("x.npy").toString()},
                {"denoise", f.toString(), "-o", out.resolve("x.wav").toString(), "--model", "wiener", "--quiet"},
                {"metrics", f.toString(), good.toString()},
                {"metrics", good.toString(), f.toString()},
            };
            for (String[] args : runs) {
                SonicCliTest.Run r = sonic(args);
                if (r.code() != 1 || !r.err().equals(line) || args[0].equals("denoise") && !r.out().isEmpty()) {
                    problems.add(String.join(" ", args) + " -> " + r.code() + " " + r.err().strip() + " | " + r.out().strip());
                }
                try (Stream<Path> left = Files.list(out)) {
                    List<Path> l = left.toList();
                    if (!l.isEmpty()) {
                        problems.add(String.join(" ", args) + " left " + l);
                        for (Path p : l) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }
}
