package dev.sonicsaviors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {

    @TempDir
    Path tmp;

    /** The bundled model's descriptor, as committed. */
    private static final Path BUNDLED = Path.of("..", "models", "default");

    @Test
    void bundledModelJsonReadsIntoTypedRecords() throws IOException {
        ModelInfo info = ModelFiles.readInfo(BUNDLED);
        ModelMetadata m = ModelFiles.readMetadata(BUNDLED);
        assertThat(info.formatVersion()).isEqualTo(ModelFiles.FORMAT_VERSION);
        assertThat(m.stft()).isEqualTo(new ModelMetadata.Stft(22050, 512, 256));
        assertThat(m.provenance().tool()).isEqualTo("sonic train-denoiser");
        assertThat(m.provenance().seed()).isEqualTo(42L);
        assertThat(m.provenance().data()).containsKey("speechFolder");
        assertThat(m.provenance().recipe()).isNotEmpty();
        ModelMetadata.Training t = m.training();
        assertThat(t.history()).hasSize(t.epochs());
        assertThat(t.bestEpoch()).isBetween(1, t.epochs());
        assertThat(t.history().get(t.bestEpoch() - 1).valLoss()).isEqualTo(t.bestValLoss());
        assertThat(t.history().get(0).epoch()).isEqualTo(1);
    }

    @Test
    void aModelSavedByTheTrainerReadsBack() throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("tool", "test");
        meta.put("seed", 7L);
        meta.put("training", Map.of("epochs", 2, "steps", 20L, "bestEpoch", 2, "bestValLoss", 0.5, "history",
                List.of(new EpochRecord(1, 1.0, Double.NaN, 1e-3, 1.5, 10), new EpochRecord(2, 0.7, 0.5, 1e-3, 1.4, 10))));
        meta.put("card", Map.of("trainingData", "none", "licence", "CC0", "scores", Map.of("si_sdr", 3.5)));
        try (Network net = Network.build(new ConvAutoencoder(12, 10, 4), false, 1)) {
            net.initialize(1);
            ModelFiles.save(tmp.resolve("m"), net, meta);
        }
        ModelMetadata m = ModelFiles.readMetadata(tmp.resolve("m"));
        assertThat(m.training().history()).containsExactly(new EpochRecord(1, 1.0, Double.NaN, 1e-3, 1.5, 10),
                new EpochRecord(2, 0.7, 0.5, 1e-3, 1.4, 10));
        assertThat(m.card()).isEqualTo(new ModelMetadata.Card("none", "CC0", Map.of("si_sdr", 3.5)));
        assertThat(m.provenance().seed()).isEqualTo(7L);
        assertThat(m.stft()).isNull();
    }

    @Test
    void aMissingOrWrongFieldNamesTheFileAndTheField() throws IOException {
        String json = Files.readString(BUNDLED.resolve("model.json"));
        Path dir = copyBundledDescriptor(json.replaceFirst("\"bestEpoch\" : \\d+", "\"bestEpoch\" : \"x\""), "a");
        assertThatThrownBy(() -> ModelFiles.readMetadata(dir)).isInstanceOf(IOException.class)
                .hasMessage(dir.toAbsolutePath().resolve("model.json") + ": metadata.training.bestEpoch: expected an integer, found \"x\"");
        Path dir2 = copyBundledDescriptor(json.replaceFirst("\"hopLength\" : \\d+,?", ""), "b");
        assertThatThrownBy(() -> ModelFiles.readMetadata(dir2)).hasMessageEndingWith("model.json: metadata.stft.hopLength: missing");
        Path dir3 = copyBundledDescriptor(json.replaceFirst("\"valLoss\" : [0-9.eE-]+", "\"valLoss\" : [1]"), "c");
        assertThatThrownBy(() -> ModelFiles.readMetadata(dir3))
                .hasMessageEndingWith("model.json: metadata.training.history[0].valLoss: expected a number, found [1]");
        Path dir4 = copyBundledDescriptor(json.replaceFirst("\"formatVersion\" : 1", "\"formatVersion\" : 2"), "d");
        assertThatThrownBy(() -> ModelFiles.readMetadata(dir4)).hasMessageContaining("model.json: model format version 2");
    }

    private Path copyBundledDescriptor(String json, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("model.json"), json);
        return dir;
    }
}
