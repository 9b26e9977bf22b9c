package dev.sonicsaviors.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
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

  private AtomicFiles() {}

  /**
   * Writes {@code target} atomically: creates missing parent folders, runs {@code body} into a temporary file
   * in the same folder, forces it to disk and renames it over {@code target}; on any failure the temporary file
   * is deleted and {@code target} is left as it was.
   */
  public static void write(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || abs.getFileName() == null) {
      throw new IOException(target + ": not a file path");
    }
    Files.createDirectories(dir);
    if (Files.isDirectory(abs)) {
      throw new IOException(target + ": is a directory");
    }
    Path tmp = dir.resolve("." + abs.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
    boolean done = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream raw = Channels.newOutputStream(ch);
        BufferedOutputStream out = new BufferedOutputStream(new NonClosing(raw), 1 << 16);
        body.write(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the original failure is more useful than this one
        }
      }
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
