package dev.sonicsaviors.io;

import java.io.Closeable;
import java.io.IOException;

/**
 * An audio file being written block by block into a temporary file beside its target: {@link #commit()} finishes it and
 * renames it over the target; closing without a commit deletes the temporary file and leaves the target as it was.
 */
public interface AudioFileWriter extends AudioSink, Closeable {

    /** Returns the number of frames (samples per channel) written so far. */
    long frames();

    /** Finishes the file, forces it to disk and renames it over the target (atomically where the file system allows). */
    void commit() throws IOException;

    /** Closes the writer; without a successful {@link #commit()} the temporary file is deleted. */
    @Override
    void close();

    /**
     * Starts writing {@code target} in {@code format} with {@code channels} channels at {@code sampleRate} Hz (see
     * {@link WavStreamWriter#create} and {@link FlacStreamWriter#create}).
     */
    static AudioFileWriter create(java.nio.file.Path target, OutputFormat format, int channels, int sampleRate) throws IOException {
        return format.flac()
                ? FlacStreamWriter.create(target, channels, sampleRate, format.bits())
                : WavStreamWriter.create(target, channels, sampleRate, format.bits());
    }
}
