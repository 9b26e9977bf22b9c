package dev.sonicsaviors.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Atomic file writes: the bytes go to a temporary file beside the target, which is then renamed over it. */
public final class AtomicFiles {

    /** Writes the content of a file to a stream; the stream is buffered and must not be closed by the body. */
    @FunctionalInterface
    public interface Body {
        /** Writes the whole content to {@code out}. */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically: creates missing parent folders, runs {@code body} into a temporary file
     * in the same folder, forces it to disk and renames it over {@code target}; on any failure the temporary file
     * is deleted and {@code target} is left as it was.
     */
    public static void write(Path target, Body body) throws IOException {
        Path tmp = temporaryBeside(target);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream raw = Channels.newOutputStream(ch);
                BufferedOutputStream out = new BufferedOutputStream(new NonClosing(raw), 1 << 16);
                body.write(out);
                out.flush();
                ch.force(true);
            }
            commit(tmp, target);
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Returns a fresh temporary path in the target's folder (created if missing), checking the target is a file path. */
    static Path temporaryBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new IOException(target + ": not a file path");
        }
        Files.createDirectories(dir);
        if (Files.isDirectory(abs)) {
            throw new IOException(target + ": is a directory");
        }
        return dir.resolve("." + abs.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
    }

    /** Renames a finished temporary file over the target, atomically where the file system allows it. */
    static void commit(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file if it exists, ignoring failures (used on error paths, where the first failure matters). */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the original failure is more useful than this one
        }
    }

    /** Stops a body from closing the channel before it is forced to disk. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
