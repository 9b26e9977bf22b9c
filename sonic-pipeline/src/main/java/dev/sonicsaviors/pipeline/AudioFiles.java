package dev.sonicsaviors.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Finds audio files (wav, flac, mp3) in a folder tree in a deterministic order. */
public final class AudioFiles {

    private AudioFiles() {
    }

    /** Returns whether the file name ends in {@code .wav}, {@code .flac} or {@code .mp3} (any case). */
    public static boolean isAudio(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".wav") || n.endsWith(".flac") || n.endsWith(".mp3");
    }

    /** Returns the audio files under {@code dir} (recursively), sorted by their path relative to {@code dir} with '/' separators. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(AudioFiles::isAudio)
                    .sorted((a, b) -> relative(dir, a).compareTo(relative(dir, b))).toList();
        }
    }

    /** Returns {@code file} relative to {@code dir} with '/' separators. */
    public static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
