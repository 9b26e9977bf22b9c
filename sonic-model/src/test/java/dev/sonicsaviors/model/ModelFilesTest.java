package dev.sonicsaviors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @TempDir
    Path tmp;

    private static final Architecture SMALL = new ConvAutoencoder(12, 10, 4);

    private Path saveSmall(Path dir, long seed) throws IOException {
        try (Network net = Network.build(SMALL, false, 1)) {
            net.initialize(seed);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("approach", "features");
            meta.put("normalisation", Map.of("min", -80.0, "max", 0.0));
            meta.put("seed", seed);
            ModelFiles.save(dir, net, meta);
        }
        return dir;
    }

    @Test
    void saveThenLoadGivesIdenticalPredictionsAndMetadata() throws IOException {
        Synthetic s = new Synthetic(3, 12, 10, 0.1, 1);
        Path dir = tmp.resolve("m");
        float[] before;
        try (Network net = Network.build(SMALL, false, 1)) {
            net.initialize(9);
            before = net.predict(s.noisy, 3);
            ModelFiles.save(dir, net, Map.of("approach", "audio", "history", List.of(1.0, 0.5)));
        }
        assertThat(dir.resolve("model.json")).exists();
        assertThat(dir.resolve("conv2d.kernel.npy")).exists();
        assertThat(dir.resolve("conv2d_transpose.bias.npy")).exists();
        try (Model m = Model.load(dir, 1)) {
            assertThat(m.info().architecture()).isEqualTo(SMALL.name());
            assertThat(m.info().inputShape()).containsExactly(12, 10, 1);
            assertThat(m.info().formatVersion()).isEqualTo(ModelFiles.FORMAT_VERSION);
            assertThat(m.metadata()).containsEntry("approach", "audio").containsEntry("history", List.of(1.0, 0.5));
            assertThat(m.predict(s.noisy, 3)).containsExactly(before);
            // the 3-D API gives the same values, and a second call reuses the loaded session
            float[][][] batch = new float[3][12][10];
            for (int e = 0; e < 3; e++) {
                for (int r = 0; r < 12; r++) {
                    System.arraycopy(s.noisy, (e * 12 + r) * 10, batch[e][r], 0, 10);
                }
            }
            for (int call = 0; call < 2; call++) {
                float[][][] out = m.predict(batch);
                assertThat(out[2][11][9]).isEqualTo(before[before.length - 1]);
                assertThat(out[1][3][4]).isEqualTo(before[(12 + 3) * 10 + 4]);
            }
        }
    }

    @Test
    void longBatchesArePredictedInChunksWithTheSameResult() throws IOException {
        Path dir = saveSmall(tmp.resolve("m"), 4);
        Synthetic s = new Synthetic(Model.CHUNK * 2 + 5, 12, 10, 0.1, 3);
        try (Model m = Model.load(dir, 1)) {
            float[] all = m.predict(s.noisy, Model.CHUNK * 2 + 5);
            float[] last = m.predict(java.util.Arrays.copyOfRange(s.noisy, (Model.CHUNK * 2) * 120, s.noisy.length), 5);
            assertThat(java.util.Arrays.copyOfRange(all, (Model.CHUNK * 2) * 120, all.length)).containsExactly(last);
            m.requireInputShape(dir, 12, 10, 1);
            assertThatThrownBy(() -> m.requireInputShape(dir, 148, 109, 1)).isInstanceOf(IOException.class)
                    .hasMessageContaining("model.json").hasMessageContaining("[12, 10, 1]");
        }
    }

    @Test
    void seedModelRoundTripsThroughNpyFiles() throws IOException {
        Architecture seed = new SeedAutoencoder();
        Synthetic s = new Synthetic(1, 148, 109, 0.1, 2);
        Path dir = tmp.resolve("seed");
        float[] before;
        try (Network net = Network.build(seed, false, 2)) {
            net.initialize(1);
            before = net.predict(s.noisy, 1);
            ModelFiles.save(dir, net, Map.of());
        }
        try (Model m = Model.load(dir, 2)) {
            assertThat(m.info().parameterCount()).isEqualTo(SeedAutoencoder.PARAMETER_COUNT);
            assertThat(m.predict(s.noisy, 1)).containsExactly(before);
        }
    }

    @Test
    void replacingAFolderKeepsItReadableAndSurvivesAnInterruptedSwap() throws IOException {
        Path dir = saveSmall(tmp.resolve("m"), 1);
        saveSmall(dir, 2);
        assertThat(ModelFiles.readInfo(dir).metadata()).containsEntry("seed", 2);
        assertThat(tmp.resolve(".m.tmp")).doesNotExist();
        assertThat(tmp.resolve(".m.old")).doesNotExist();
        // a crash after "move old aside" and before "move new in" leaves only the backup: still loadable
        Files.move(dir, tmp.resolve(".m.old"));
        Files.createDirectories(tmp.resolve(".m.tmp")); // and a half-written temp folder
        try (Model m = Model.load(dir, 1)) {
            assertThat(m.metadata()).containsEntry("seed", 2);
        }
        saveSmall(dir, 3);
        assertThat(ModelFiles.readInfo(dir).metadata()).containsEntry("seed", 3);
        assertThat(tmp.resolve(".m.old")).doesNotExist();
    }

    private static void assertOneLineError(Path dir, Path file, String fragment) {
        assertThatThrownBy(() -> Model.load(dir, 1).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.getFileName().toString())
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void missingOrCorruptOrMismatchedFoldersGiveOneLineErrorsNamingTheFile() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertOneLineError(empty, empty.resolve("model.json"), "missing");

        Path corrupt = saveSmall(tmp.resolve("corrupt"), 1);
        Files.writeString(corrupt.resolve("model.json"), "{\"formatVersion\": 1, \"architecture\": ");
        assertOneLineError(corrupt, corrupt.resolve("model.json"), "corrupt");

        Path version = saveSmall(tmp.resolve("version"), 1);
        replaceInFile(version.resolve("model.json"), "\"formatVersion\" : 1", "\"formatVersion\" : 99");
        assertOneLineError(version, version.resolve("model.json"), "version 99");

        Path shape = saveSmall(tmp.resolve("shape"), 1);
        replaceInFile(shape.resolve("model.json"), "\"inputShape\" : [ 12, 10, 1 ]", "\"inputShape\" : [ 148, 109, 1 ]");
        assertOneLineError(shape, shape.resolve("model.json"), "input shape");

        Path arch = saveSmall(tmp.resolve("arch"), 1);
        replaceInFile(arch.resolve("model.json"), SMALL.name(), "unet-9000");
        assertOneLineError(arch, arch.resolve("model.json"), "unknown architecture");

        Path missing = saveSmall(tmp.resolve("missing"), 1);
        Files.delete(missing.resolve("conv2d_1.kernel.npy"));
        assertOneLineError(missing, missing.resolve("conv2d_1.kernel.npy"), "missing");

        Path truncated = saveSmall(tmp.resolve("truncated"), 1);
        byte[] bytes = Files.readAllBytes(truncated.resolve("conv2d.kernel.npy"));
        Files.write(truncated.resolve("conv2d.kernel.npy"), java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertOneLineError(truncated, truncated.resolve("conv2d.kernel.npy"), "truncated");

        Path garbage = saveSmall(tmp.resolve("garbage"), 1);
        Files.writeString(garbage.resolve("conv2d.bias.npy"), "hello");
        assertOneLineError(garbage, garbage.resolve("conv2d.bias.npy"), "npy");

        Path wrongShape = saveSmall(tmp.resolve("wrong"), 1);
        dev.sonicsaviors.io.Npy.write(wrongShape.resolve("conv2d.bias.npy"), new float[5], 5);
        assertOneLineError(wrongShape, wrongShape.resolve("conv2d.bias.npy"), "shape");
    }

    private static void replaceInFile(Path file, String from, String to) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(s).contains(from);
        Files.writeString(file, s.replace(from, to), StandardCharsets.UTF_8);
    }
}
