package dev.sonicsaviors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's commands on the bundled samples give the recorded outputs. Outputs computed in Java alone (the classic
 * filters, features, metrics) are byte-identical: SHA-256 of each output recorded with the build before the pipeline was
 * split into packages and the CLI moved to {@code dev.sonicsaviors.api} (commit 25da709), unchanged since. Outputs of the
 * learned model go through TensorFlow, whose CPU kernels (oneDNN) pick different code, and so round differently, on
 * different processors (an AMD EPYC with AVX-512 gave other bytes than the machine the hashes were recorded on; with oneDNN
 * off the same machine differs by 1 LSB in 0.02 % of the samples): they are compared with reference recordings in
 * {@code src/test/resources/golden/} (16-bit FLAC) and must agree within 2 LSB in every sample and exactly in 99 % of them.
 * A change that is meant to alter an output (a new bundled model, another algorithm) updates the hash or the reference
 * here and says so (the references were last written with stage 24, 8 Dec 2026, eighth session, by the commands they are named after).
 */
class GoldenOutputsTest {

    @TempDir
    Path tmp;

    private static final String NOISY = Path.of("..", "samples", "noisy-speech.wav").toString();
    private static final String SPEECH = Path.of("..", "samples", "speech.wav").toString();

    static Stream<Arguments> modelCommands() {
        return Stream.of(
                Arguments.of("denoise-default.flac", List.of("denoise", NOISY, "-o", "OUT", "--quiet")),
                Arguments.of("denoise-default-rate16000.flac", List.of("denoise", NOISY, "-o", "OUT", "--rate", "16000", "--quiet")),
                Arguments.of("denoise-default-strength0.5.flac", List.of("denoise", NOISY, "-o", "OUT", "--strength", "0.5", "--quiet")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("modelCommands")
    void modelOutputMatchesItsReference(String reference, List<String> args) throws IOException {
        Path out = tmp.resolve("out.wav");
        Path ref = tmp.resolve(reference);
        try (InputStream in = GoldenOutputsTest.class.getResourceAsStream("/golden/" + reference)) {
            assertThat(in).as(reference).isNotNull();
            Files.copy(in, ref);
        }
        SonicCliTest.Run r = SonicCliTest.sonic(args.stream().map(s -> s.equals("OUT") ? out.toString() : s).toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        AudioData got = AudioReader.read(out);
        AudioData want = AudioReader.read(ref);
        assertThat(got.sampleRate()).isEqualTo(want.sampleRate());
        assertThat(got.bitsPerSample()).isEqualTo(16);
        float[] a = got.toMono();
        float[] b = want.toMono();
        assertThat(a).hasSameSizeAs(b);
        int differ = 0;
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double lsb = Math.abs(a[i] - b[i]) * 32_768;
            worst = Math.max(worst, lsb);
            differ += lsb > 0.5 ? 1 : 0;
        }
        assertThat(worst).as("largest difference from %s in LSB", reference).isLessThanOrEqualTo(2.01);
        assertThat(differ).as("samples that differ from %s", reference).isLessThanOrEqualTo(a.length / 100);
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("8df51a4483c7a9d7a38dad165e23367abfeb87399edc510daada64af37d3f543", "out.wav",
                        List.of("denoise", NOISY, "-o", "OUT", "--model", "wiener", "--quiet")),
                Arguments.of("7333bc2f9d18ed41f7cb66166f51e7742baea0817a0002a5bba5e3c372a16f29", "out.wav",
                        List.of("denoise", NOISY, "-o", "OUT", "--model", "specsub", "--quiet")),
                Arguments.of("9fd0401f28266150f788d7aa5777ef8ad6add7318a83d5246f5326f9cceb3b74", "out.npy",
                        List.of("features", SPEECH, "-o", "OUT")),
                Arguments.of("ab6d2438a583721c5006fd8bac81d60056c97c822d3d6634c3fca95b06797928", "out.npy",
                        List.of("features", SPEECH, "-o", "OUT", "--normalized")),
                Arguments.of("ca0e2b5c9cef644cd480d47863d339795f6d28d030e023089f1373ceb86fb6bf", null,
                        List.of("metrics", SPEECH, NOISY, "--json")),
                Arguments.of("0c7b2a07296ab81c310f2b678d9df2b40eeef6528c7248b1b81fb9c4b6b7ae53", null,
                        List.of("metrics", SPEECH, NOISY)));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("commands")
    void outputIsByteIdentical(String sha256, String outputName, List<String> args) throws IOException {
        Path out = outputName == null ? null : tmp.resolve(outputName);
        List<String> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.equals("OUT") ? out.toString() : s);
        }
        SonicCliTest.Run r = SonicCliTest.sonic(a.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        byte[] bytes = out == null ? r.out().getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(out);
        assertThat(sha256(bytes)).as("sha256 of the output of sonic %s", String.join(" ", args)).isEqualTo(sha256);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
