package dev.sonicsaviors.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project root (the folder holding {@code models/default} and {@code samples/}) from the test's working folder. */
final class ProjectRoot {
    private ProjectRoot() {
    }

    /** Returns the nearest folder at or above the working folder that holds {@code models/default/model.json}. */
    static Path find() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("models/default/model.json")) && Files.isDirectory(p.resolve("samples"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no project root (models/default/model.json) above " + Path.of("").toAbsolutePath());
    }

    /** Returns {@code ../shared/data/train} beside the project root (what CI provides), normalised; it may not exist. */
    static Path sharedTrainingData() {
        return find().resolve("../shared/data/train").normalize();
    }
}
