package dev.sonicsaviors.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/** Decides whether an output path would replace an input file (same file after resolving links, or a hard link to it). */
final class SamePath {
    private SamePath() {
    }

    /**
     * Returns where {@code p} points once symbolic links are resolved: the real path of its longest existing prefix
     * followed by the parts that do not exist yet.
     */
    static Path resolved(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path out;
        try {
            out = existing == null ? abs.getRoot() : existing.toRealPath();
        } catch (IOException e) {
            return abs;
        }
        while (!missing.isEmpty()) {
            out = out.resolve(missing.pop());
        }
        return out;
    }

    /** Returns the input among {@code inputs} that writing {@code output} would replace, or null when there is none. */
    static Path replacedInput(Path output, Collection<Path> inputs) {
        Path out = resolved(output);
        for (Path in : inputs) {
            if (resolved(in).equals(out)) {
                return in;
            }
            try {
                if (Files.exists(output) && Files.exists(in) && Files.isSameFile(output, in)) {
                    return in; // a hard link
                }
            } catch (IOException ignored) {
                // cannot tell: the resolved paths differ, which is what counts for a rename
            }
        }
        return null;
    }
}
