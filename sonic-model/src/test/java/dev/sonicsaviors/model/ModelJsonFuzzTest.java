package dev.sonicsaviors.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz target (Jazzer) for the model.json reader: whatever the bytes, {@link ModelFiles#readInfo} either
 * returns a descriptor or fails with the documented one-line {@link IOException}, never another exception. Regression
 * mode on the seeds in {@code src/test/resources/dev/sonicsaviors/model/ModelJsonFuzzTestInputs/readInfo/} runs in the
 * default suite; {@code -Pfuzz -Dtest=ModelJsonFuzzTest} fuzzes it for 10 minutes.
 */
class ModelJsonFuzzTest {
    private static Path dir;

    private static synchronized Path folderWith(byte[] json) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("sonic-fuzz-model");
                dir.toFile().deleteOnExit();
            }
            Files.write(dir.resolve(ModelFiles.MODEL_JSON), json);
            dir.resolve(ModelFiles.MODEL_JSON).toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void readInfo(byte[] json) {
        Path d = folderWith(json);
        try {
            ModelInfo info = ModelFiles.readInfo(d);
            if (info.architecture() == null || info.inputShape() == null || info.variables() == null) {
                throw new IllegalStateException("accepted an incomplete descriptor");
            }
        } catch (IOException expected) {
            String m = expected.getMessage();
            if (m == null || m.contains("\n")) {
                throw new IllegalStateException("not a one-line message: " + m);
            }
        }
    }
}
