package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static dev.sonicsaviors.cli.SonicCliTest.speechLike;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sonic denoise} never loses a user's file: no output over an input, no temporary left behind. */
class DenoiseSafetyCliTest {
    @TempDir
    Path tmp;

    private Path noisy(Path file, int seconds) throws IOException {
        Files.createDirectories(file.getParent());
        WavWriter.write(file, DenoiseCliTest.withNoise(speechLike(16000 * seconds, 16000, 1), 0.02, 2), 16000);
        return file;
    }

    /** Every path under {@code dir} with its size and modification time, to show that nothing changed. */
    private static List<String> listing(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                out.add(dir.relativize(p) + " " + (Files.isRegularFile(p) ? Files.size(p) + " "
                        + Files.getLastModifiedTime(p).toMillis() : "dir"));
            }
        }
        return out;
    }

    private void refused(String... args) throws IOException {
        List<String> before = listing(tmp);
        byte[] in = Files.readAllBytes(tmp.resolve("in/a.wav"));
        SonicCliTest.Run r = sonic(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("sonic: ");
        assertThat(listing(tmp)).as(String.join(" ", args)).isEqualTo(before);
        assertThat(Files.readAllBytes(tmp.resolve("in/a.wav"))).isEqualTo(in);
    }

    @Test
    void anOutputThatWouldReplaceAnInputIsRefusedWithNothingWritten() throws IOException {
        Path a = noisy(tmp.resolve("in/a.wav"), 1);
        noisy(tmp.resolve("in/b.wav"), 1);
        Path link = Files.createSymbolicLink(tmp.resolve("link.wav"), a);
        Path dirLink = Files.createSymbolicLink(tmp.resolve("inlink"), tmp.resolve("in"));
        Path hard = Files.createLink(tmp.resolve("hard.wav"), a);
        String in = a.toString();
        refused("denoise", in, "-o", in, "--model", "wiener", "--quiet");
        refused("denoise", in, "-o", tmp.resolve("in/../in/./a.wav").toString(), "--model", "wiener", "--quiet");
        refused("denoise", in, "-o", link.toString(), "--model", "wiener", "--quiet");
        refused("denoise", link.toString(), "-o", in, "--model", "wiener", "--quiet");
        refused("denoise", in, "-o", dirLink.resolve("a.wav").toString(), "--model", "wiener", "--quiet");
        refused("denoise", in, "-o", hard.toString(), "--model", "wiener", "--quiet");
        refused("denoise", in, "-o", "", "--model", "wiener", "--quiet");
        refused("denoise", tmp.resolve("in").toString(), "-o", tmp.resolve("in").toString(), "--model", "wiener", "--quiet");
        refused("denoise", tmp.resolve("in").toString(), "-o", dirLink.toString(), "--model", "wiener", "--quiet");
        refused("denoise", in, tmp.resolve("in/b.wav").toString(), "-o", tmp.resolve("in").toString() + "/",
                "--model", "wiener", "--quiet");
        refused("denoise", in, "--in-place", "-o", tmp.resolve("x.wav").toString(), "--model", "wiener", "--quiet");
        refused("denoise", in, "--model", "wiener", "--quiet");
    }

    @Test
    void inPlaceReplacesTheInputAtomicallyThroughLinks() throws IOException {
        Path a = noisy(tmp.resolve("in/a.wav"), 1);
        Path link = Files.createSymbolicLink(tmp.resolve("link.wav"), a);
        AudioData before = AudioReader.read(a);
        SonicCliTest.Run r = sonic("denoise", link.toString(), "--in-place", "--model", "wiener", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        AudioData after = AudioReader.read(a);
        assertThat(after.frames()).isEqualTo(before.frames());
        assertThat(after.channels()[0]).isNotEqualTo(before.channels()[0]);
        try (Stream<Path> s = Files.list(tmp.resolve("in"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("a.wav");
        }
    }

    @Test
    void aFolderInputWithALegal252CharacterNameWorksAndErrorsNameTheInput() throws IOException {
        String name = "n".repeat(248) + ".wav";
        noisy(tmp.resolve("in/" + name), 1);
        Files.write(tmp.resolve("in/" + "b".repeat(248) + ".wav"), new byte[] {'R', 'I', 'F', 'F'});
        SonicCliTest.Run r = sonic("denoise", tmp.resolve("in").toString(), "-o", tmp.resolve("out").toString(),
                "--model", "wiener", "--quiet");
        assertThat(r.code()).isEqualTo(1);
        assertThat(AudioReader.read(tmp.resolve("out/" + name)).frames()).isEqualTo(16000);
        assertThat(r.err().strip()).startsWith("sonic: " + tmp.resolve("in/" + "b".repeat(248) + ".wav") + ": truncated header")
                .doesNotContain(".tmp").doesNotContain("\n");
        try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(name);
        }
    }

    @Test
    void outputFollowsCp() throws IOException {
        Path a = noisy(tmp.resolve("in/a.wav"), 1);
        Path b = noisy(tmp.resolve("in/b.wav"), 1);
        // several inputs and a name that is not a folder: refused, nothing created
        SonicCliTest.Run two = sonic("denoise", a.toString(), b.toString(), "-o", tmp.resolve("two.wav").toString(),
                "--model", "wiener", "--quiet");
        assertThat(two.code()).isEqualTo(2);
        assertThat(two.err()).contains("several inputs need an existing folder");
        assertThat(tmp.resolve("two.wav")).doesNotExist();
        // a name ending in / is a folder, created, receiving the file under its own name
        SonicCliTest.Run slash = sonic("denoise", a.toString(), "-o", tmp.resolve("newdir") + "/", "--model", "wiener", "--quiet");
        assertThat(slash.code()).as(slash.err()).isZero();
        assertThat(tmp.resolve("newdir/a.wav")).isRegularFile();
        // an existing folder receives it too
        SonicCliTest.Run existing = sonic("denoise", b.toString(), "-o", tmp.resolve("newdir").toString(), "--model", "wiener",
                "--quiet");
        assertThat(existing.code()).as(existing.err()).isZero();
        assertThat(tmp.resolve("newdir/b.wav")).isRegularFile();
    }

    @Test
    void aFolderWithoutAudioIsAnError() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        SonicCliTest.Run r = sonic("denoise", tmp.resolve("empty").toString(), "-o", tmp.resolve("out").toString(),
                "--model", "wiener", "--quiet");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("sonic: " + tmp.resolve("empty") + ": no audio files (.wav, .flac, .mp3) in this folder"
                + System.lineSeparator());
        assertThat(r.out()).isEmpty();
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void sigtermDuringDenoiseLeavesNoTemporaryAndSaysSo() throws Exception {
        Path in = noisy(tmp.resolve("long.wav"), 120);
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "denoise", in.toString(), "-o", outDir.resolve("long.wav").toString(), "--model", "wiener",
                "--reconstruct", "griffinlim", "--quiet")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean seen = false;
            while (!seen && p.isAlive() && System.nanoTime() < deadline) {
                try (Stream<Path> s = Files.list(outDir)) {
                    seen = s.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
                }
                Thread.sleep(seen ? 300 : 10);
            }
            assertThat(seen).as("a temporary file appeared while the child ran").isTrue();
            assertThat(p.isAlive()).as("the child is still running").isTrue();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        try (Stream<Path> s = Files.list(outDir)) {
            assertThat(s.toList()).isEmpty();
        }
        String log = Files.readString(tmp.resolve("log.txt"), StandardCharsets.UTF_8);
        assertThat(log.strip()).isEqualTo("sonic: interrupted; unfinished output removed (finished files are kept)");
    }
}
