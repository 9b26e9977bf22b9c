package dev.sonicsaviors.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the streaming audio writers share: frames go to a temporary file beside the target, {@link #commit()} lets the
 * format finish the file ({@link #finish()}), forces it to disk and renames it over the target, and closing without a
 * commit deletes the temporary file, so no partial output is ever left. Not thread-safe.
 */
abstract class TemporaryFileWriter implements AudioFileWriter {
    /** The file being written. */
    final Path target;
    /** The temporary file beside it that receives the bytes. */
    final Path temp;
    /** The temporary file's channel. */
    final FileChannel channel;
    /** Channels per frame. */
    final int channels;
    /** Frames written so far. */
    long frames;
    private boolean committed;
    private boolean closed;

    TemporaryFileWriter(Path target, Path temp, FileChannel channel, int channels) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.channels = channels;
    }

    @Override
    public final long frames() {
        return frames;
    }

    /**
     * Throws IllegalStateException after a commit or close, and IllegalArgumentException unless {@code x} holds one array
     * per channel, each with frames {@code [offset, offset + n)}, none of them NaN (named by its index in the file).
     */
    final void checkWrite(float[][] x, int offset, int n) {
        checkOpen();
        Objects.requireNonNull(x, "frames");
        if (x.length != channels) {
            throw new IllegalArgumentException("got " + x.length + " channels, the file has " + channels);
        }
        for (int c = 0; c < channels; c++) {
            float[] v = Objects.requireNonNull(x[c], "channel " + c);
            Objects.checkFromIndexSize(offset, n, v.length);
            for (int i = offset; i < offset + n; i++) {
                if (Float.isNaN(v[i])) {
                    throw new IllegalArgumentException("NaN sample at index " + (frames + i - offset) + " of channel " + c);
                }
            }
        }
    }

    private void checkOpen() {
        if (committed || closed) {
            throw new IllegalStateException(target + ": already " + (committed ? "committed" : "closed"));
        }
    }

    /** Writes what the format needs after the last frame (pending samples, the final header) into the temporary file. */
    abstract void finish() throws IOException;

    /** Finishes the file, forces it to disk and renames it over the target (atomically where the file system allows it). */
    @Override
    public final void commit() throws IOException {
        checkOpen();
        finish();
        channel.force(true);
        channel.close();
        AtomicFiles.commit(temp, target);
        committed = true;
        closed = true;
    }

    /** Closes the writer; without a successful {@link #commit()} the temporary file is deleted and the target left as it was. */
    @Override
    public final void close() {
        if (committed) {
            return;
        }
        closed = true;
        AtomicFiles.discard(channel, temp);
    }
}
