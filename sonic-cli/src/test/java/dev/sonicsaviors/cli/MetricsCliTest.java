package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** {@code sonic metrics} on one reference pair (u01_white_snr0 at 16 kHz from the metrics fixtures). */
class MetricsCliTest {

    static String resource(String name) throws URISyntaxException {
        return Path.of(MetricsCliTest.class.getResource("/metrics/" + name).toURI()).toString();
    }

    @Test
    void jsonHasEveryMetricWithTheReferenceValues() throws Exception {
        SonicCliTest.Run r = sonic("metrics", resource("clean.wav"), resource("noisy.wav"), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.fieldNames()).toIterable().containsExactly("si_sdr", "snr", "segsnr", "stoi", "estoi", "pesq_wb", "pesq_nb");
        // reference scores from expected.csv (pystoi 0.4.1 and the ITU-T P.862 reference code)
        assertThat(o.get("si_sdr").asDouble()).isCloseTo(-0.850806, Offset.offset(0.01));
        assertThat(o.get("snr").asDouble()).isCloseTo(-0.808066, Offset.offset(0.01));
        assertThat(o.get("segsnr").asDouble()).isCloseTo(-5.426930, Offset.offset(0.01));
        assertThat(o.get("stoi").asDouble()).isCloseTo(0.860666, Offset.offset(1e-4));
        assertThat(o.get("estoi").asDouble()).isCloseTo(0.604065, Offset.offset(1e-4));
        assertThat(o.get("pesq_wb").asDouble()).isCloseTo(1.017924, Offset.offset(0.05));
        assertThat(o.get("pesq_nb").asDouble()).isCloseTo(1.119402, Offset.offset(0.05));
    }

    @Test
    void identicalFilesScorePerfectly() throws Exception {
        SonicCliTest.Run r = sonic("metrics", resource("clean.wav"), resource("clean.wav"), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("si_sdr").isNull()).isTrue(); // valid JSON: infinity is null with a note
        assertThat(o.at("/notes/si_sdr").asText()).startsWith("infinite");
        assertThat(o.get("stoi").asDouble()).isCloseTo(1.0, Offset.offset(1e-9));
        for (JsonNode v : (Iterable<JsonNode>) () -> o.elements()) {
            assertThat(v.isNumber() || v.isNull() || v.isObject()).as(v.toString()).isTrue();
        }
        SonicCliTest.Run text = sonic("metrics", resource("clean.wav"), resource("noisy.wav"));
        assertThat(text.out()).contains("si_sdr").contains("pesq_nb");
        assertThat(sonic("metrics", resource("clean.wav")).code()).isEqualTo(2);
    }

    @Test
    void aClipTooShortForStoiSaysSo(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        float[] x = SonicCliTest.speechLike(3000, 16000, 3); // 0.19 s
        float[] y = DenoiseCliTest.withNoise(x, 0.01, 4);
        Path a = tmp.resolve("a.wav");
        Path b = tmp.resolve("b.wav");
        dev.sonicsaviors.io.WavWriter.write(a, x, 16000);
        dev.sonicsaviors.io.WavWriter.write(b, y, 16000);
        SonicCliTest.Run r = sonic("metrics", a.toString(), b.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("stoi").isNull()).isTrue();
        assertThat(o.at("/notes/stoi").asText()).contains("384 ms");
        SonicCliTest.Run text = sonic("metrics", a.toString(), b.toString());
        assertThat(text.out()).contains("stoi     n/a");
        assertThat(text.err()).contains("sonic: stoi not scored: under 384 ms");
    }

    @Test
    void evaluateWritesPerFileAndAveragedScores(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path clean = java.nio.file.Files.createDirectories(tmp.resolve("clean"));
        Path noisy = java.nio.file.Files.createDirectories(tmp.resolve("noisy"));
        for (String name : new String[] {"a.wav", "b.wav"}) {
            java.nio.file.Files.copy(Path.of(resource("clean.wav")), clean.resolve(name));
            java.nio.file.Files.copy(Path.of(resource("noisy.wav")), noisy.resolve(name));
        }
        Path out = tmp.resolve("report");
        SonicCliTest.Run r = sonic("evaluate", "--clean", clean.toString(), "--noisy", noisy.toString(), "--model", "wiener",
                "-o", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 files").contains("improvement").contains("pesq_wb");
        String csv = java.nio.file.Files.readString(out.resolve("scores.csv"));
        assertThat(csv.lines().count()).isEqualTo(1 + 2 * 3);
        JsonNode json = new ObjectMapper().readTree(out.resolve("scores.json").toFile());
        assertThat(json.at("/summary/noisy/si_sdr/mean").asDouble()).isCloseTo(-0.850806, Offset.offset(0.01));
        assertThat(json.at("/summary/improvement/si_sdr/mean").asDouble()).isGreaterThan(1.0);
        assertThat(json.at("/files/0/enhanced/stoi").isNumber()).isTrue();

        // scoring given enhanced files: the noisy files themselves give zero improvement
        SonicCliTest.Run given = sonic("evaluate", "--clean", clean.toString(), "--noisy", noisy.toString(), "--enhanced",
                noisy.toString(), "-o", tmp.resolve("r2").toString(), "--quiet");
        assertThat(given.code()).as(given.err()).isZero();
        JsonNode j2 = new ObjectMapper().readTree(tmp.resolve("r2/scores.json").toFile());
        assertThat(j2.at("/summary/improvement/stoi/mean").asDouble()).isCloseTo(0.0, Offset.offset(1e-12));
    }

    @Test
    void evaluatePairsFilesByNameWithoutExtension(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path clean = java.nio.file.Files.createDirectories(tmp.resolve("clean"));
        Path noisy = java.nio.file.Files.createDirectories(tmp.resolve("noisy"));
        dev.sonicsaviors.io.AudioData c = dev.sonicsaviors.io.AudioReader.read(Path.of(resource("clean.wav")));
        try (dev.sonicsaviors.io.FlacStreamWriter w = dev.sonicsaviors.io.FlacStreamWriter.create(clean.resolve("a.flac"),
                1, c.sampleRate(), 16)) {
            w.write(new float[][] {c.toMono()}, 0, c.frames());
            w.commit();
        }
        java.nio.file.Files.copy(Path.of(resource("noisy.wav")), noisy.resolve("a.wav"));
        SonicCliTest.Run r = sonic("evaluate", "--clean", clean.toString(), "--noisy", noisy.toString(), "-o",
                tmp.resolve("report").toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 files (noisy only)");
    }
}
