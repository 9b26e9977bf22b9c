package dev.sonicsaviors.pipeline.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.pipeline.AudioFiles;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.MonoLoader;
import dev.sonicsaviors.pipeline.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs prepare on every 10th file of {@code ../shared/data/train} beside the project root (tagged "data"; skipped when the
 * folder is absent).
 */
@Tag("data")
class RealDataTest {

    static final Path DATA = sharedData();

    /** Returns {@code ../shared/data/train} relative to the project root (the folder above this module's working folder with {@code models/}). */
    static Path sharedData() {
        Path p = Path.of("").toAbsolutePath();
        while (p.getParent() != null && !Files.isDirectory(p.resolve("models"))) {
            p = p.getParent();
        }
        return p.resolve("../shared/data/train").normalize();
    }

    @Test
    void prepareOnASubset(@TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DATA.resolve("speech")), "no data folder");
        MonoLoader loader = AudioLoader::loadMono;
        Path speech = Files.createDirectories(tmp.resolve("train/speech"));
        Files.copy(DATA.resolve("manifest.csv"), tmp.resolve("train/manifest.csv"));
        List<Path> files = AudioFiles.list(DATA.resolve("speech"));
        for (int i = 0; i < files.size(); i += 10) {
            Files.createSymbolicLink(speech.resolve(files.get(i).getFileName()), files.get(i));
        }
        for (PrepareConfig.Approach a : PrepareConfig.Approach.values()) {
            PrepareConfig c = PrepareConfig.defaults(a, true);
            Path out = tmp.resolve("out-" + a);
            HybridDatasetBuilder.Result r = new HybridDatasetBuilder(c, loader).run(speech, DATA.resolve("noise"), out, Progress.NONE);
            System.out.printf("prepare %s: %d train + %d val clips, %.1f s%n", a, r.trainClips(), r.valClips(), r.seconds());
            assertThat(r.skipped()).isEmpty();
            assertThat(Npy.readShape(out.resolve("train/clean.npy"))).containsExactly(r.trainClips(), 148, 109);
            assertThat(r.valSpeakers()).isPositive();
        }
    }
}
