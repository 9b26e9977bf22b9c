package dev.sonicsaviors.cli;

import dev.sonicsaviors.pipeline.PrepareConfig.Approach;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Builds training examples mixed afresh every epoch from speech and noise folders. */
final class FreshExamples {
    private FreshExamples() {
    }

    /** Loads speech and noise and returns fresh-noise training data with a fixed validation set. */
    static TrainCommand.Examples load(Path speech, Path noise, Approach approach, long seed, PrintStream err, boolean quiet)
            throws IOException {
        throw new IOException("--speech/--noise training is not available yet; prepare hybrid files and use --data");
    }
}
