package dev.sonicsaviors.pipeline;

import java.io.IOException;
import java.nio.file.Path;

/** Decodes an audio file to mono samples in [-1, 1] at a given sample rate (Hz); lets tests and tools swap the decoder. */
@FunctionalInterface
public interface MonoLoader {

    /** Returns the mono signal of {@code file} resampled to {@code sampleRate} Hz. @throws IOException if it cannot be decoded */
    float[] load(Path file, int sampleRate) throws IOException;
}
