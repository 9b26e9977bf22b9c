package dev.sonicsaviors.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file writes: the bytes go to a temporary file beside the target, which is then renamed over it. Every temporary
 * file still open is deleted when the JVM shuts down (Ctrl-C, SIGTERM), and none is created after that.
 */
public final class AtomicFiles {
    /** Code points of the target's name kept in a temporary's name, so that it stays far below 255 bytes. */
    private static final int NAME_KEPT = 32;
    /** Guards {@link #LIVE} and {@link #shuttingDown}. */
    private static final Object LOCK = new Object();
    /** Temporary files created and neither committed nor deleted yet. */
    private static final Set<Path> LIVE = new LinkedHashSet<>();
    private static boolean shuttingDown;
    private static boolean hookAdded;

    /** A temporary file open for writing beside its target. */
    record Temporary(Path path, FileChannel channel) {
    }

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
        Temporary t = createTemporary(target);
        Path tmp = t.path();
        boolean done = false;
        try {
            try (FileChannel ch = t.channel()) {
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

    /**
     * Creates a fresh temporary file in the target's folder (created if missing) and opens it for writing, checking that
     * the target is a file path; its name keeps at most the first 32 characters of the target's name, so it cannot pass
     * the file system's name limit, and errors name the target, not the temporary.
     */
    static Temporary createTemporary(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null || target.toString().isEmpty()) {
            throw new IOException(target + ": not a file path");
        }
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException(target + ": " + e.getFile() + " is not a folder", e);
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(target + ": is a directory");
        }
        String name = abs.getFileName().toString();
        int keep = name.offsetByCodePoints(0, Math.min(NAME_KEPT, name.codePointCount(0, name.length())));
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new IOException(target + ": not written, the program is shutting down");
            }
            addHook();
            for (int attempt = 0; ; attempt++) {
                Path tmp = dir.resolve("." + name.substring(0, keep) + "."
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
                try {
                    FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    LIVE.add(tmp);
                    return new Temporary(tmp, ch);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (attempt > 8) {
                        throw new IOException(target + ": cannot create a temporary file beside it", e);
                    }
                } catch (java.nio.file.AccessDeniedException e) {
                    throw new java.nio.file.AccessDeniedException(target.toString(), null, "cannot write in " + dir);
                } catch (IOException e) {
                    throw new IOException(target + ": cannot be written (" + reason(e) + ")", e);
                }
            }
        }
    }

    /**
     * Creates an empty temporary file in the system's temporary folder that is deleted at shutdown (Ctrl-C, SIGTERM) unless
     * {@link #deleteTracked} deleted it first; for copies of standard input and output.
     */
    public static Path createTrackedTempFile(String prefix, String suffix) throws IOException {
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new IOException("not started, the program is shutting down");
            }
            addHook();
            Path p = Files.createTempFile(prefix, suffix);
            LIVE.add(p);
            return p;
        }
    }

    /** Deletes a file made by {@link #createTrackedTempFile} (quietly) and stops tracking it. */
    public static void deleteTracked(Path file) {
        deleteQuietly(file);
    }

    /**
     * Deletes every temporary file not yet committed and refuses to create new ones from now on; returns how many were
     * deleted. Called by the shutdown hook (Ctrl-C, SIGTERM) and by the command line's own interrupt report.
     */
    public static int removeTemporaries() {
        List<Path> doomed;
        synchronized (LOCK) {
            shuttingDown = true;
            doomed = new ArrayList<>(LIVE);
            LIVE.clear();
        }
        int n = 0;
        for (Path p : doomed) {
            try {
                n += Files.deleteIfExists(p) ? 1 : 0;
            } catch (IOException ignored) {
                // best effort during shutdown
            }
        }
        return n;
    }

    /** Registers the JVM shutdown hook that removes unfinished temporaries (once; called under LOCK). */
    private static void addHook() {
        if (!hookAdded) {
            hookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::removeTemporaries, "sonic-remove-temporaries"));
        }
    }

    /** Renames a finished temporary file over the target, atomically where the file system allows it. */
    static void commit(Path temp, Path target) throws IOException {
        try {
            try {
                Files.move(temp, target.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(target + ": not written (its temporary file was removed, the program is shutting down?)", e);
        } catch (IOException e) {
            throw new IOException(target + ": cannot be written (" + reason(e) + ")", e);
        } finally {
            synchronized (LOCK) {
                LIVE.remove(temp);
            }
        }
    }

    /** Returns the reason an I/O call failed, without the temporary's name or a Java class name. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : m;
    }

    /** Deletes a file if it exists, ignoring failures (used on error paths, where the first failure matters). */
    static void deleteQuietly(Path file) {
        synchronized (LOCK) {
            LIVE.remove(file);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the original failure is more useful than this one
        }
    }

    /** Abandons a temporary file: closes {@code writer} (its bytes go nowhere, so a failure is ignored) and deletes {@code temp}. */
    static void discard(Closeable writer, Path temp) {
        try {
            writer.close();
        } catch (IOException ignored) {
            // the temporary file is deleted below either way
        }
        deleteQuietly(temp);
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
