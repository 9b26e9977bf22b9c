package dev.sonicsaviors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * The README's commands on the bundled samples give byte-identical outputs: SHA-256 of each output recorded with the
 * build before the pipeline was split into packages and the CLI moved to {@code dev.sonicsaviors.api} (commit 25da709).
 * A change that is meant to alter an output (a new bundled model, another algorithm) updates the hash here and says so:
 * the three {@code default} denoise hashes were updated for the stage-4, stage-6, stage-8, stage-10, stage-13 and stage-14 bundled models (the wiener, specsub, features and
 * metrics ones are unchanged since 25da709).
 */
class GoldenOutputsTest {

    @TempDir
    Path tmp;

    private static final String NOISY = Path.of("..", "samples", "noisy-speech.wav").toString();
    private static final String SPEECH = Path.of("..", "samples", "speech.wav").toString();

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("a89588f9fa50dea0118be4f779beec3245a4a3b0d8f152da24063eb54d07e9e1", "out.wav",
                        List.of("denoise", NOISY, "-o", "OUT", "--quiet")),
                Arguments.of("11e77b0cf59b716d714b7d618ba20e8ee149cc7370e0ee4a6867366a9d200657", "out.wav",
                        List.of("denoise", NOISY, "-o", "OUT", "--rate", "16000", "--quiet")),
                Arguments.of("f8f63cad4ba924effd103cb89ed5efeb37a7a97a047887e02f891863a150c334", "out.wav",
                        List.of("denoise", NOISY, "-o", "OUT", "--strength", "0.5", "--quiet")),
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
